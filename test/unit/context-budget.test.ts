import { describe, expect, it } from "vitest";
import { CONTEXT_BUDGET_TOKENS, VISITOR_NOTES_MAX_TOKENS, estimateTokens, fitContextBudget } from "../../worker/modules/chat/context-budget";
import { buildPersonaPrompt, CONTEXT_MESSAGES, type RetrievedChunk, type VisitorNote } from "../../worker/shared/persona";

const chunk = (n: number, chars = 1200): RetrievedChunk => ({
  chunkId: `chk_${n}`,
  documentId: `doc_${n}`,
  title: `Doc ${n}`,
  position: 0,
  heading: "",
  content: `${n} `.repeat(chars / 2),
  score: 1 / n,
});
const note = (i: number, chars = 100): VisitorNote => ({ kind: "asked", text: `q${i} `.padEnd(chars, "x"), at: 1000 - i });

describe("context budget", () => {
  it("keeps everything when it fits", () => {
    const r = fitContextBudget([chunk(1, 200), chunk(2, 200)], [note(1), note(2)]);
    expect(r.dropped).toEqual({ chunks: 0, visitorNotes: 0 });
    expect(r.chunks.map((c) => c.chunkId)).toEqual(["chk_1", "chk_2"]);
  });

  it("drops the lowest-ranked sources first, keeping the visitor's notes", () => {
    const chunks = [1, 2, 3, 4, 5].map((n) => chunk(n));
    const r = fitContextBudget(chunks, [note(1), note(2), note(3)]);
    expect(r.chunks.map((c) => c.chunkId)).toEqual(["chk_1", "chk_2", "chk_3", "chk_4"]);
    expect(r.visitorNotes).toHaveLength(3);
    expect(r.dropped).toEqual({ chunks: 1, visitorNotes: 0 });
    expect(r.tokens).toBeLessThanOrEqual(CONTEXT_BUDGET_TOKENS);
  });

  it("then the visitor's oldest notes; the best source always stays", () => {
    const notes = [1, 2, 3, 4].map((i) => note(i));
    const r = fitContextBudget([chunk(1), chunk(2)], notes, 380);
    expect(r.chunks.map((c) => c.chunkId)).toEqual(["chk_1"]);
    expect(r.visitorNotes.map((n) => n.text)).toEqual(notes.slice(0, 2).map((n) => n.text)); // the newest
    expect(r.dropped).toEqual({ chunks: 1, visitorNotes: 2 });
    expect(fitContextBudget([chunk(1)], notes, 10).chunks).toHaveLength(1);
  });

  it("visitor notes have their own cap inside the budget", () => {
    const notes = Array.from({ length: 20 }, (_, i) => note(i, 180));
    const r = fitContextBudget([], notes);
    const used = r.visitorNotes.reduce((s, n) => s + estimateTokens(n.text) + 8, 0);
    expect(used).toBeLessThanOrEqual(VISITOR_NOTES_MAX_TOKENS);
    expect(r.visitorNotes[0]).toBe(notes[0]);
    expect(r.dropped.visitorNotes).toBeGreaterThan(0);
  });

  it("the last 10 messages are outside the budget and always kept", () => {
    const history = Array.from({ length: 14 }, (_, i) => ({ role: i % 2 ? ("assistant" as const) : ("user" as const), content: "y".repeat(4000) }));
    const fitted = fitContextBudget(
      [1, 2, 3, 4, 5].map((n) => chunk(n)),
      [],
    );
    const p = buildPersonaPrompt({
      profile: { name: "A", headline: "", bio: "", personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 50 } },
      history,
      chunks: fitted.chunks,
      question: "q",
    });
    expect(p.messages).toHaveLength(CONTEXT_MESSAGES + 1);
    expect(p.sources).toHaveLength(fitted.chunks.length);
  });
});
