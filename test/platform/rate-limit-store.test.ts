import { describe, it, expect } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { FLUSH_MS, RateLimitStore } from "../../worker/platform/rate-limit/durable-object";
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
      const e0 = instance.admit("k", 100, HOUR, "scope").epoch;
      instance.bump("scope");
      const e1 = instance.admit("k", 100, HOUR, "scope").epoch;
      expect(e1).toBeGreaterThan(e0);
      const restarted = new RateLimitStore(state, {});
      expect(restarted.admit("k", 100, HOUR, "scope").epoch).toBe(e1);
      restarted.bump("scope");
      expect(restarted.admit("k", 100, HOUR, "scope").epoch).toBeGreaterThan(e1);
    });
  });
});
