import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis/cloudflare";
import type { Admission, AdmitOptions, RateLimiter, RateLimitResult } from "./port";
import { type Leased, type LeaseLender, LeasePool, LEASE_GRACE_MS, LEASE_MAX_MS } from "./leases";
import { CircuitBreaker } from "../../shared/circuit-breaker";

/**
 * admit() in one request: @upstash/ratelimit's sliding window (same arithmetic: this window's
 * count plus the previous one's, weighted by how much of it still overlaps) and the scope's epoch,
 * in one script. A scope seen for the first time starts at the clock (as in the Durable Object), so
 * an evicted epoch key can only move forward. ARGV[8] = 1 counts a request (admit), 0 only lends
 * (a background borrow). With want > 0 it lends up to that many more permits (counted at once)
 * until `ms` from now, recorded in the scope's lease hash as "expires:permits:epoch:counter".
 * Returns {remaining or -1, epoch, permits lent, ms, wait}: a refusal while this counter's
 * permits are out on lease says how long they may stay out (the caller asks again).
 */
const ADMIT_SCRIPT = `
local current = tonumber(redis.call("GET", KEYS[1]) or "0")
local previous = tonumber(redis.call("GET", KEYS[2]) or "0")
local limit = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local want = tonumber(ARGV[4])
local leaseMs = tonumber(ARGV[5])
local grace = tonumber(ARGV[6])
local own = tonumber(ARGV[8])
local epoch = redis.call("GET", KEYS[3])
if not epoch then
  epoch = ARGV[2]
  redis.call("SET", KEYS[3], epoch)
end
previous = math.floor((1 - (now % window) / window) * previous)
local used = current + previous
if used + 1 > limit then
  local wait = 0
  local leases = redis.call("HGETALL", KEYS[4])
  for i = 2, #leases, 2 do
    local expires, counter = string.match(leases[i], "^(%d+):%d+:%d+:(.*)$")
    if counter == KEYS[1] and tonumber(expires) > now then wait = math.max(wait, tonumber(expires) - now) end
  end
  return {-1, epoch, 0, 0, wait}
end
if own == 1 then
  local n = redis.call("INCR", KEYS[1])
  if n == 1 then redis.call("PEXPIRE", KEYS[1], window * 2 + 1000) end
  used = n + previous
end
local remaining = limit - used
local lent = 0
local ms = math.min(leaseMs, (math.floor(now / window) + 1) * window - now - grace)
if want > 0 and ms >= leaseMs / 4 then
  lent = math.min(want, math.floor(remaining / 4))
  if lent > 0 then
    if redis.call("INCRBY", KEYS[1], lent) == lent then redis.call("PEXPIRE", KEYS[1], window * 2 + 1000) end
    redis.call("HSET", KEYS[4], ARGV[7], string.format("%d:%d:%d:%s", now + ms + grace, lent, tonumber(epoch), KEYS[1]))
    redis.call("PEXPIRE", KEYS[4], 60000)
  end
end
return {remaining, epoch, lent, ms, 0}
`;

/** Gives back ARGV[2] unused permits of lease ARGV[1] (KEYS: the scope's lease hash, the counter they were counted in). */
const RELEASE_SCRIPT = `
local v = redis.call("HGET", KEYS[1], ARGV[1])
if not v then return 0 end
redis.call("HDEL", KEYS[1], ARGV[1])
local unused = math.min(tonumber(ARGV[2]), tonumber(string.match(v, "^%d+:(%d+):")))
if unused > 0 and redis.call("EXISTS", KEYS[2]) == 1 then redis.call("DECRBY", KEYS[2], unused) end
return 1
`;

/**
 * Returns the caller's own leases (KEYS[3..], ARGV pairs id, unused), raises the epoch, and says
 * how long until no lease lent under an older epoch can still be spent: {epoch, wait}.
 */
