import { describe, expect, it } from "vitest";
import { personalityPreview } from "../src/lib/personality";

const mid = { formality: 50, enthusiasm: 50, verbosity: 50, humor: 50 };

describe("personality preview", () => {
  it("is deterministic", () => {
    expect(personalityPreview(mid, "Ada Lovelace")).toBe(personalityPreview(mid, "Ada Lovelace"));
  });

  it("changes with every slider", () => {
    const base = personalityPreview(mid);
    for (const key of ["formality", "enthusiasm", "verbosity", "humor"] as const) {
      expect(personalityPreview({ ...mid, [key]: 0 }), key).not.toBe(base);
      expect(personalityPreview({ ...mid, [key]: 100 }), key).not.toBe(base);
    }
  });

  it("is longer when more verbose and formal when formal", () => {
    expect(personalityPreview({ ...mid, verbosity: 100 }).length).toBeGreaterThan(personalityPreview({ ...mid, verbosity: 0 }).length);
    expect(personalityPreview({ ...mid, formality: 100 }, "Ada Lovelace")).toContain("My name is Ada");
    expect(personalityPreview({ ...mid, formality: 0 })).toContain("Hey");
  });

  // Walk-through: an air-traffic controller's onboarding preview said "Coffee is non-negotiable", a fact her notes never
  // gave. Humour shows in the tone, not in made-up facts about the owner.
  it("invents no fact about the owner at any humour", () => {
    for (const humor of [0, 50, 100])
      for (const verbosity of [0, 50, 100])
        expect(personalityPreview({ ...mid, humor, verbosity }, "Aoife Brennan", "Air-traffic controller")).not.toMatch(/coffee|☕/i);
    expect(personalityPreview({ ...mid, humor: 100 })).not.toBe(personalityPreview({ ...mid, humor: 0 }));
  });

  it("talks about the person's own headline when there is one", () => {
    const s = personalityPreview({ ...mid, formality: 100 }, "Ada Lovelace", "Mathematician and first programmer.");
    expect(s).toContain("My name is Ada — mathematician and first programmer.");
    expect(s).not.toContain("software");
    expect(personalityPreview(mid, "", "Product designer")).toContain("In short: product designer.");
  });

  it("without a headline, speaks from the bio, or neutrally; it never invents a job (QA bug 6)", () => {
    const invented = /web|software|products|building|coffee is a core dependency/i;
    const bio = "Marine biologist in Berlin. I study how octopuses solve puzzles.";
    for (const p of [mid, { ...mid, formality: 0, verbosity: 100 }, { ...mid, formality: 100, humor: 100 }]) {
      const fromBio = personalityPreview(p, "Maya Ortiz", "", bio);
      expect(fromBio).toMatch(/marine biologist in Berlin\./);
      expect(fromBio).not.toMatch(invented);
      const firstPerson = personalityPreview(p, "Maya Ortiz", "", "I study octopuses in Berlin. Also cello.");
      expect(firstPerson).toContain("I study octopuses in Berlin.");
      expect(firstPerson).not.toMatch(invented);
      const neutral = personalityPreview(p, "Maya Ortiz", "", "");
      expect(neutral).toMatch(/Maya/);
      expect(neutral).not.toMatch(invented);
    }
    // The headline still wins over the bio.
    expect(personalityPreview(mid, "Maya Ortiz", "Octopus researcher", bio)).toContain("octopus researcher.");
  });
});
