// Issue #15, the relevance floor: the offline path declines below it, so it must let through the
// paraphrases a person would accept and stop the near misses. Each case failed on the lexical-hash-v2
// table and plain coverage (herb ↔ coriander scored 0; "Do you play chess?" against "playing the cello"
// scored exactly the floor).
import { describe, it, expect } from "vitest";
import { lemmas } from "../../worker/shared/lexicon";
import { matches, profileOf, questionOf, relevance, RELEVANCE_FLOOR } from "../../worker/shared/relevance";

describe("relevance: paraphrases pass the floor", () => {
  const cases: [string, string][] = [
    ["Is there an herb you dislike?", "I cannot stand coriander, it tastes like soap to me."], // coriander → herb (hypernym)
    ["What are you afraid of?", "I am terrified of heights, so ladders are my least favourite part of carpentry."], // terrified ≈ afraid (adjective satellite)
  ];
  for (const [q, note] of cases) it(`${q} ← ${note}`, () => expect(relevance(q, note)).toBeGreaterThanOrEqual(RELEVANCE_FLOOR));

  it("links the words that carry the meaning, though not enough alone to pass", () => {
    const credit = (q: string, note: string, word: string) => {
      const question = questionOf(q);
      return matches(question, profileOf(note))[question.words.findIndex((w) => w.stem === word)];
    };
    expect(credit("Have you ever had a fracture?", "I broke my left wrist in 2019.", "fractur")).toBeGreaterThan(0); // fracture's first sense is {fracture, break}
    expect(credit("How old were you when your family relocated?", "We moved to Manchester when I was nine.", "reloc")).toBeGreaterThan(0); // relocate → move
    expect(credit("Did you ever injure yourself on a bicycle?", "I broke my wrist in a cycling accident.", "bicycl")).toBeGreaterThan(0); // cycle (derived) ↔ bicycle
  });
});

describe("relevance: the predicate alone does not answer", () => {
  const cases: [string, string][] = [
    ["Do you play chess?", "Outside the lab my hobbies are sailing and playing the cello."],
    ["Do you play video games?", "My younger brother Femi plays bass in a jazz band."],
  ];
  for (const [q, note] of cases) it(`${q} ✗ ${note}`, () => expect(relevance(q, note)).toBeLessThan(RELEVANCE_FLOOR));

  it("reads a word as a thing or an action from the word before it", () => {
    const verb = (q: string, stem: string) => questionOf(q).words.find((w) => w.stem === stem)?.verb;
    expect(verb("Have you ever had a fracture?", "fractur")).toBe(false); // "a fracture"
    expect(verb("Do you play chess?", "plai")).toBe(true); // "you play"
    expect(verb("What is your favourite herb?", "herb")).toBe(false);
  });
});

describe("lemmas", () => {
  it("gives a participle WordNet lists as an adjective its verb too", () => {
    expect(lemmas("relocated")).toEqual(expect.arrayContaining(["relocated", "relocate"]));
    expect(lemmas("terrified")).toContain("terrify");
    expect(lemmas("ever")).not.toContain("ev"); // no two-letter stems
  });
});
