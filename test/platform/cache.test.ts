import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { clientWithEnv } from "../support/client";
import { backends, unique } from "../support/backends";
import { cacheKeys, CacheService } from "../../worker/platform/cache/port";
import { DurableObjectCache } from "../../worker/platform/cache/durable-object";

describe.each(backends)("cache in use on $name", (backend) => {
  const client = clientWithEnv(backend.vars);
  const { cache } = backend.make();

  describe.skipIf(!!backend.skip)("happy path", () => {
    it("a profile read fills the cache, and an update is visible on the very next read", async () => {
      const u = await client.register("Ada");
      const first = await client.api("GET", "/api/users/profile", { token: u.token });
      expect(first.status).toBe(200);
      expect(await cache.get(cacheKeys.profile(u.userId))).toEqual({ v: first.body });

      const put = await client.api("PUT", "/api/users/profile", { token: u.token, body: { headline: "Analyst", name: "Ada L.", personality: { humor: 90 } } });
      expect(put.status).toBe(200);
      const next = await client.api("GET", "/api/users/profile", { token: u.token });
      expect(next.body.headline).toBe("Analyst");
      expect(next.body.name).toBe("Ada L.");
      expect(next.body.personality.humor).toBe(90);
    });

    it("session checks are cached, and logout revokes at once", async () => {
      const u = await client.register("Grace");
      expect((await client.api("GET", "/api/auth/me", { token: u.token })).status).toBe(200);
      const cached = await cache.get<{ v: { userId: string; revokedAt: number | null } }>(cacheKeys.session(sessionIdOf(u.token)));
      expect(cached?.v.userId).toBe(u.userId);
      expect(cached?.v.revokedAt).toBeNull();

      expect((await client.api("POST", "/api/auth/logout", { token: u.token })).status).toBe(204);
      expect((await client.api("GET", "/api/auth/me", { token: u.token })).status).toBe(401);
      expect((await client.api("GET", "/api/users/profile", { token: u.token })).status).toBe(401);
    });
  });

  describe.skipIf(!!backend.skip)("security", () => {
    it("a replayed refresh token revokes the session's cached access at once", async () => {
      const u = await client.register("Mallory's victim");
      expect((await client.api("GET", "/api/auth/me", { token: u.token })).status).toBe(200);
      expect((await client.api("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } })).status).toBe(200);
      // A replay after the grace window (aged here instead of waited for; within it a second tab gets the same pair).
      await client.env.DB.prepare("UPDATE refresh_tokens SET used_at = used_at - 60000 WHERE user_id = ? AND used_at IS NOT NULL").bind(u.userId).run();
      expect((await client.api("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } })).status).toBe(401);
      expect((await client.api("GET", "/api/auth/me", { token: u.token })).status).toBe(401);
    });

    it("deleting the account ends its cached sessions and profile", async () => {
      const u = await client.register("Leaving");
      expect((await client.api("GET", "/api/users/profile", { token: u.token })).status).toBe(200);
      expect((await client.api("DELETE", "/api/users/me", { token: u.token, body: { password: u.password } })).status).toBe(204);
      expect((await client.api("GET", "/api/auth/me", { token: u.token })).status).toBe(401);
      expect((await client.api("GET", "/api/users/profile", { token: u.token })).status).toBe(401);
    });

    it("one user's cached profile is never served to another", async () => {
      const a = await client.register("Alpha");
      const b = await client.register("Beta");
      await client.api("PUT", "/api/users/profile", { token: a.token, body: { bio: "alpha's secret bio" } });
      expect((await client.api("GET", "/api/users/profile", { token: a.token })).body.bio).toBe("alpha's secret bio");
      const other = await client.api("GET", "/api/users/profile", { token: b.token });
      expect(other.body.userId).toBe(b.userId);
      expect(other.body.bio).toBe("");
    });
  });
});

describe("cache-aside helper", () => {
  const svc = new CacheService(new DurableObjectCache(env.CACHE_STORE));

  it("loads once, then serves from the cache until invalidated", async () => {
    const key = unique("helper");
    let loads = 0;
    const loader = async () => ({ n: ++loads });
    expect(await svc.cached(key, 60, loader)).toEqual({ n: 1 });
    expect(await svc.cached(key, 60, loader)).toEqual({ n: 1 });
    await svc.invalidate(key);
    expect(await svc.cached(key, 60, loader)).toEqual({ n: 2 });
  });

  it("a load that started before an invalidation cannot put old data back", async () => {
    const key = unique("race");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = svc.cached(key, 60, async () => {
      await gate; // still reading the old row…
      return "old";
    });
    await svc.invalidate(key); // …when a writer changes it
    release();
    expect(await slow).toBe("old"); // that caller saw the old data, but:
    expect(await svc.cached(key, 60, async () => "new")).toBe("new");
  });

  it("a loader error propagates and nothing is cached", async () => {
    const key = unique("boom");
    await expect(svc.cached(key, 60, async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await svc.cached(key, 60, async () => "fine")).toBe("fine");
  });
});

describe("first level (in-isolate) past its TTL", () => {
  // A shared port that counts its reads, and an epoch store nothing bumps: the scope never changes in these tests.
  const counting = () => {
    const port = new DurableObjectCache(env.CACHE_STORE);
    const counted = { gets: 0, get: <T>(k: string) => (counted.gets++, port.get<T>(k)), set: port.set.bind(port), del: port.del.bind(port) };
    return counted;
  };
  const epochs = { bump: async () => {} };
  const TTL = 0.05; // 50 ms
  const EPOCH = 7;

  it("an expired entry is refreshed by one request while the concurrent others are answered from it (no stampede)", async () => {
    const port = counting();
    const svc = new CacheService(port, epochs);
    const key = unique("stampede");
    let loads = 0;
    const loader = async () => ({ n: ++loads });
    expect(await svc.cached(key, TTL, loader, EPOCH)).toEqual({ n: 1 });
    await new Promise((r) => setTimeout(r, 80));
    const before = port.gets;
    const all = await Promise.all(Array.from({ length: 20 }, () => svc.cached(key, TTL, loader, EPOCH)));
    // One refresh reached the shared cache (or the loader); the other 19 were answered in this isolate.
    expect(port.gets - before).toBe(1);
    expect(all).toHaveLength(20);
    for (const v of all) expect(v).toEqual({ n: 1 });
  });

  it("the refresh replaces the entry, and a refresh that failed is retried by a later request", async () => {
    const svc = new CacheService(counting(), epochs);
    const key = unique("refresh");
    expect(await svc.cached(key, TTL, async () => "v1", EPOCH)).toBe("v1");
    await svc.invalidate(key); // the shared copy is gone too (its scope's bump is a no-op here)
    expect(await svc.cached(key, TTL, async () => "v2", EPOCH)).toBe("v2");
    await new Promise((r) => setTimeout(r, 80));
    // The refreshing request fails (the database is down): it errs, the entry stays as it was…
    await expect(svc.cached(key, TTL, async () => Promise.reject(new Error("db down")), EPOCH)).rejects.toThrow("db down");
    // …and once the failed refresh's lease (at most the TTL) has lapsed, the next request refreshes again.
    await new Promise((r) => setTimeout(r, 80));
    await svc.invalidate(key);
    expect(await svc.cached(key, TTL, async () => "v3", EPOCH)).toBe("v3");
  });

  it("a changed epoch is never answered from the older copy, expired or not", async () => {
    const svc = new CacheService(counting(), epochs);
    const key = unique("epoch");
    expect(await svc.cached(key, 60, async () => "old", EPOCH)).toBe("old");
    await svc.invalidate(key);
    expect(await svc.cached(key, 60, async () => "new", EPOCH + 1)).toBe("new");
  });
});

const downCases = [
  { name: "unreachable URL (nothing listening)", url: "http://127.0.0.1:6391", skip: null },
  { name: "endpoint up, redis-server down", url: env.TEST_UPSTASH_DOWN_URL, skip: env.TEST_UPSTASH_DOWN_URL ? null : "redis-server is not installed" },
];

describe.each(downCases)("cache backend down: $name", ({ url, skip }) => {
  const client = clientWithEnv({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: env.TEST_UPSTASH_TOKEN, RATE_LIMIT_PER_MINUTE: "60" });

  describe.skipIf(!!skip)("error path", () => {
    it("every request still succeeds from D1 (no 5xx), with the same semantics", { timeout: 60_000 }, async () => {
      const health = await client.api("GET", "/api/health");
      expect(health.body.ports.cache).toEqual({ mode: "cloud", adapter: "upstash-redis" });
      const u = await client.register("Offline");
      expect((await client.api("GET", "/api/auth/me", { token: u.token })).status).toBe(200);
      expect((await client.api("GET", "/api/users/profile", { token: u.token })).body.name).toBe("Offline");
      expect((await client.api("PUT", "/api/users/profile", { token: u.token, body: { headline: "Still works" } })).status).toBe(200);
      expect((await client.api("GET", "/api/users/profile", { token: u.token })).body.headline).toBe("Still works");
      expect((await client.api("POST", "/api/auth/login", { body: { email: u.email, password: u.password } })).status).toBe(200);
      expect((await client.api("POST", "/api/auth/logout", { token: u.token })).status).toBe(204);
      expect((await client.api("GET", "/api/auth/me", { token: u.token })).status).toBe(401);
    });

    it("the cache helper falls back to the loader and swallows failed writes (no circuit breaker in between)", async () => {
      const { UpstashCache } = await import("../../worker/platform/cache/upstash");
      const { createUpstashRedis } = await import("../../worker/platform/cache/upstash-client");
      const { CircuitBreaker } = await import("../../worker/shared/circuit-breaker");
      const port = new UpstashCache(createUpstashRedis(url, env.TEST_UPSTASH_TOKEN), new CircuitBreaker(0));
      await expect(port.get("x")).rejects.toThrow();
      const svc = new CacheService(port);
      expect(await svc.cached(unique("down"), 60, async () => "from D1")).toBe("from D1");
      await svc.invalidate(unique("down"));
    });
  });
});

function sessionIdOf(accessToken: string): string {
  const payload = JSON.parse(atob(accessToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
  return payload.sid ?? payload.sessionId;
}

describe("circuit breaker", () => {
  it("after a failure it short-circuits for the cool-down, then tries the backend again", async () => {
    const { CircuitBreaker } = await import("../../worker/shared/circuit-breaker");
    const breaker = new CircuitBreaker(300);
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error("connection refused");
    };
    await expect(breaker.run(failing)).rejects.toThrow("connection refused");
    await expect(breaker.run(failing)).rejects.toThrow("circuit open");
    expect(calls).toBe(1);
    await new Promise((r) => setTimeout(r, 350));
    expect(await breaker.run(async () => "back")).toBe("back");
  });
});

describe("ports in /api/health", () => {
  it("report the Durable Object backends by default, Upstash when configured, and a disabled cache", async () => {
    const local = await clientWithEnv({}).api("GET", "/api/health");
    expect(local.body.ports.cache).toEqual({ mode: "local", adapter: "durable-object" });
    expect(local.body.ports.rateLimiter).toEqual({ mode: "local", adapter: "durable-object" });
    const cloud = await clientWithEnv({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:6391", UPSTASH_REDIS_REST_TOKEN: "t" }).api("GET", "/api/health");
    expect(cloud.body.ports.cache).toEqual({ mode: "cloud", adapter: "upstash-redis" });
    expect(cloud.body.ports.rateLimiter).toEqual({ mode: "cloud", adapter: "upstash-ratelimit" });
    const off = await clientWithEnv({ CACHE_DISABLED: "true" }).api("GET", "/api/health");
    expect(off.body.ports.cache).toEqual({ mode: "local", adapter: "disabled" });
  });
});
