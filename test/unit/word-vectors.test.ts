// The word-vector table (scripts/build-word-vectors.mjs → worker/shared/word-vectors-data.ts) decodes to what it says,
// and its cosines still separate related nouns from unrelated ones after reduction and quantisation.
import { describe, expect, it } from "vitest";
import { relatedness, similarity, vectorOf } from "../../worker/shared/word-vectors";
import { WORD_VECTORS } from "../../worker/shared/word-vectors-data";

describe("word vectors", () => {
  it("holds one vector of `dims` bytes per word", () => {
    const words = WORD_VECTORS.words.split(" ");
    expect(new Set(words).size).toBe(words.length);
    expect(atob(WORD_VECTORS.vectors).length).toBe(words.length * WORD_VECTORS.dims);
  });
  it("scores a word against itself 1 and an unknown word 0", () => {
    expect(relatedness("cattle", "cattle")).toBeCloseTo(1, 5);
    expect(relatedness("cattle", "zzqx")).toBe(0);
    expect(similarity(vectorOf("zzqx"), vectorOf("cattle"))).toBe(0);
  });
  it("keeps related nouns close and unrelated ones apart", () => {
    expect(relatedness("livestock", "cattle")).toBeGreaterThan(0.6);
    expect(relatedness("pet", "dog")).toBeGreaterThan(0.5);
    expect(relatedness("language", "spanish")).toBeGreaterThan(0.4);
    expect(relatedness("football", "cello")).toBeLessThan(0.3);
    expect(relatedness("livestock", "novel")).toBeLessThan(0.3);
  });
  it("holds nouns only: a word mostly used as a verb has no vector", () => {
    expect(vectorOf("livestock")).toBeGreaterThanOrEqual(0);
    expect(vectorOf("dislike")).toBe(-1);
  });
});
