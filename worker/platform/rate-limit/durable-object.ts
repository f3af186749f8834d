import { DurableObject } from "cloudflare:workers";
import type { Admission, AdmitOptions, RateLimiter, RateLimitResult } from "./port";
import { shardFor } from "../../shared/shards";
import { type Leased, type LeaseLender, LeasePool, LEASE_GRACE_MS, LEASE_MAX_MS, LEASE_MS, lendable } from "./leases";

const SHARDS = 16;
/** How far ahead a scope's stored lease horizon is set (see lend). */
const LEASE_HORIZON_MS = 10_000;

/** A promise and its resolver (Promise.withResolvers is ES2024; the Worker's types stop at ES2023). */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = () => {};
  const promise = new Promise<void>((r) => (fire = r));
  return { promise, fire };
}

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
  /** Permits lent to isolates (see `lend`), by lease id, until returned or expired. */
  private readonly leases = new Map<string, { key: string; scope: string; epoch: number; window: number; permits: number; expiresAt: number }>();
  /** scope → a time by which every lease a previous instance of this object granted has ended (read once per scope). */
  private readonly inherited = new Map<string, number>();
  /** scope → the lease horizon this instance stored: every lease it lends under the scope ends before it. */
  private readonly horizons = new Map<string, number>();
  /** Leases of a previous instance were lent before this one started, so they end by then plus a lease. */
  private readonly bootedAt = Date.now();
  /** Resolved (and replaced) whenever a lease is returned, for calls waiting on `afterLeases`. */
  private returned = signal();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS counters (key TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (key, window))",
    );
    // Epochs are never swept: one must never go back to a value an isolate may still hold copies under.
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS epochs (scope TEXT PRIMARY KEY, epoch INTEGER NOT NULL)");
    // When each scope's last lease ends: what a restarted object must still wait for (its leases were in memory).
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS lease_ends (scope TEXT PRIMARY KEY, until INTEGER NOT NULL)");
  }

  /**
   * `hit` and the scope's epoch in one call (RateLimiter.admit). With `want`, an admitted call may
   * also borrow up to that many further permits for the caller's isolate to spend itself until the
   * lease ends (`lend`). A refusal while this key's permits are out on lease waits for them to come
   * back (or their lease to end), so a lease can delay a verdict but never change it: no more than
   * `limit` requests are ever admitted, and none is refused while a permit is unspent.
   */
  admit(key: string, limit: number, windowMs: number, scope: string, want = 0, leaseMs = LEASE_MS): Leased | Promise<Leased> {
    const r = this.hit(key, limit, windowMs) as Leased;
    if (!r.success && this.leasedOut((l) => l.key === key)) {
      return this.afterLeases((l) => l.key === key).then(() => this.admit(key, limit, windowMs, scope, want, leaseMs));
    }
    r.epoch = this.epoch(scope);
    if (r.success && want > 0) this.lend(r, key, scope, windowMs, want, leaseMs);
    return r;
  }

  /**
   * Lends up to `want` permits without admitting a request of its own: an isolate topping up its
   * pool in the background (LeasePool.ask) before it runs dry. `remaining` is what was left
   * before the loan, so the first lent permit's place is one below it, as after an admit.
   */
  borrow(key: string, limit: number, windowMs: number, scope: string, want: number, leaseMs = LEASE_MS): Leased {
    const r = this.take(key, limit, windowMs, 0) as Leased;
    r.epoch = this.epoch(scope);
    if (r.success) this.lend(r, key, scope, windowMs, want, leaseMs);
    return r;
  }

  /**
   * Lends `r`'s caller up to `want` permits (at most `lendable` of r.remaining), set as r.lease:
   * counted for `key` now, to be spent by the borrowing isolate within `ms`, and
   * within this window (a permit spent in the next one would be counted in the wrong window).
   * The object keeps the lease `LEASE_GRACE_MS` longer than the isolate uses it: the isolate
   * counts from before it sent the call, and its clock only moves at I/O.
   */
  private lend(r: Leased, key: string, scope: string, windowMs: number, want: number, leaseMs: number): void {
    const { epoch } = r;
    const n = Math.min(want, lendable(r.remaining));
    const now = Date.now();
    const current = Math.floor(now / windowMs);
    const ms = Math.min(leaseMs, LEASE_MAX_MS, (current + 1) * windowMs - now - LEASE_GRACE_MS);
    if (n <= 0 || ms < LEASE_MS / 4) return;
    const w = this.windows(key, windowMs, current);
    this.count(key, w, current, windowMs, (w.get(current) ?? 0) + n);
    const expiresAt = now + ms + LEASE_GRACE_MS;
    this.inheritedEnd(scope);
    if (expiresAt > (this.horizons.get(scope) ?? 0)) {
      // Stored before the lease is answered (the output gate holds the answer for the commit), so a
      // restart cannot forget a live lease; a horizon well ahead makes that one write per busy scope per LEASE_HORIZON_MS.
      const horizon = now + LEASE_HORIZON_MS;
      this.ctx.storage.sql.exec(
        "INSERT INTO lease_ends (scope, until) VALUES (?1, ?2) ON CONFLICT (scope) DO UPDATE SET until = max(until, ?2)",
        scope,
        horizon,
      );
      this.horizons.set(scope, horizon);
    }
    const id = crypto.randomUUID(); // unique across restarts: a late return never matches a newer lease
    this.leases.set(id, { key, scope, epoch, window: current, permits: n, expiresAt });
    r.lease = { id, permits: n, ms, window: current };
  }

  /** Gives back a lease's `unused` permits (uncounts them in the window they were counted in). */
  release(id: string, unused: number): void {
    const lease = this.leases.get(id);
    if (!lease) return;
    this.leases.delete(id);
    const known = this.counts.get(lease.key);
    const counted = known?.windows.get(lease.window);
    if (known && counted !== undefined && unused > 0) {
      this.count(lease.key, known.windows, lease.window, known.windowMs, Math.max(0, counted - Math.min(unused, lease.permits)));
    }
    this.returned.fire();
    this.returned = signal();
  }

  /** Whether a lease that `match`es is still live; forgets leases long past their end (their permits stay counted). */
  private leasedOut(match: (l: { key: string; scope: string; epoch: number }) => boolean): boolean {
    const now = Date.now();
    let live = false;
    for (const [id, l] of this.leases) {
      if (l.expiresAt <= now) {
        if (now - l.expiresAt > 10_000) this.leases.delete(id);
      } else if (match(l)) live = true;
    }
    return live;
  }

  /** Resolves once no live lease `match`es: each one returned, or past its end. */
  private async afterLeases(match: (l: { key: string; scope: string; epoch: number }) => boolean): Promise<void> {
    while (this.leasedOut(match)) {
      let end = 0;
      for (const l of this.leases.values()) if (match(l)) end = Math.max(end, l.expiresAt);
      await Promise.race([this.returned.promise, new Promise((r) => setTimeout(r, Math.max(1, end - Date.now())))]);
    }
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

  /**
   * Raises the scope's epoch, after taking back the caller's own leases (`returned`). It answers
   * once no other isolate can still spend a permit leased under the old epoch, so after it, no
   * request anywhere is admitted under the old epoch.
   */
  bump(scope: string, returned: { id: string; unused: number }[] = []): void | Promise<void> {
    for (const r of returned) this.release(r.id, r.unused);
    const epoch = this.ctx.storage.sql
      .exec<{ epoch: number }>(
        "INSERT INTO epochs (scope, epoch) VALUES (?1, ?2) ON CONFLICT (scope) DO UPDATE SET epoch = max(epoch + 1, ?2) RETURNING epoch",
        scope,
        Date.now(),
      )
      .one().epoch;
    this.epochs.set(scope, epoch);
    const older = (l: { scope: string; epoch: number }) => l.scope === scope && l.epoch < epoch;
    const inherited = this.inheritedEnd(scope) - Date.now();
    if (inherited > 0) return new Promise<void>((r) => setTimeout(r, inherited)).then(() => this.afterLeases(older));
    if (this.leasedOut(older)) return this.afterLeases(older);
  }

  /** When the leases an earlier instance granted under `scope` end (0: none stored), read before this instance writes its own. */
  private inheritedEnd(scope: string): number {
    let until = this.inherited.get(scope);
    if (until === undefined) {
      const stored = this.ctx.storage.sql.exec<{ until: number }>("SELECT until FROM lease_ends WHERE scope = ?", scope).toArray()[0]?.until ?? 0;
      until = Math.min(stored, this.bootedAt + LEASE_MAX_MS + LEASE_GRACE_MS);
      this.inherited.set(scope, until);
    }
    return until;
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
    return this.take(key, limit, windowMs, 1);
  }

  /**
   * Counts `n` requests for `key` if all fit under `limit` (n = 0 only reads): `remaining` is what
   * is left after them (the last one's place in the count).
   */
  private take(key: string, limit: number, windowMs: number, n: number): RateLimitResult {
    const now = Date.now();
    const current = Math.floor(now / windowMs);
    const w = this.windows(key, windowMs, current);
    const inCurrent = w.get(current) ?? 0;
    const fromPrevious = Math.floor((1 - (now % windowMs) / windowMs) * (w.get(current - 1) ?? 0));
    const reset = (current + 1) * windowMs;
    if (inCurrent + fromPrevious + Math.max(n, 1) > limit) return { success: false, limit, remaining: 0, reset };
    if (n > 0) this.count(key, w, current, windowMs, inCurrent + n);
    return { success: true, limit, remaining: Math.max(0, limit - (inCurrent + n + fromPrevious)), reset };
  }

  /** Sets a window's count in memory; it is written behind (FLUSH_MS). */
  private count(key: string, w: Map<number, number>, window: number, windowMs: number, n: number): void {
    w.set(window, n);
    this.dirty.set(`${key}\u0000${window}`, { key, window, expiresAt: (window + 2) * windowMs });
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
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
    this.ctx.storage.sql.exec("DELETE FROM lease_ends WHERE until <= ?", now);
    const left = this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM counters").one().n;
    this.sweepScheduled = left > 0;
    if (left > 0) await this.ctx.storage.setAlarm(now + SWEEP_MS);
  }
}

