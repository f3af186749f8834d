import { DurableObject } from "cloudflare:workers";
import type { Admission, RateLimiter, RateLimitResult } from "./port";
import { shardFor } from "../../shared/shards";

const SHARDS = 16;
const SWEEP_MS = 5 * 60_000;
/**
 * How long counts may wait in memory before they are written to storage (one write per batch, not
 * per request). Each write is a storage commit that holds the runtime's thread for a few ms (about
 * 5 ms here, and 7% of the CPU of `npm run bench api` at 100 ms); the cost of a longer wait is only
 * that a restarted object forgets at most this much of a 60 s window's counts.
 */
export const FLUSH_MS = 1000;

/**
 * Local rate-limit counters: the same sliding-window approximation as @upstash/ratelimit (this
 * window's count plus the previous window's, weighted by how much of it still overlaps). A Durable
 * Object runs one call at a time, so read-check-increment is atomic across isolates, unlike a
 * per-isolate Map.
 *
 * The object's memory is the authority for its keys: a key's counts are read from SQLite once,
 * then counted in memory and written behind, at most FLUSH_MS later, in one write for every key
 * that moved. A storage write per request made every response wait for its commit (the output
 * gate), and all of one user's requests queue on one object: that commit was most of the cost of
 * an authenticated request under load. Epochs are read through the same way, but a bump is
 * written before it answers, so an epoch never goes back, even across a restart.
 */
export class RateLimitStore extends DurableObject<unknown> {
  private sweepScheduled = false;
  /** key → its window length and (window → count), for every key this instance has read. */
  private readonly counts = new Map<string, { windowMs: number; windows: Map<number, number> }>();
  /** `${key}\u0000${window}` of counts changed since the last flush. */
  private readonly dirty = new Map<string, { key: string; window: number; expiresAt: number }>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly epochs = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS counters (key TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (key, window))",
    );
    // Epochs are never swept: one must never go back to a value an isolate may still hold copies under.
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS epochs (scope TEXT PRIMARY KEY, epoch INTEGER NOT NULL)");
  }

  /** `hit` and the scope's epoch in one call (RateLimiter.admit). */
  admit(key: string, limit: number, windowMs: number, scope: string): Admission {
    const r = this.hit(key, limit, windowMs) as Admission;
    r.epoch = this.epoch(scope);
    return r;
  }

  /** A scope seen for the first time starts at the clock, so a lost row can only ever move its epoch forward. */
  private epoch(scope: string): number {
    const known = this.epochs.get(scope);
    if (known !== undefined) return known;
    const row = this.ctx.storage.sql.exec<{ epoch: number }>("SELECT epoch FROM epochs WHERE scope = ?", scope).toArray()[0];
    let epoch = row?.epoch;
    if (epoch === undefined) {
      epoch = Date.now();
      this.ctx.storage.sql.exec("INSERT INTO epochs (scope, epoch) VALUES (?, ?)", scope, epoch);
    }
    this.epochs.set(scope, epoch);
    return epoch;
  }

  bump(scope: string): void {
    const epoch = this.ctx.storage.sql
      .exec<{ epoch: number }>(
        "INSERT INTO epochs (scope, epoch) VALUES (?1, ?2) ON CONFLICT (scope) DO UPDATE SET epoch = max(epoch + 1, ?2) RETURNING epoch",
        scope,
        Date.now(),
      )
      .one().epoch;
    this.epochs.set(scope, epoch);
  }

  /** The windows of `key` in memory, read from storage the first time this instance sees the key. */
  private windows(key: string, windowMs: number, current: number): Map<number, number> {
    const known = this.counts.get(key);
    if (known) return known.windows;
    const w = new Map<number, number>();
    for (const r of this.ctx.storage.sql.exec<{ window: number; count: number }>(
      "SELECT window, count FROM counters WHERE key = ? AND window IN (?, ?)",
      key,
      current,
      current - 1,
    )) {
      w.set(r.window, r.count);
    }
    this.counts.set(key, { windowMs, windows: w });
    return w;
  }

  hit(key: string, limit: number, windowMs: number): RateLimitResult {
    const now = Date.now();
    const current = Math.floor(now / windowMs);
    const w = this.windows(key, windowMs, current);
    const inCurrent = w.get(current) ?? 0;
    const fromPrevious = Math.floor((1 - (now % windowMs) / windowMs) * (w.get(current - 1) ?? 0));
    const reset = (current + 1) * windowMs;
    if (inCurrent + fromPrevious >= limit) return { success: false, limit, remaining: 0, reset };
    w.set(current, inCurrent + 1);
    this.dirty.set(`${key}\u0000${current}`, { key, window: current, expiresAt: (current + 2) * windowMs });
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
    return { success: true, limit, remaining: Math.max(0, limit - (inCurrent + 1 + fromPrevious)), reset };
  }

  /** Writes the counts that moved (one implicit transaction), and forgets windows no request can weigh any more. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.dirty.size === 0) return;
    const now = Date.now();
    for (const d of this.dirty.values()) {
      this.ctx.storage.sql.exec(
        "INSERT INTO counters (key, window, count, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (key, window) DO UPDATE SET count = excluded.count",
        d.key,
        d.window,
        this.counts.get(d.key)?.windows.get(d.window) ?? 0,
        d.expiresAt,
      );
    }
    this.dirty.clear();
    // Every count is stored now: a key whose windows have all ended is dropped and read again if it returns.
    for (const [key, { windowMs, windows }] of this.counts) {
      for (const window of windows.keys()) if (now >= (window + 2) * windowMs) windows.delete(window);
      if (windows.size === 0) this.counts.delete(key);
    }
    if (!this.sweepScheduled) {
      this.sweepScheduled = true;
      if ((await this.ctx.storage.getAlarm()) == null) await this.ctx.storage.setAlarm(now + SWEEP_MS);
    }
  }

  override async alarm(): Promise<void> {
    await this.flush();
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
