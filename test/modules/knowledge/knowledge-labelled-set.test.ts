// The labelled set behind `npm run bench knowledge` (issue #15) keeps its promises: enough personas,
// questions and unanswerables, every answer present in the notes, and the questions marked as
// paraphrases share no content word (by stem or lemma) with the sentence that answers them.
import { describe, it, expect } from "vitest";
import data from "../../../bench/data/knowledge-personas.json";
import holdout1 from "../../../bench/data/knowledge-holdout.json";
import holdout2 from "../../../bench/data/knowledge-holdout2.json";
import holdout3 from "../../../bench/data/knowledge-holdout3.json";
import holdout4 from "../../../bench/data/knowledge-holdout4.json";
import { lemmas } from "../../../worker/shared/lexicon";
import { terms } from "../../../worker/shared/text";

const holdouts = [holdout1, holdout2, holdout3, holdout4];
const held = { personas: holdouts.flatMap((h) => h.personas), questions: holdouts.flatMap((h) => h.questions) };
const words = (t: string) => new Set(terms(t).flatMap((w) => [w.stem, ...lemmas(w.surface)]));
const sentenceOf = (persona: string, answer: string) => {
  const p = [...data.personas, ...held.personas].find((x) => x.id === persona)!;
  for (const d of p.documents) for (const s of d.content.split(/(?<=[.!?])\s+|\n+/)) if (s.includes(answer)) return s;
  return null;
};

describe("labelled set (bench/data/knowledge-personas.json)", () => {
  it("has 3+ personas, 60+ questions, half of them paraphrases, 20+ unanswerable", () => {
    expect(data.personas.length).toBeGreaterThanOrEqual(3);
    expect(data.questions.length).toBeGreaterThanOrEqual(60);
    expect(data.questions.filter((q) => q.paraphrase).length * 2).toBeGreaterThanOrEqual(data.questions.length);
    expect(data.unanswerable.length).toBeGreaterThanOrEqual(20);
  });

  it("every answer is a phrase of one note sentence, and each fact is in that note", () => {
    for (const q of [...data.questions, ...held.questions]) expect(sentenceOf(q.persona, q.answer), q.q).not.toBeNull();
  });

  it("paraphrases share no content word with their answer sentence", () => {
    const offenders = [...data.questions, ...held.questions]
      .filter((q) => q.paraphrase)
      .map((q) => ({ q: q.q, shared: [...words(q.q)].filter((w) => words(sentenceOf(q.persona, q.answer)!).has(w)) }))
      .filter((x) => x.shared.length);
    expect(offenders).toEqual([]);
  });

  it("each held-out set (bench/data/knowledge-holdout*.json) has its own owners, asked and unanswerable questions", () => {
    const ids = new Set(data.personas.map((p) => p.id));
    for (const h of holdouts) {
      expect(h.personas.every((p) => !ids.has(p.id))).toBe(true);
      for (const p of h.personas) ids.add(p.id);
      expect(h.questions.length).toBeGreaterThanOrEqual(20);
      expect(h.unanswerable.length).toBeGreaterThanOrEqual(10);
    }
  });

  it("the check can fail: a question reusing the answer's word is caught", () => {
    const shared = [...words("Where did you grow up?")].filter((w) => words("I grew up in Lisbon.").has(w));
    expect(shared).toContain("grow");
  });
});
