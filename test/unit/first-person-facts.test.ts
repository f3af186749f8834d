import { describe, expect, it } from "vitest";
import { extractFirstPersonFacts } from "../../worker/shared/first-person-facts";
import set from "../../bench/data/memory-facts.json";

describe("offline first-person fact extractor", () => {
  it("turns stated facts into first-person sentences", () => {
    expect(extractFirstPersonFacts("I moved to Lisbon last month")).toEqual(["I moved to Lisbon last month."]);
    expect(extractFirstPersonFacts("Remember that my daughter is called Ana!")).toEqual(["My daughter is called Ana."]);
    expect(extractFirstPersonFacts("Hi there. Last month, I started the cello. What about you?")).toEqual(["Last month, I started the cello."]);
    // A filler opener is not part of the fact; a time phrase is.
    expect(extractFirstPersonFacts("By the way, I moved to Lisbon last month.")).toEqual(["I moved to Lisbon last month."]);
    expect(extractFirstPersonFacts("Actually, my sister is a pilot.")).toEqual(["My sister is a pilot."]);
  });

  it("leaves out questions, opinions, hypotheticals, requests and small talk", () => {
    for (const m of [
      "Where do I live?",
      "I think he is lazy.",
      "If I won I would retire.",
      "I want you to be brief.",
      "I'm fine, thanks.",
      "Python is great.",
    ]) {
      expect(extractFirstPersonFacts(m), m).toEqual([]);
    }
  });

  it("keeps its precision and recall on the labelled set (the bench prints them)", () => {
    expect(set.facts.length).toBeGreaterThanOrEqual(30);
    expect(set.nonFacts.length).toBeGreaterThanOrEqual(20);
    const hit = (m: string) => extractFirstPersonFacts(m).length > 0;
    const tp = set.facts.filter(hit).length;
    const fp = set.nonFacts.filter(hit).length;
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.9);
    expect(tp / set.facts.length).toBeGreaterThanOrEqual(0.85);
  });
});
