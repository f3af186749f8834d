import { env } from "cloudflare:test";
import { createUpstashRedis } from "../../worker/platform/cache/upstash-client";
import { UpstashCache } from "../../worker/platform/cache/upstash";
import { UpstashRateLimiter } from "../../worker/platform/rate-limit/upstash";
import { DurableObjectCache } from "../../worker/platform/cache/durable-object";
import { DurableObjectRateLimiter } from "../../worker/platform/rate-limit/durable-object";
import type { Cache } from "../../worker/platform/cache/port";
import type { RateLimiter } from "../../worker/platform/rate-limit/port";

export interface Backend {
  name: string;
  /** Why this backend cannot run here, or null. */
  skip: string | null;
  /** Env vars that make the Worker pick this backend. */
  vars: Record<string, string>;
  make(): { cache: Cache; limiter: RateLimiter };
}

const upstashSkip = env.TEST_UPSTASH_URL ? null : "redis-server is not installed";

/** The two implementations of the cache and rate-limiter ports that every contract test runs against. */
export const backends: Backend[] = [
  {
    name: "local (Durable Objects)",
    skip: null,
    vars: {},
    make: () => ({ cache: new DurableObjectCache(env.CACHE_STORE), limiter: new DurableObjectRateLimiter(env.RATE_LIMITER) }),
  },
  {
    name: "upstash (@upstash/redis → REST endpoint → redis-server)",
    skip: upstashSkip,
    vars: { UPSTASH_REDIS_REST_URL: env.TEST_UPSTASH_URL, UPSTASH_REDIS_REST_TOKEN: env.TEST_UPSTASH_TOKEN },
    make: () => {
      const redis = createUpstashRedis(env.TEST_UPSTASH_URL, env.TEST_UPSTASH_TOKEN, Number(env.UPSTASH_TIMEOUT_MS));
      return { cache: new UpstashCache(redis), limiter: new UpstashRateLimiter(redis) };
    },
  },
];

for (const b of backends) if (b.skip) console.warn(`⚠ skipping the ${b.name} backend: ${b.skip}`);

export const unique = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
