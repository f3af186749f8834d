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
  /** The owner's off-limits topics (modules/audience/guardrails.store.ts). */
  guardrails: (userId: string) => `v1:guardrails:${userId}`,
};

export { cacheScopes } from "../../shared/cache-scopes";

/** Raises a scope's epoch; the rate limiter does it, in the same store that answers admit(). */
export interface EpochBumper {
  bump(scope: string): Promise<void>;
}

/** Upper bound of this isolate's first-level cache; beyond it the oldest entries go. */
const LOCAL_MAX_ENTRIES = 20_000;

interface LocalEntry {
  epoch: number;
  value: unknown;
  expiresAt: number;
  /** Past expiresAt: until when one request is refreshing it (the others are answered from it meanwhile). */
  refreshingUntil?: number;
}

/**
 * How long one request may take to refresh an expired first-level entry (at most the entry's TTL) before another
 * request tries. Without it, every request that arrived at the expiry went to the shared cache and the database at
 * once: under 1,000 connections that stampede took longer than the clients waited, and the next ones did the same.
 */
const REFRESH_LEASE_MS = 5_000;

/**
 * Cache-aside over the Cache port, for services. Never throws because of the cache: a failing
 * backend means a miss (the loader reads D1) and a skipped write, so callers cannot get a 5xx
 * from it. Invalidation writes a short tombstone instead of deleting, and fills only write when
 * the key is absent (NX), so a read that loaded old data just before a write cannot put it back.
 */
export class CacheService {
  private lastWarn = 0;
  /**
   * First level, in this isolate: values stored with the epoch of their scope that the request
   * read before loading them (RateLimiter.admit). One is served only while the request's epoch is
   * the same, i.e. nothing of the scope changed anywhere since; every change bumps the epoch.
   */
  private readonly local = new Map<string, LocalEntry>();

  /** Without `epochs` (cache disabled) there is no first level: every read goes to the port. */
  constructor(
    private readonly port: Cache,
    private readonly epochs: EpochBumper | null = null,
  ) {}

  /**
   * `epoch`: the current epoch of the scope `key` belongs to, as read by this request; with it
   * a first-level hit costs no round trip. Without it (no admission on this path) the shared
   * cache is read as before.
   */
  async cached<T>(key: string, ttlSeconds: number, loader: () => Promise<T>, epoch?: number): Promise<T> {
    const useLocal = epoch !== undefined && this.epochs !== null;
    if (useLocal) {
      const e = this.local.get(key);
      if (e && e.epoch === epoch) {
        // Its epoch is the request's: nothing of the scope changed since it was loaded, so even past its TTL (the
        // backstop for a bump that failed) it stays correct while one request at a time reloads it.
        const now = Date.now();
        if (e.expiresAt > now || (e.refreshingUntil ?? 0) > now) return e.value as T;
        e.refreshingUntil = now + Math.min(REFRESH_LEASE_MS, ttlSeconds * 1000);
      }
    }
    const hit = await this.safe("get", () => this.port.get<Entry<T>>(key), null);
    let value: T;
    if (hit && "v" in hit) value = hit.v;
    else {
      value = await loader();
      // A tombstone means "recently changed": serve from the loader without filling.
      if (!hit && value !== undefined) await this.safe("set", () => this.port.set(key, { v: value }, { ttlSeconds, onlyIfAbsent: true }), false);
    }
    // Stored under the epoch read *before* loading: a change racing this load bumps past it.
    if (useLocal && value !== undefined) this.remember(key, { epoch: epoch!, value, expiresAt: Date.now() + ttlSeconds * 1000 });
    return value;
  }

  /**
   * Makes the next read of `key` come from the source of truth, in every isolate: a tombstone in
   * the shared cache first, then (with `scope`) the scope's epoch is bumped, so no isolate's
   * first level serves its older copy once this returns.
   */
  async invalidate(key: string, scope?: string): Promise<void> {
    this.local.delete(key);
    await this.safe("invalidate", () => this.port.set(key, { gone: 1 }, { ttlSeconds: TOMBSTONE_TTL_SECONDS }), false);
    if (scope) await this.bump(scope);
  }

  /** Ends every isolate's first-level copies of `scope` (after invalidating the shared entries). */
  async bump(scope: string): Promise<void> {
    if (this.epochs) await this.safe("bump", () => this.epochs!.bump(scope), undefined);
  }

  private remember(key: string, entry: LocalEntry): void {
    this.local.delete(key); // re-inserted last: Map order is the eviction order
    this.local.set(key, entry);
    if (this.local.size > LOCAL_MAX_ENTRIES) this.local.delete(this.local.keys().next().value!);
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
