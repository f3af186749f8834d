// The Worker's entry: HTTP (the app, plus the QStash push route of the job runner), the queue
// consumer, the cron sweeper, and the Durable Object classes wrangler.toml binds.
import { createApp } from "./app";
import type { Env } from "./env";
import { buildContainer } from "./container";
import { ConversationRoomObject } from "./platform/realtime/conversation-room";
import { handleJobBatch, internalJobRoutes, jobRuntime, sweepExpiredJobs } from "../queue-consumers";

export { UserHub } from "./platform/realtime/user-hub";
export { CacheStore } from "./platform/cache/durable-object";
export { RateLimitStore } from "./platform/rate-limit/durable-object";

/** The conversation's Durable Object, given the chat module's socket handler (never the whole container). */
export class ConversationRoom extends ConversationRoomObject<Env> {
  protected handler() {
    return buildContainer(this.env).chat.roomHandler;
  }
}

const app = createApp();
app.route("/internal/jobs", internalJobRoutes);

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    await handleJobBatch(batch, jobRuntime(buildContainer(env)));
  },
  // Cron Trigger (wrangler.toml [triggers]); locally `wrangler dev --test-scheduled`, then GET /__scheduled.
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(
      sweepExpiredJobs(jobRuntime(buildContainer(env))).then((r) => {
        if (r.requeued || r.failed) console.log(JSON.stringify({ level: "info", msg: "swept expired jobs", ...r }));
      }),
    );
  },
} satisfies ExportedHandler<Env>;
