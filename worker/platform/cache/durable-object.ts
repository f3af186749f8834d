import { DurableObject } from "cloudflare:workers";
import type { Cache } from "./port";
import { shardFor } from "../../shared/shards";

const SHARDS = 16;
const SWEEP_MS = 60_000;

/**
 * Local cache backend: a shard of entries in Durable Object SQLite storage. One object owns each
 * key, so every isolate sees the same value and TTLs hold across requests and restarts;
 * an alarm sweeps expired rows.
 */
export class CacheStore extends DurableObject<unknown> {
  private sweepScheduled = false;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER NOT NULL)");
  }

  get(key: string): string | null {
    const row = this.ctx.storage.sql.exec<{ value: string; expires_at: number }>("SELECT value, expires_at FROM entries WHERE key = ?", key).toArray()[0];
    if (!row) return null;
    if (row.expires_at <= Date.now()) {
      this.ctx.storage.sql.exec("DELETE FROM entries WHERE key = ?", key);
      return null;
    }
    return row.value;
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent: boolean): Promise<boolean> {
    const now = Date.now();
    if (onlyIfAbsent) {
      const live = this.ctx.storage.sql.exec("SELECT 1 FROM entries WHERE key = ? AND expires_at > ?", key, now).toArray().length > 0;
      if (live) return false;
    }
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO entries (key, value, expires_at) VALUES (?, ?, ?)", key, value, now + ttlMs);
    if (!this.sweepScheduled) {
      this.sweepScheduled = true;
      if ((await this.ctx.storage.getAlarm()) == null) await this.ctx.storage.setAlarm(now + SWEEP_MS);
    }
    return true;
  }

  del(key: string): void {
    this.ctx.storage.sql.exec("DELETE FROM entries WHERE key = ?", key);
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    this.ctx.storage.sql.exec("DELETE FROM entries WHERE expires_at <= ?", now);
    const left = this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM entries").one().n;
    this.sweepScheduled = left > 0;
    if (left > 0) await this.ctx.storage.setAlarm(now + SWEEP_MS);
  }
}

/** Cache port over the CacheStore Durable Objects (the default when Upstash is not configured). */
export class DurableObjectCache implements Cache {
  constructor(private readonly ns: DurableObjectNamespace<CacheStore>) {}

  async get<T>(key: string): Promise<T | null> {
    const raw = await shardFor(this.ns, key, SHARDS).get(key);
    return raw == null ? null : (JSON.parse(raw) as T);
  }

  set(key: string, value: unknown, opts: { ttlSeconds: number; onlyIfAbsent?: boolean }): Promise<boolean> {
    return shardFor(this.ns, key, SHARDS).set(key, JSON.stringify(value), Math.max(1, opts.ttlSeconds) * 1000, !!opts.onlyIfAbsent);
  }

  async del(key: string): Promise<void> {
    await shardFor(this.ns, key, SHARDS).del(key);
  }
}