const BUMP_SCRIPT = `
local now = tonumber(ARGV[1])
for i = 3, #KEYS do
  local id = ARGV[2 * (i - 3) + 2]
  local v = redis.call("HGET", KEYS[2], id)
  if v then
    redis.call("HDEL", KEYS[2], id)
    local unused = math.min(tonumber(ARGV[2 * (i - 3) + 3]), tonumber(string.match(v, "^%d+:(%d+):")))
    if unused > 0 and redis.call("EXISTS", KEYS[i]) == 1 then redis.call("DECRBY", KEYS[i], unused) end
  end
end
local e = tonumber(redis.call("GET", KEYS[1]) or "0")
local n = math.max(e + 1, now)
redis.call("SET", KEYS[1], string.format("%d", n))
local wait = 0
local leases = redis.call("HGETALL", KEYS[2])
for i = 2, #leases, 2 do
  local expires, lepoch = string.match(leases[i], "^(%d+):%d+:(%d+):")
  expires = tonumber(expires)
  if expires <= now then
    if now - expires > 10000 then redis.call("HDEL", KEYS[2], leases[i - 1]) end
  elseif tonumber(lepoch) < n then
    wait = math.max(wait, expires - now)
  end
end
return {n, wait}
`;

/** How often a refused request asks again while the counter's permits are out on lease. */
const REFUSAL_POLL_MS = 25;

const sha1Hex = async (s: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-1", new TextEncoder().encode(s)))].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Rate limiter port on @upstash/ratelimit (sliding window). One Ratelimit per (limit, window)
 * pair, kept for the isolate's life so its ephemeral cache of blocked identifiers is reused.
 */
export class UpstashRateLimiter implements RateLimiter {
  private readonly limiters = new Map<string, Ratelimit>();
  private readonly leases = new LeasePool();

  constructor(
    private readonly redis: Redis,
    private readonly breaker = new CircuitBreaker(),
    private readonly prefix = "ds:rl",
  ) {}

  async limit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const r = await this.breaker.run(() => this.limiter(limit, windowSeconds).limit(key));
    return { success: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset };
  }

  admit(key: string, limit: number, windowSeconds: number, scope: string, opts?: AdmitOptions): Promise<Admission> {
    return this.leases.admit(this.lender, `${limit}/${windowSeconds}:${key}`, limit, windowSeconds * 1000, scope, opts?.waitUntil);
  }

  private readonly lender: LeaseLender = {
    admit: (k, limit, windowMs, scope, want, leaseMs) => this.gate(k, limit, windowMs, scope, want, leaseMs, true),
    borrow: (k, limit, windowMs, scope, want, leaseMs) => this.gate(k, limit, windowMs, scope, want, leaseMs, false),
    release: (k, scope, lease, unused) =>
      this.breaker.run(() => this.script(RELEASE_SCRIPT, [this.leasesKey(scope), this.counterKey(k, lease.window)], [lease.id, unused])),
  };

  /** ADMIT_SCRIPT; a refusal while this counter's permits are out on lease asks again once some may be back. */
  private async gate(k: string, limit: number, windowMs: number, scope: string, want: number, leaseMs: number, own: boolean): Promise<Leased> {
    const id = want > 0 ? crypto.randomUUID() : "";
    for (;;) {
      const now = Date.now();
      const w = Math.floor(now / windowMs);
      const [remaining, epoch, lent, ms, wait] = await this.breaker.run(() =>
        this.script<[number, string | number, number, number, number]>(
          ADMIT_SCRIPT,
          [this.counterKey(k, w), this.counterKey(k, w - 1), this.epochKey(scope), this.leasesKey(scope)],
          [limit, now, windowMs, want, Math.min(leaseMs, LEASE_MAX_MS), LEASE_GRACE_MS, id, own ? 1 : 0],
        ),
      );
      if (remaining < 0 && wait > 0 && own) {
        await new Promise((r) => setTimeout(r, Math.min(wait, REFUSAL_POLL_MS)));
        continue;
      }
      const admission: Leased = { success: remaining >= 0, limit, remaining: Math.max(0, remaining), reset: (w + 1) * windowMs, epoch: Number(epoch) };
      if (lent > 0) admission.lease = { id, permits: lent, ms, window: w };
      return admission;
    }
  }

  /** Raises the epoch with this isolate's own leases of the scope returned; answers once no older lease can be spent anywhere. */
  async bump(scope: string): Promise<void> {
    const returned = this.leases.takeScope(scope);
    const [, wait] = await this.breaker.run(() =>
      this.script<[number, number]>(
        BUMP_SCRIPT,
        [this.epochKey(scope), this.leasesKey(scope), ...returned.map((r) => this.counterKey(r.key, r.window))],
        [Date.now(), ...returned.flatMap((r) => [r.id, r.unused])],
      ),
    );
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  private counterKey(k: string, window: number) {
    return `${this.prefix}:gate:${k}:${window}`;
  }

  private leasesKey(scope: string) {
    return `${this.prefix}:leases:${scope}`;
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