/**
 * Rate limiter port over the RateLimitStore Durable Objects (the default when Upstash is not
 * configured). A busy user's admissions are mostly spent from permits this isolate borrowed
 * (LeasePool); the object still decides every permit, so limits stay exact across isolates.
 */
export class DurableObjectRateLimiter implements RateLimiter {
  private readonly leases = new LeasePool();

  constructor(private readonly ns: DurableObjectNamespace<RateLimitStore>) {}

  limit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    // The limit is part of the key, as with Upstash's prefix, so two policies never share counters.
    const k = `${limit}/${windowSeconds}:${key}`;
    return shardFor(this.ns, k, SHARDS).hit(k, limit, windowSeconds * 1000);
  }

  admit(key: string, limit: number, windowSeconds: number, scope: string, opts?: AdmitOptions): Promise<Admission> {
    return this.leases.admit(this.lender, `${limit}/${windowSeconds}:${key}`, limit, windowSeconds * 1000, scope, opts?.waitUntil);
  }

  // Sharded by the scope, so bump(scope) reaches the object that answers admit for it; a stub per call (one request's).
  private readonly lender: LeaseLender = {
    admit: (k, limit, windowMs, scope, want, leaseMs) => this.store(scope).admit(k, limit, windowMs, scope, want, leaseMs),
    borrow: (k, limit, windowMs, scope, want, leaseMs) => this.store(scope).borrow(k, limit, windowMs, scope, want, leaseMs),
    release: (_k, scope, lease, unused) => this.store(scope).release(lease.id, unused),
  };

  private store(scope: string) {
    return shardFor(this.ns, `epoch:${scope}`, SHARDS);
  }

  async bump(scope: string): Promise<void> {
    await this.store(scope).bump(scope, this.leases.takeScope(scope));
  }
}
