import { DurableObject } from "cloudflare:workers";
import type { Admission, RateLimiter, RateLimitResult } from "./port";
import { shardFor } from "../../shared/shards";

const SHARDS = 16;
const SWEEP_MS = 5 * 60_000;

/**
 * Local rate-limit counters: the same sliding-window approximation as @upstash/ratelimit (this
 * window's count plus the previous window's, weighted by how much of it still overlaps), kept in
 * Durable Object SQLite storage. A Durable Object runs one call at a time, so read-check-increment
 * is atomic across isolates, unlike a per-isolate Map.
 */
export class RateLimitStore extends DurableObject<unknown> {
  private sweepScheduled = false;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS counters (key TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (key, window))",
    );
    // Epochs are never swept: one must never go back to a value an isolate may still hold copies under.
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS epochs (scope TEXT PRIMARY KEY, epoch INTEGER NOT NULL)");
  }

  /** `hit` and the scope's epoch in one call (RateLimiter.admit). */
  async admit(key: string, limit: number, windowMs: number, scope: string): Promise<Admission> {
    return { ...(await this.hit(key, limit, windowMs)), epoch: this.epoch(scope) };
  }

  /** A scope seen for the first time starts at the clock, so a lost row can only ever move its epoch forward. */
  private epoch(scope: string): number {
    const row = this.ctx.storage.sql.exec<{ epoch: number }>("SELECT epoch FROM epochs WHERE scope = ?", scope).toArray()[0];
    if (row) return row.epoch;
    const epoch = Date.now();
    this.ctx.storage.sql.exec("INSERT INTO epochs (scope, epoch) VALUES (?, ?)", scope, epoch);
    return epoch;
  }

  bump(scope: string): void {
    this.ctx.storage.sql.exec(
      "INSERT INTO epochs (scope, epoch) VALUES (?1, ?2) ON CONFLICT (scope) DO UPDATE SET epoch = max(epoch + 1, ?2)",
      scope,
      Date.now(),
    );
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const now = Date.now();
    const current = Math.floor(now / windowMs);
    const counts = new Map<number, number>();
    for (const r of this.ctx.storage.sql.exec<{ window: number; count: number }>(
      "SELECT window, count FROM counters WHERE key = ? AND window IN (?, ?)",
      key,
      current,
      current - 1,
    )) {
      counts.set(r.window, r.count);
    }
    const inCurrent = counts.get(current) ?? 0;
    const fromPrevious = Math.floor((1 - (now % windowMs) / windowMs) * (counts.get(current - 1) ?? 0));
    const reset = (current + 1) * windowMs;
    if (inCurrent + fromPrevious >= limit) return { success: false, limit, remaining: 0, reset };
    this.ctx.storage.sql.exec(
      "INSERT INTO counters (key, window, count, expires_at) VALUES (?, ?, 1, ?) ON CONFLICT (key, window) DO UPDATE SET count = count + 1",
      key,
      current,
      (current + 2) * windowMs,
    );
    if (!this.sweepScheduled) {
      this.sweepScheduled = true;
      if ((await this.ctx.storage.getAlarm()) == null) await this.ctx.storage.setAlarm(now + SWEEP_MS);
    }
    return { success: true, limit, remaining: Math.max(0, limit - (inCurrent + 1 + fromPrevious)), reset };
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.ctx.storage.sql.exec("DELETE FROM counters WHERE expires_at <= ?", now);
    const left = this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM counters").one().n;
    this.sweepScheduled = left > 0;
    if (left > 0) await this.ctx.storage.setAlarm(now + SWEEP_MS);
  }
}

/** Rate limiter port over the RateLimitStore Durable Objects (the default when Upstash is not configured). */
export class DurableObjectRateLimiter implements RateLimiter {
  constructor(private readonly ns: DurableObjectNamespace<RateLimitStore>) {}

  limit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    // The limit is part of the key, as with Upstash's prefix, so two policies never share counters.
    const k = `${limit}/${windowSeconds}:${key}`;
    return shardFor(this.ns, k, SHARDS).hit(k, limit, windowSeconds * 1000);
  }

  admit(key: string, limit: number, windowSeconds: number, scope: string): Promise<Admission> {
    // Sharded by the scope, so bump(scope) reaches the object that answers admit for it.
    const k = `${limit}/${windowSeconds}:${key}`;
    return shardFor(this.ns, `epoch:${scope}`, SHARDS).admit(k, limit, windowSeconds * 1000, scope);
  }

  async bump(scope: string): Promise<void> {
    await shardFor(this.ns, `epoch:${scope}`, SHARDS).bump(scope);
  }
}
