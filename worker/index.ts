import { createApp } from "./app";
import type { Env } from "./env";
import { buildServices } from "./container";
import { handleJobBatch, sweepExpiredJobs } from "../queue-consumers";
import "../queue-consumers/handlers";

export { UserHub } from "./platform/realtime/user-hub";
export { CacheStore } from "./platform/cache/durable-object";
export { RateLimitStore } from "./platform/rate-limit/durable-object";
export { ConversationRoom } from "./platform/realtime/conversation-room";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    await handleJobBatch(batch, buildServices(env));
  },
  // Cron Trigger (wrangler.toml [triggers]); locally `wrangler dev --test-scheduled`, then GET /__scheduled.
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(
      sweepExpiredJobs(buildServices(env)).then((r) => {
        if (r.requeued || r.failed) console.log(JSON.stringify({ level: "info", msg: "swept expired jobs", ...r }));
      }),
    );
  },
} satisfies ExportedHandler<Env>;
