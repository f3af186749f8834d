import { MessageRepository, type MessageView } from "../db/repositories/messages";
import type { Db } from "../db/client";
import { cacheKeys, type CacheService } from "./cache";
import { CONTEXT_MESSAGES } from "./persona";

// The context window chat reads every turn (one extra row, see D1ContextLoader).
const CONTEXT_ROWS = CONTEXT_MESSAGES + 1;
const CONTEXT_TTL_SECONDS = 300;

/**
 * Messages with the conversation context (its last messages) cached, as the seed did in
 * Redis. Every insert goes through here and invalidates it, so chat never sees a stale window.
 */
export class CachedMessageRepository extends MessageRepository {
  constructor(
    db: Db,
    private readonly cache: CacheService,
  ) {
    super(db);
  }

  override async insert(input: Parameters<MessageRepository["insert"]>[0]): Promise<MessageView> {
    const message = await super.insert(input);
    await this.cache.invalidate(cacheKeys.conversationContext(input.conversationId));
    return message;
  }

  override memory(conversationId: string, n: number, at?: number): Promise<MessageView[]> {
    if (n !== CONTEXT_ROWS || at !== undefined) return super.memory(conversationId, n, at);
    return this.cache.cached(cacheKeys.conversationContext(conversationId), CONTEXT_TTL_SECONDS, () => super.memory(conversationId, n));
  }
}
