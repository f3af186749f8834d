import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { DurableObjectRateLimiter } from "../../worker/platform/rate-limit/durable-object";
import { UpstashRateLimiter } from "../../worker/platform/rate-limit/upstash";
import { createUpstashRedis } from "../../worker/platform/cache/upstash-client";
import { LEASE_MS, LeasePool } from "../../worker/platform/rate-limit/leases";
import type { RateLimiter } from "../../worker/platform/rate-limit/port";
import { sleep, unique } from "../support/backends";

/** Counts each call on `target`'s `methods` in `trips`. */
function counting<T extends object>(target: T, methods: string[], trips: { n: number }): T {
  return new Proxy(target, {
    get(t, prop) {
      const v = Reflect.get(t, prop);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        if (methods.includes(String(prop))) trips.n++;
        return v.apply(t, args);
      };
    },
  });
}

/**
 * Each limiter as one isolate would hold it (its own lease pool), counting round trips: Durable
 * Object stubs made (one per call), Redis scripts run.
 */
const isolates: { name: string; skip: string | null; make: (trips: { n: number }) => RateLimiter }[] = [
  { name: "local (Durable Objects)", skip: null, make: (trips) => new DurableObjectRateLimiter(counting(env.RATE_LIMITER, ["get"], trips)) },
  {
    name: "upstash (@upstash/redis → REST endpoint → redis-server)",
    skip: env.TEST_UPSTASH_URL ? null : "redis-server is not installed",
    make: (trips) =>
      new UpstashRateLimiter(
        counting(createUpstashRedis(env.TEST_UPSTASH_URL, env.TEST_UPSTASH_TOKEN, Number(env.UPSTASH_TIMEOUT_MS)), ["evalsha", "eval"], trips),
      ),
  },
];

/**
 * Leases: a busy key's isolate borrows permits and spends them without a round trip, on either
 * counter store. What must hold: the limit is never exceeded, nothing is refused while a lent
 * permit is unspent, and after a bump answers nothing is admitted under the old epoch anywhere.
 */
describe.each(isolates)("leases across two isolates on $name", ({ skip, make }) => {
  /** One isolate's limiter, counting its round trips to the store, and its request's waitUntil. */
  function isolate() {
    const trips = { n: 0 };
    const background: Promise<unknown>[] = [];
    const limiter = make(trips);
    const admit = (key: string, limit: number, scope: string) => limiter.admit(key, limit, 3600, scope, { waitUntil: (p) => background.push(p) });
    return { limiter, admit, trips, settled: () => Promise.all(background) };
  }

  /** Makes `key` busy in each isolate (a few requests in one lease period), then moves into the next period. */
  async function warm(isolates: ReturnType<typeof isolate>[], key: string, scope: string, limit: number) {
    await sleep(LEASE_MS - (Date.now() % LEASE_MS));
    for (const i of isolates) for (let n = 0; n < 8; n++) await i.admit(key, limit, scope);
    await sleep(LEASE_MS - (Date.now() % LEASE_MS) + 5);
  }

  it.skipIf(!!skip)("a busy key is admitted mostly without a round trip, never over the limit, and nothing is refused while a permit is unspent", async () => {
    const a = isolate();
    const b = isolate();
    const key = unique("busy");
    const scope = unique("scope");
    await warm([a, b], key, scope, 200);
    const wave = () => Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).admit(key, 200, scope)));
    const tripsBefore = a.trips.n + b.trips.n;
    const results = [];
    for (let n = 0; n < 18; n++) results.push(...(await wave()));
    // 180 within the budget, in under half as many round trips (borrowing, and returning what was left).
    expect(results.every((r) => r.success)).toBe(true);
    expect(a.trips.n + b.trips.n - tripsBefore).toBeLessThan(90);
    for (let n = 0; n < 12; n++) results.push(...(await wave()));
    // 16 spent warming up, 184 left: exactly that many of 300 pass, wherever they landed.
    expect(results.filter((r) => r.success)).toHaveLength(184);
    await Promise.all([a.settled(), b.settled()]);
    expect((await a.admit(key, 200, scope)).success).toBe(false);
  });

  it.skipIf(!!skip)("a request refused while another isolate holds unspent permits waits for them and is admitted", async () => {
    const a = isolate();
    const b = isolate();
    const key = unique("held");
    const scope = unique("scope");
    await warm([a], key, scope, 64); // 8 counted
    await a.admit(key, 64, scope); // 1 counted, 8 lent (an eighth of the limit)
    const others = [];
    for (let n = 0; n < 47; n++) others.push(await b.limiter.admit(key, 64, 3600, scope)); // b borrows nothing (no waitUntil)
    expect(others.every((r) => r.success)).toBe(true);
    expect((await b.limiter.admit(key, 64, 3600, scope)).success).toBe(true); // the 65th counted: a's unspent permits came back
    await a.settled();
  });

  it.skipIf(!!skip)("after a bump through one isolate answers, the other admits under the new epoch only", async () => {
    const a = isolate();
    const b = isolate();
    const key = unique("epoch");
    const scope = unique("scope");
    await warm([a], key, scope, 10_000);
    const before = await a.admit(key, 10_000, scope); // borrows
    expect((await a.admit(key, 10_000, scope)).epoch).toBe(before.epoch); // spent from the lease
    await b.limiter.bump(scope);
    expect((await a.admit(key, 10_000, scope)).epoch).toBeGreaterThan(before.epoch);
    await Promise.all([a.settled(), b.settled()]);
  });

  it.skipIf(!!skip)("a bump through the isolate holding the lease takes it back: its next request goes to the object", async () => {
    const a = isolate();
    const key = unique("own");
    const scope = unique("scope");
    await warm([a], key, scope, 10_000);
    const before = await a.admit(key, 10_000, scope);
    await a.limiter.bump(scope);
    const tripsBefore = a.trips.n;
    expect((await a.admit(key, 10_000, scope)).epoch).toBeGreaterThan(before.epoch);
    expect(a.trips.n).toBe(tripsBefore + 1);
    await a.settled();
  });
});

describe("LeasePool: a key's arrival count", () => {
  it("is not reset by a lease that lands after its call's lease period turned", () => {
    const pool = new LeasePool();
    const start = Math.floor(Date.now() / LEASE_MS) * LEASE_MS;
    for (let n = 0; n < 10; n++) pool.spend("k", "s", start + 1); // 10 arrivals in one period
    pool.spend("k", "s", start + LEASE_MS + 1); // the next period: the key is busy
    const admission = { success: true, limit: 1e8, remaining: 1e8, reset: start + 60_000, epoch: 1 };
    // A borrow sent in the earlier period lands now (its promise is left to end on its own timer).
    void pool.lend("k", "s", admission, { id: "l", permits: 8, ms: 1, window: 0 }, start + 100);
    expect(pool.ask("k", 1e8, true, start + LEASE_MS + 2)).toBeGreaterThan(0);
  });
});
