/** A key/value cache with per-entry TTL holding JSON values (Upstash Redis in the cloud, a Durable Object locally). */
export interface Cache {
  get<T = unknown>(key: string): Promise<T | null>;
  /**
   * Stores a JSON value for `ttlSeconds`. With `onlyIfAbsent` it writes only when no live entry
   * exists (SET NX) and tells whether it wrote; cache fills use it so they never overwrite an invalidation.
   */
  set(key: string, value: unknown, opts: { ttlSeconds: number; onlyIfAbsent?: boolean }): Promise<boolean>;
  del(key: string): Promise<void>;
}

type Entry<T> = { v: T } | { gone: 1 };

/** How long an invalidation blocks refills: longer than any database read racing with the write. */
const TOMBSTONE_TTL_SECONDS = 10;

/** Cache keys, versioned so a change of cached shape never reads an old entry. */
export const cacheKeys = {
  profile: (userId: string) => `v1:profile:${userId}`,
  session: (sessionId: string) => `v1:session:${sessionId}`,
  /** For chat: the last messages of a conversation (invalidate on new message / delete). */
  conversationContext: (conversationId: string) => `v1:conv-context:${conversationId}`,
};

/**
 * Cache-aside over the Cache port, for services. Never throws because of the cache: a failing
 * backend means a miss (the loader reads D1) and a skipped write, so callers cannot get a 5xx
 * from it. Invalidation writes a short tombstone instead of deleting, and fills only write when
 * the key is absent (NX), so a read that loaded old data just before a write cannot put it back.
 */
export class CacheService {
  private lastWarn = 0;

  constructor(private readonly port: Cache) {}

  async cached<T>(key: string, ttlSeconds: number, loader: () => Promise<T>): Promise<T> {
    const hit = await this.safe("get", () => this.port.get<Entry<T>>(key), null);
    if (hit && "v" in hit) return hit.v;
    const value = await loader();
    // A tombstone means "recently changed": serve from the loader without filling.
    if (!hit && value !== undefined) await this.safe("set", () => this.port.set(key, { v: value }, { ttlSeconds, onlyIfAbsent: true }), false);
    return value;
  }

  /** Makes the next read of `key` come from the source of truth. */
  async invalidate(key: string): Promise<void> {
    await this.safe("invalidate", () => this.port.set(key, { gone: 1 }, { ttlSeconds: TOMBSTONE_TTL_SECONDS }), false);
  }

  private async safe<R>(op: string, fn: () => Promise<R>, fallback: R): Promise<R> {
    try {
      return await fn();
    } catch (err) {
      // One line every 10 s per isolate is enough to notice an outage without flooding logs.
      if (Date.now() - this.lastWarn > 10_000) {
        this.lastWarn = Date.now();
        console.warn(JSON.stringify({ level: "warn", msg: `cache ${op} failed; serving from the database`, error: String(err) }));
      }
      return fallback;
    }
  }
}
