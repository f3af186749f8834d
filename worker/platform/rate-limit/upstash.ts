import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";
import type { Admission, RateLimiter, RateLimitResult } from "./port";
import { CircuitBreaker } from "../../shared/circuit-breaker";

/**
 * admit() in one request: @upstash/ratelimit's sliding window (same arithmetic: this window's
 * count plus the previous one's, weighted by how much of it still overlaps) and the scope's epoch,
 * in one script. A scope seen for the first time starts at the clock (as in the Durable Object), so
 * an evicted epoch key can only move forward. Returns {remaining or -1, epoch}.
 */
const ADMIT_SCRIPT = `
local current = tonumber(redis.call("GET", KEYS[1]) or "0")
local previous = tonumber(redis.call("GET", KEYS[2]) or "0")
local limit = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local epoch = redis.call("GET", KEYS[3])
if not epoch then
  epoch = ARGV[2]
  redis.call("SET", KEYS[3], epoch)
end
previous = math.floor((1 - (now % window) / window) * previous)
if current + previous >= limit then return {-1, epoch} end
local n = redis.call("INCR", KEYS[1])
if n == 1 then redis.call("PEXPIRE", KEYS[1], window * 2 + 1000) end
return {limit - (n + previous), epoch}
`;

const BUMP_SCRIPT = `
local e = tonumber(redis.call("GET", KEYS[1]) or "0")
local n = math.max(e + 1, tonumber(ARGV[1]))
redis.call("SET", KEYS[1], n)
return n
`;

const sha1Hex = async (s: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-1", new TextEncoder().encode(s)))].map((b) => b.toString(16).padStart(2, "0")).join("");

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

  async admit(key: string, limit: number, windowSeconds: number, scope: string): Promise<Admission> {
    const windowMs = windowSeconds * 1000;
    const now = Date.now();
    const w = Math.floor(now / windowMs);
    const base = `${this.prefix}:gate:${limit}/${windowSeconds}:${key}`;
    const [remaining, epoch] = await this.breaker.run(() =>
      this.script<[number, string | number]>(ADMIT_SCRIPT, [`${base}:${w}`, `${base}:${w - 1}`, this.epochKey(scope)], [limit, now, windowMs]),
    );
    const reset = (w + 1) * windowMs;
    return { success: remaining >= 0, limit, remaining: Math.max(0, remaining), reset, epoch: Number(epoch) };
  }

  async bump(scope: string): Promise<void> {
    await this.breaker.run(() => this.script(BUMP_SCRIPT, [this.epochKey(scope)], [Date.now()]));
  }

  private epochKey(scope: string) {
    return `${this.prefix}:epoch:${scope}`;
  }

  private readonly shas = new Map<string, string>();

  /** EVALSHA (the script's text is sent once per Redis, not per request), EVAL when Redis does not know it yet. */
  private async script<T>(script: string, keys: string[], args: (string | number)[]): Promise<T> {
    let sha = this.shas.get(script);
    if (!sha) this.shas.set(script, (sha = await sha1Hex(script)));
    try {
      return (await this.redis.evalsha(sha, keys, args)) as T;
    } catch (err) {
      if (!String(err).toLowerCase().includes("noscript")) throw err;
      return (await this.redis.eval(script, keys, args)) as T;
    }
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
