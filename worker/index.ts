import { createApp } from "./app";
import type { Env } from "./env";
import { buildServices } from "./middleware/services";
import { handleJobBatch } from "../queue-consumers";
import "../queue-consumers/handlers";

export { UserHub } from "./realtime/user-hub";
export { CacheStore } from "./adapters/local-cache";
export { RateLimitStore } from "./adapters/local-rate-limiter";
export { ConversationRoom } from "./realtime/conversation-room";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    await handleJobBatch(batch, buildServices(env));
  },
} satisfies ExportedHandler<Env>;
