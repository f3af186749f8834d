import { describe, it, expect } from "vitest";
import { scan } from "../../worker/platform/vector-store/d1";

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

function matrix(n: number, dims: number, rand: () => number) {
  const values = new Int8Array(n * dims);
  for (let i = 0; i < values.length; i++) values[i] = Math.round(rand() * 127);
  return { version: 1, dims, ids: Array.from({ length: n }, (_, i) => `chk_${i}`), values };
}

/** The obvious reference: every row's dot product, sorted (stable, so ties keep row order). */
function reference(m: ReturnType<typeof matrix>, q: Float32Array, k: number) {
  const all = m.ids.map((_, r) => {
    let dot = 0;
    for (let i = 0; i < m.dims; i++) dot += q[i]! * m.values[r * m.dims + i]!;
    return { r, dot: Math.fround(dot) };
  });
  return all.sort((a, b) => b.dot - a.dot).slice(0, k);
}

describe("the vector scan", () => {
  it.each([
    ["dense query", 1, 64],
    ["sparse query (lexical embedder: a few dimensions set)", 2, 6],
  ])("%s: the same top-k, in the same order, as scoring and sorting every row", (_label, seed, nonZero) => {
    const rand = rng(seed);
    const m = matrix(2000, 64, rand);
    for (let trial = 0; trial < 20; trial++) {
      const q = new Float32Array(64);
      for (let j = 0; j < nonZero; j++) q[Math.floor(((rand() + 1) / 2) * 64) % 64] = rand();
      for (const k of [1, 5, 40]) {
        const got = scan(m, q, k);
        const want = reference(m, q, k);
        expect(Array.from(got.rows)).toEqual(want.map((w) => w.r));
        for (let i = 0; i < k; i++) expect(got.scores[i]).toBeCloseTo(want[i]!.dot, 2);
      }
    }
  });

  it("asks for more than there is: every row, best first; none from an empty matrix", () => {
    const m = matrix(3, 4, rng(3));
    const q = new Float32Array([1, 0, 0, 0]);
    expect(Array.from(scan(m, q, 10).rows)).toEqual(reference(m, q, 10).map((w) => w.r));
    expect(scan({ version: 1, dims: 4, ids: [], values: new Int8Array(0) }, q, 5).rows).toHaveLength(0);
  });
});
