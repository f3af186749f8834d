// Guardrails on the labelled set (bench/data/guardrails-labelled.json, also run by `npm run bench`):
// through the offline responder, as a chat turn would: off-limits questions declined, the rest answered.
import { describe, it, expect } from "vitest";
import data from "../../bench/data/guardrails-labelled.json";
import { respond } from "../../worker/platform/llm/offline";
import { buildPersonaPrompt } from "../../worker/shared/persona";
import { normalizeTopics, offLimitsTopic, refusalLine } from "../../worker/shared/guardrails";

const profile = {
  name: "Ana Lima",
  headline: "Violinist",
  bio: "I play the violin in Porto.",
  personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 0 },
};
const notes = [
  { chunkId: "c1", documentId: "d1", title: "Music", position: 0, heading: "", content: "I practise the violin every morning at seven.", score: 1 },
];

describe("guardrails: labelled set", () => {
  it(`declines every off-limits question and no in-scope one (${data.questions.length} questions)`, () => {
    expect(data.questions.length).toBeGreaterThanOrEqual(20);
    const wrong = data.questions.filter(({ q, offLimits }) => {
      const r = respond(buildPersonaPrompt({ profile, history: [], chunks: notes, question: q, guardrails: data.guardrails }));
      return (r.status === "declined") !== offLimits;
    });
    expect(wrong).toEqual([]);
  });
});

describe("guardrails: matching", () => {
  it("matches every word of a topic or a related word, never a part of a word", () => {
    const g = { topics: ["my children", "ice cream"], refusal: "" };
    expect(offLimitsTopic("Tell me about your children", g)).toBe("my children");
    expect(offLimitsTopic("Do you like ice cream?", g)).toBe("ice cream");
    expect(offLimitsTopic("Is the ice on the lake thick?", g)).toBeNull();
    expect(offLimitsTopic("What about childhood?", g)).toBeNull();
    expect(offLimitsTopic("", g)).toBeNull();
    expect(offLimitsTopic("Who is your president?", { topics: [], refusal: "" })).toBeNull();
  });

  it("refuses politely by default, with the owner's line when set; cleans the topic list", () => {
    expect(refusalLine("my children", { topics: [], refusal: "" })).toMatch(/rather not talk about children/);
    expect(refusalLine("x", { topics: [], refusal: "  No comment.  " })).toBe("No comment.");
    expect(normalizeTopics([" a ", "A", "", "b  c"])).toEqual(["a", "b c"]);
  });
});
