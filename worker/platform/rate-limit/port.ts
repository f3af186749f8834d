export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds at which the current window ends. */
  reset: number;
}

/** What `admit` answers: the limit check plus the scope's current epoch (see RateLimiter.admit). */
export interface Admission extends RateLimitResult {
  epoch: number;
}

export interface AdmitOptions {
  /**
   * The request's waitUntil. With it an adapter may lend this isolate permits for later requests
   * of the same key, to spend without a round trip; it returns the unspent ones under this.
   */
  waitUntil?: (p: Promise<unknown>) => void;
}

/** Sliding-window request counter shared by every isolate (Upstash Ratelimit in the cloud, a Durable Object locally). */
export interface RateLimiter {
  /** Counts one request for `key`; `success` is false once `limit` requests fell in the last `windowSeconds`. */
  limit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  /**
   * The authenticated hot path's one round trip: counts one request for `key` exactly as `limit`
   * does and, in the same call, reads `scope`'s epoch: a number that `bump(scope)` raises
   * whenever data cached for the scope (a user's sessions, profile) changes. An isolate may serve
   * its own copy of such data only while the epoch it was stored under is still the current one,
   * so an update or a logout anywhere is seen by every isolate's next request. A key is always
   * admitted under the same scope (the local adapter keeps both in the scope's object).
   */
  admit(key: string, limit: number, windowSeconds: number, scope: string, opts?: AdmitOptions): Promise<Admission>;
  /** Raises `scope`'s epoch (after the change is written), so no isolate serves older copies. */
  bump(scope: string): Promise<void>;
}
