import { Redis } from "@upstash/redis/cloudflare";

/**
 * One REST client per isolate. A slow or unreachable Upstash must not hold requests: each call
 * gets its own timeout and a single quick retry (the SDK default retries five times over ~4 s),
 * after which callers degrade (cache → D1, rate limiter → allow) and a CircuitBreaker skips
 * Upstash for a few seconds.
 */
export function createUpstashRedis(url: string, token: string, timeoutMs = 1000): Redis {
  return new Redis({
    url,
    token,
    retry: { retries: 1, backoff: () => 50 },
    // A function, so every request gets a fresh signal; a plain signal would abort all later calls.
    signal: () => AbortSignal.timeout(timeoutMs),
    // Values are JSON we (de)serialise ourselves, so "123" stays a string.
    automaticDeserialization: false,
    // Auto-pipelining batches commands across requests, which workerd forbids (cross-request I/O).
    enableAutoPipelining: false,
    enableTelemetry: false,
  });
}
