import type { Redis } from "@upstash/redis/cloudflare";
import type { Cache } from "./port";
import { CircuitBreaker } from "../../shared/circuit-breaker";

/** Cache port on Upstash Redis: JSON strings under a prefix, TTL with EX, fills with NX. */
export class UpstashCache implements Cache {
  constructor(
    private readonly redis: Redis,
    private readonly breaker = new CircuitBreaker(),
    private readonly prefix = "ds:cache:",
  ) {}

  async get<T>(key: string): Promise<T | null> {
    const raw = await this.breaker.run(() => this.redis.get<string>(this.prefix + key));
    return raw == null ? null : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, opts: { ttlSeconds: number; onlyIfAbsent?: boolean }): Promise<boolean> {
    const ex = Math.max(1, Math.ceil(opts.ttlSeconds));
    const data = JSON.stringify(value);
    const res = await this.breaker.run(() =>
      opts.onlyIfAbsent ? this.redis.set(this.prefix + key, data, { ex, nx: true }) : this.redis.set(this.prefix + key, data, { ex }),
    );
    return res === "OK";
  }

  async del(key: string): Promise<void> {
    await this.breaker.run(() => this.redis.del(this.prefix + key));
  }
}
