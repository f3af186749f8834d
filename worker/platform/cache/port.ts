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
