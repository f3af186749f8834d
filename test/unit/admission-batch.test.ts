import { describe, expect, it } from "vitest";
import { AdmissionBatcher, type AdmittedCount } from "../../worker/platform/rate-limit/admission-batch";

/** A store whose calls answer only when the test says so; counts like the real ones (limit, in order). */
function heldStore(limit: number) {
  let used = 0;
  let epoch = 1;
  const calls: { count: number; answer(): void; fail(err: unknown): void }[] = [];
  const admitCount = (_k: string, _l: number, _w: number, _s: string, count: number) =>
    new Promise<AdmittedCount>((resolve, reject) => {
      // The store runs the call as it arrives (reads the epoch then); only the answer is held back.
      const seen = epoch;
      calls.push({
        count,
        answer: () => {
          const admitted = Math.max(0, Math.min(count, limit - used));
          used += admitted;
          resolve({ admitted, remaining: admitted ? limit - used : 0, limit, reset: 60_000, epoch: seen });
        },
        fail: reject,
      });
    });
  return { admitCount, calls, bump: () => epoch++ };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("AdmissionBatcher: one store call for a burst of one key's requests", () => {
  it("below the in-flight cap every request gets its own call, as without batching", async () => {
    const store = heldStore(10);
    const kept: Promise<unknown>[] = [];
    const b = new AdmissionBatcher(store.admitCount, 4, (p) => kept.push(p));
    const all = Promise.all([1, 2, 3].map(() => b.admit("user:a", 10, 60, "s")));
    expect(store.calls.map((c) => c.count)).toEqual([1, 1, 1]);
    for (const c of store.calls) c.answer();
    expect((await all).map((a) => a.remaining)).toEqual([9, 8, 7]);
    expect(kept).toHaveLength(3); // every call is kept alive past its sender's request
  });

  it("requests beyond the cap wait and go as one call, each answered as if counted one by one, never over the limit", async () => {
    const store = heldStore(5);
    const b = new AdmissionBatcher(store.admitCount, 2, () => {});
    const all = Promise.all(Array.from({ length: 9 }, () => b.admit("user:a", 5, 60, "s")));
    expect(store.calls.map((c) => c.count)).toEqual([1, 1]);
    store.calls[0]!.answer();
    await flush();
    expect(store.calls.map((c) => c.count)).toEqual([1, 1, 7]);
    store.calls[1]!.answer();
    store.calls[2]!.answer();
    const results = await all;
    expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false, false, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0, 0]);
  });

  it("a request never joins a call sent before it arrived: it sees an epoch bumped before it started", async () => {
    const store = heldStore(100);
    const b = new AdmissionBatcher(store.admitCount, 1, () => {});
    const early = b.admit("user:a", 100, 60, "s");
    store.bump(); // a logout finishes after `early` was sent…
    const late = b.admit("user:a", 100, 60, "s"); // …and before this request starts
    store.calls[0]!.answer();
    await flush();
    expect(store.calls).toHaveLength(2);
    store.calls[1]!.answer();
    expect((await early).epoch).toBe(1);
    expect((await late).epoch).toBe(2);
  });

  it("keys, limits and scopes never share a call", async () => {
    const store = heldStore(100);
    const b = new AdmissionBatcher(store.admitCount, 1, () => {});
    void b.admit("user:a", 100, 60, "s");
    void b.admit("user:b", 100, 60, "s");
    void b.admit("user:a", 50, 60, "s");
    void b.admit("user:a", 100, 60, "t");
    expect(store.calls).toHaveLength(4);
  });

  it("a failed call fails only its own requests, and the next waiting ones still go", async () => {
    const store = heldStore(100);
    const b = new AdmissionBatcher(store.admitCount, 1, () => {});
    const first = b.admit("user:a", 100, 60, "s");
    const second = b.admit("user:a", 100, 60, "s");
    store.calls[0]!.fail(new Error("store down"));
    await expect(first).rejects.toThrow("store down");
    await flush();
    store.calls[1]!.answer();
    expect((await second).success).toBe(true);
  });

  it("a woken request that never starts (its client went away) is passed over: the next one sends, for both", async () => {
    const store = heldStore(100);
    const kept: Promise<unknown>[] = [];
    const b = new AdmissionBatcher(store.admitCount, 1, (p) => kept.push(p), 5);
    const first = b.admit("user:a", 100, 60, "s");
    const second = b.admit("user:a", 100, 60, "s");
    // A request that went away while waiting: woken, it never runs again.
    const lane = [...(b as unknown as { lanes: Map<string, { waiting: object[] }> }).lanes.values()][0]!;
    lane.waiting.unshift({ answer() {}, wake() {}, awake: new Promise(() => {}), included: false, woken: false });
    store.calls[0]!.answer();
    await first;
    await new Promise((r) => setTimeout(r, 30));
    expect(store.calls.map((c) => c.count)).toEqual([1, 2]);
    store.calls[1]!.answer();
    expect((await second).remaining).toBe(98);
    await Promise.all(kept); // the first sender was kept alive until the hand-off was done
  });

  it("forgets a key once nothing of it is out or waiting (bounded by concurrent keys, not by every key seen)", async () => {
    const store = heldStore(1_000_000);
    const b = new AdmissionBatcher(store.admitCount, 4, () => {});
    const all = Array.from({ length: 500 }, (_, i) => b.admit(`user:${i}`, 1_000_000, 60, "s"));
    for (const c of store.calls) c.answer();
    await Promise.all(all);
    await flush();
    expect((b as unknown as { lanes: Map<string, unknown> }).lanes.size).toBe(0);
  });
});
