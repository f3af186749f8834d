import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";
import type { RateLimiter, RateLimitResult } from "./port";
import { CircuitBreaker } from "../../shared/circuit-breaker";

/**
 * Rate limiter port on @upstash/ratelimit (sliding window). One Ratelimit per (limit, window)
 * pair, kept for the isolate's life so its ephemeral cache of blocked identifiers is reused.
 */
export class UpstashRateLimiter implements RateLimiter {
  private readonly limiters = new Map<string, Ratelimit>();

  constructor(
    private readonly redis: Redis,
    private readonly breaker = new CircuitBreaker(),
    private readonly prefix = "ds:rl",
  ) {}

  async limit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const r = await this.breaker.run(() => this.limiter(limit, windowSeconds).limit(key));
    return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
  }

  private limiter(limit: number, windowSeconds: number): Ratelimit {
    const id = `${limit}/${windowSeconds}`;
    let rl = this.limiters.get(id);
    if (!rl) {
      rl = new Ratelimit({
        redis: this.redis,
        limiter: Ratelimit.slidingWindow(limit, `${windowSeconds} s`),
        prefix: `${this.prefix}:${id}`,
        ephemeralCache: new Map(),
        analytics: false,
        // Fails open after this long (the library answers success with reason "timeout").
        timeout: 2000,
      });
      this.limiters.set(id, rl);
    }
    return rl;
  }
}
