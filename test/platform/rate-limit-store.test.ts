import { describe, it, expect } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { FLUSH_MS, RateLimitStore } from "../../worker/platform/rate-limit/durable-object";
import { LEASE_GRACE_MS, LEASE_MS } from "../../worker/platform/rate-limit/leases";
import { sleep, unique } from "../support/backends";

// One hour: no window edge falls inside a test.
const HOUR = 3_600_000;
const fresh = () => env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(unique("rl-store")));

/**
 * The local limiter counts in the object's memory and writes behind (FLUSH_MS): what must hold is
 * that the counts reach storage, so an object that restarts (a new instance over the same storage)
 * goes on from them, and that an epoch bump is stored before it answers.
 */
describe("RateLimitStore (Durable Object): memory first, storage behind", () => {
  it("a restarted object continues the window from the counts written behind", async () => {
    await runInDurableObject(fresh(), async (instance: RateLimitStore, state) => {
      for (let i = 0; i < 3; i++) expect(instance.hit("k", 5, HOUR).success).toBe(true);
      await sleep(FLUSH_MS * 2); // the timer writes them; no explicit flush
      const restarted = new RateLimitStore(state, {});
      expect(restarted.hit("k", 5, HOUR).remaining).toBe(1);
      expect(restarted.hit("k", 5, HOUR).remaining).toBe(0);
      expect(restarted.hit("k", 5, HOUR).success).toBe(false);
    });
  });

  it("an explicit flush stores every key that moved, refusals add nothing", async () => {
    await runInDurableObject(fresh(), async (instance: RateLimitStore, state) => {
      instance.hit("a", 1, HOUR);
      instance.hit("a", 1, HOUR); // refused
      instance.hit("b", 10, HOUR);
      await instance.flush();
      const rows = state.storage.sql.exec<{ key: string; count: number }>("SELECT key, count FROM counters ORDER BY key").toArray();
      expect(rows.map((r) => [r.key, r.count])).toEqual([
        ["a", 1],
        ["b", 1],
      ]);
    });
  });

  it("a bump is stored when it answers: a restarted object never serves an older epoch", async () => {
    await runInDurableObject(fresh(), async (instance: RateLimitStore, state) => {
      const e0 = (await instance.admit("k", 100, HOUR, "scope")).epoch;
      instance.bump("scope");
      const e1 = (await instance.admit("k", 100, HOUR, "scope")).epoch;
      expect(e1).toBeGreaterThan(e0);
      const restarted = new RateLimitStore(state, {});
      expect((await restarted.admit("k", 100, HOUR, "scope")).epoch).toBe(e1);
      restarted.bump("scope");
      expect((await restarted.admit("k", 100, HOUR, "scope")).epoch).toBeGreaterThan(e1);
    });
  });
});

/**
 * Leases: a busy key's isolate borrows permits and spends them without a round trip. The object
 * still decides every permit, so what must hold is that the limit is never exceeded, that no
 * request is refused while a lent permit is unspent, and that after a bump answers nothing is
 * admitted under the old epoch anywhere.
 */
describe("RateLimitStore leases", () => {
  const settle = (p: unknown, ms = 30) => Promise.race([Promise.resolve(p).then(() => "settled"), sleep(ms).then(() => "pending")]);

  it("lent permits count at once; returned ones are uncounted", async () => {
    await runInDurableObject(fresh(), async (instance: RateLimitStore) => {
      const first = await instance.admit("k", 100, HOUR, "s", 4);
      expect(first.remaining).toBe(99);
      expect(first.lease?.permits).toBe(4);
      expect((await instance.admit("k", 100, HOUR, "s")).remaining).toBe(94);
      instance.release(first.lease!.id, 2);
      expect((await instance.admit("k", 100, HOUR, "s")).remaining).toBe(95);
      instance.release(first.lease!.id, 2); // a second return of the same lease changes nothing
      expect((await instance.admit("k", 100, HOUR, "s")).remaining).toBe(94);
    });
  });

  it("lends at most a quarter of what is left, and a refusal waits for unspent lent permits instead of refusing", async () => {
    await runInDurableObject(fresh(), async (instance: RateLimitStore) => {
      const first = await instance.admit("k", 12, HOUR, "s", 10);
      expect(first.lease?.permits).toBe(2); // 11 left after it: a quarter
      for (let i = 0; i < 9; i++) expect((await instance.admit("k", 12, HOUR, "s")).success).toBe(true);
      const waiting = instance.admit("k", 12, HOUR, "s");
      expect(await settle(waiting)).toBe("pending");
      instance.release(first.lease!.id, 1);
      expect((await waiting).success).toBe(true);
      expect((await instance.admit("k", 12, HOUR, "s")).success).toBe(false); // nothing out on lease: refused at once
    });
  });

  it("a bump answers once the older epoch's leases are returned, and at once for the caller's own", async () => {
    await runInDurableObject(fresh(), async (instance: RateLimitStore) => {
      const lent = await instance.admit("k", 100, HOUR, "s", 5);
      const bumping = instance.bump("s");
      expect(await settle(bumping)).toBe("pending");
      instance.release(lent.lease!.id, 5);
      await bumping;
      const after = await instance.admit("k", 100, HOUR, "s", 5);
      expect(after.epoch).toBeGreaterThan(lent.epoch);
      expect(instance.bump("s", [{ id: after.lease!.id, unused: 5 }])).toBeUndefined(); // answered without waiting
    });
  });

  it("a restarted object still waits for the leases its earlier instance lent before a bump answers", async () => {
    await runInDurableObject(fresh(), async (instance: RateLimitStore, state) => {
      const lent = await instance.admit("k", 100, HOUR, "s", 5);
      const restarted = new RateLimitStore(state, {});
      const bumping = restarted.bump("s");
      expect(await settle(bumping)).toBe("pending");
      await bumping;
      expect((await restarted.admit("k", 100, HOUR, "s")).epoch).toBeGreaterThan(lent.epoch);
      expect(restarted.bump("s")).toBeUndefined(); // that lease has ended: nothing to wait for
    });
  });

  it("a lease never returned keeps its permits counted and holds a bump no longer than the lease", async () => {
    await runInDurableObject(fresh(), async (instance: RateLimitStore) => {
      const lent = await instance.admit("k", 20, HOUR, "s", 3);
      expect(lent.lease?.permits).toBe(3);
      for (let i = 0; i < 16; i++) expect((await instance.admit("k", 20, HOUR, "s")).success).toBe(true);
      const started = Date.now();
      await instance.bump("s");
      expect(Date.now() - started).toBeLessThan(LEASE_MS + LEASE_GRACE_MS + 500);
      expect((await instance.admit("k", 20, HOUR, "s")).success).toBe(false);
    });
  });
});
