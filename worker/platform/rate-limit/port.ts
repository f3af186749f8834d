export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds at which the current window ends. */
  reset: number;
}

/** Sliding-window request counter shared by every isolate (Upstash Ratelimit in the cloud, a Durable Object locally). */
export interface RateLimiter {
  /** Counts one request for `key`; `success` is false once `limit` requests fell in the last `windowSeconds`. */
  limit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
}
