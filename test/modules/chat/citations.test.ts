import { describe, it, expect } from "vitest";
import { citationsFrom, titleFrom } from "../../../worker/modules/chat/citations";
import type { NumberedSource } from "../../../worker/shared/persona";

const src = (n: number, content = `content ${n}`): NumberedSource => ({
  n,
  chunkId: `c${n}`,
  documentId: `d${n}`,
  title: `T${n}`,
  position: n,
  heading: "",
  content,
  score: 1,
});

describe("citations", () => {
  it("keeps only the sources the reply cites, first-cited order, once each; unknown numbers are ignored", () => {
    const c = citationsFrom("A [2]. B [1, 2]. C [7].", [src(1), src(2), src(3)]);
    expect(c.map((x) => x.chunkId)).toEqual(["c2", "c1"]);
    expect(citationsFrom("no markers", [src(1)])).toEqual([]);
  });

  it("carries the number each source had in the prompt, so a chip reads the same [n] as the reply text", () => {
    // Source 1 (say, a higher-ranked owner answer) is not cited: the first chip must still say 2, not 1.
    const c = citationsFrom("Octopuses solve puzzles [2]. Sardines with lemon [3].", [src(1), src(2), src(3)]);
    expect(c.map((x) => [x.chunkId, x.n])).toEqual([
      ["c2", 2],
      ["c3", 3],
    ]);
  });

  // Walk-through: two sections of one document were cited as two identical chips ("My life so far", twice).
  it("names the section a quote is from, when its document has headings", () => {
    const [a, b] = citationsFrom("A [1]. B [2].", [
      { ...src(1), title: "My life so far", heading: "Home" },
      { ...src(2), title: "My life so far" },
    ]);
    expect(a!.heading).toBe("Home");
    expect(b).not.toHaveProperty("heading");
  });

  it("shortens long snippets at a word boundary", () => {
    const long = "word ".repeat(100).trim();
    const [c] = citationsFrom("x [1]", [src(1, long)]);
    expect(c!.snippet.length).toBeLessThanOrEqual(241);
    expect(c!.snippet.endsWith("word…")).toBe(true);
  });
});

describe("titles from the first exchange", () => {
  it("uses the question, none for a greeting (the next question titles it); trims long ones", () => {
    expect(titleFrom("where do you climb?")).toBe("Where do you climb");
    expect(titleFrom("hi")).toBeNull();
    expect(titleFrom("Hi Ana!")).toBeNull();
    const t = titleFrom("Could you tell me everything about the long climbing trip you took across the Alps last summer?")!;
    expect(t.length).toBeLessThanOrEqual(61);
    expect(t.endsWith("…")).toBe(true);
  });
});
