// The SAME contract suite for every implementation of the Cache and RateLimiter ports.
import { describe, it, expect } from "vitest";
import { backends, sleep, unique } from "../support/backends";

describe.each(backends)("Cache contract: $name", (backend) => {
  const { cache } = backend.make();

  describe.skipIf(!!backend.skip)("happy path", () => {
    it("a missing key reads as null", async () => {
      expect(await cache.get(unique("missing"))).toBeNull();
    });

    it("round-trips JSON values exactly (strings that look like numbers stay strings)", async () => {
      const values = [{ a: 1, nested: { list: [1, "two", null] }, text: "héllo ✓ 🚀" }, "123", 42, true, [], "", null];
      for (const v of values) {
        const key = unique("json");
        expect(await cache.set(key, v, { ttlSeconds: 60 })).toBe(true);
        expect(await cache.get(key)).toEqual(v);
      }
    });

    it("set overwrites, del removes, keys are independent", async () => {
      const a = unique("a");
      const b = unique("b");
      await cache.set(a, "first", { ttlSeconds: 60 });
      await cache.set(b, "other", { ttlSeconds: 60 });
      await cache.set(a, "second", { ttlSeconds: 60 });
      expect(await cache.get(a)).toBe("second");
      await cache.del(a);
      expect(await cache.get(a)).toBeNull();
      expect(await cache.get(b)).toBe("other");
      await cache.del(unique("never-set")); // deleting nothing is fine
    });

    it("onlyIfAbsent writes only when no live entry exists", async () => {
      const key = unique("nx");
      expect(await cache.set(key, 1, { ttlSeconds: 60, onlyIfAbsent: true })).toBe(true);
      expect(await cache.set(key, 2, { ttlSeconds: 60, onlyIfAbsent: true })).toBe(false);
      expect(await cache.get(key)).toBe(1);
    });

    it("entries expire after their TTL, and an expired entry no longer blocks onlyIfAbsent", async () => {
      const key = unique("ttl");
      const long = unique("ttl-long");
      const setAt = Date.now();
      await cache.set(key, "short-lived", { ttlSeconds: 1 });
      await cache.set(long, "long-lived", { ttlSeconds: 60 });
      const early = await cache.get(key);
      // On a loaded machine the second may already be over by now; then only expiry is checked.
      if (Date.now() - setAt < 800) expect(early).toBe("short-lived");
      await sleep(2100);
      expect(await cache.get(key)).toBeNull();
      expect(await cache.get(long)).toBe("long-lived");
      expect(await cache.set(key, "again", { ttlSeconds: 60, onlyIfAbsent: true })).toBe(true);
      expect(await cache.get(key)).toBe("again");
    });
  });

  describe.skipIf(!!backend.skip)("concurrency", () => {
    it("of many concurrent onlyIfAbsent writes exactly one wins", async () => {
      const key = unique("race");
      const wins = await Promise.all(Array.from({ length: 12 }, (_, i) => cache.set(key, i, { ttlSeconds: 60, onlyIfAbsent: true })));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await cache.get(key)).toBe(wins.indexOf(true));
    });
  });
});

describe.each(backends)("RateLimiter contract: $name", (backend) => {
  const { limiter } = backend.make();

  describe.skipIf(!!backend.skip)("happy path", () => {
    it("allows `limit` requests with a decreasing remainder, then refuses with the window's end", async () => {
      const key = unique("user");
      const before = Date.now();
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await limiter.limit(key, 5, 60));
      expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
      for (const r of results) {
        expect(r.limit).toBe(5);
        expect(r.reset).toBeGreaterThan(before);
        expect(r.reset).toBeLessThanOrEqual(Date.now() + 60_000);
      }
    });

    it("allows again once the window has slid past", async () => {
      const key = unique("slide");
      // Start right after a 2 s window boundary so a slow (loaded) machine cannot split the burst.
      await sleep(2000 - (Date.now() % 2000) + 20);
      expect((await limiter.limit(key, 2, 2)).success).toBe(true);
      expect((await limiter.limit(key, 2, 2)).success).toBe(true);
      expect((await limiter.limit(key, 2, 2)).success).toBe(false);
      await sleep(4100); // two 2 s windows: neither the current nor the previous one holds a hit
      expect((await limiter.limit(key, 2, 2)).success).toBe(true);
    });
  });

  describe.skipIf(!!backend.skip)("isolation and concurrency", () => {
    it("keys do not share counters", async () => {
      const a = unique("a");
      const b = unique("b");
      await limiter.limit(a, 1, 60);
      expect((await limiter.limit(a, 1, 60)).success).toBe(false);
      const other = await limiter.limit(b, 1, 60);
      expect(other.success).toBe(true);
      expect(other.remaining).toBe(0);
    });

    it("the same key under two policies keeps two counters", async () => {
      const key = unique("policies");
      expect((await limiter.limit(key, 1, 60)).success).toBe(true);
      expect((await limiter.limit(key, 1, 60)).success).toBe(false);
      expect((await limiter.limit(key, 3, 60)).success).toBe(true);
    });

    it("concurrent requests never over-admit: exactly `limit` of 20 parallel calls pass", async () => {
      const key = unique("burst");
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.limit(key, 7, 60)));
      expect(results.filter((r) => r.success)).toHaveLength(7);
    });
  });

  describe.skipIf(!!backend.skip)("admit: the limit and the scope's epoch in one call", () => {
    it("counts exactly like limit, with a decreasing remainder, and refuses at the limit", async () => {
      const key = unique("admit");
      const scope = unique("scope");
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await limiter.admit(key, 3, 60, scope));
      expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      expect(results[3]!.reset).toBeGreaterThan(Date.now());
    });

    it("concurrent admits never over-admit", async () => {
      const key = unique("admit-burst");
      const scope = unique("scope");
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.admit(key, 7, 60, scope)));
      expect(results.filter((r) => r.success)).toHaveLength(7);
      // Each allowed request has its own place in the count, whether it went alone or in a batch.
      expect(
        results
          .filter((r) => r.success)
          .map((r) => r.remaining)
          .sort(),
      ).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(results.filter((r) => !r.success).every((r) => r.remaining === 0)).toBe(true);
      expect((await limiter.admit(key, 7, 60, scope)).success).toBe(false);
    });

    it("the epoch stays put until bumped, then only moves forward; scopes are independent", async () => {
      const scope = unique("scope");
      const other = unique("scope");
      const e0 = (await limiter.admit(unique("k"), 100, 60, scope)).epoch;
      expect((await limiter.admit(unique("k"), 100, 60, scope)).epoch).toBe(e0);
      const o0 = (await limiter.admit(unique("k"), 100, 60, other)).epoch;
      await limiter.bump(scope);
      const e1 = (await limiter.admit(unique("k"), 100, 60, scope)).epoch;
      expect(e1).toBeGreaterThan(e0);
      await limiter.bump(scope);
      expect((await limiter.admit(unique("k"), 100, 60, scope)).epoch).toBeGreaterThan(e1);
      expect((await limiter.admit(unique("k"), 100, 60, other)).epoch).toBe(o0);
    });
  });
});
