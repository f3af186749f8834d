// The structured "could not answer" / "declined" signal, from both responders: the offline
// extractive one decides it itself; a language model emits a marker the adapter strips and reports.
import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { OfflineExtractiveLlm, respond } from "../../worker/platform/llm/offline";
import { GroqLlm } from "../../worker/platform/llm/groq";
import { MarkerFilter, type LlmChunk } from "../../worker/platform/llm/port";
import { buildPersonaPrompt, type RetrievedChunk } from "../../worker/shared/persona";

const profile = { name: "Ana Lima", headline: "Violinist", bio: "I play in Porto.", personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 0 } };
const chunk = (content: string, kind: RetrievedChunk["kind"] = "document", i = 0): RetrievedChunk => ({
  chunkId: `c${i}`,
  documentId: `d${i}`,
  title: "Notes",
  position: 0,
  heading: "",
  content,
  score: 1,
  kind,
});
const MUSIC = chunk("I practise the violin every morning at seven.");
const prompt = (question: string, chunks: RetrievedChunk[] = [MUSIC], guardrails = { topics: ["politics", "my children"], refusal: "" }) =>
  buildPersonaPrompt({ profile, history: [], chunks, question, guardrails });

async function collect(stream: AsyncIterable<LlmChunk>) {
  const out: LlmChunk[] = [];
  for await (const c of stream) out.push(c);
  return { deltas: out.filter((c) => c.type === "delta").map((c) => (c as { text: string }).text), final: out.at(-1) as Extract<LlmChunk, { type: "final" }> };
}

describe("offline responder: structured signal", () => {
  it("answered when the knowledge covers the question, unanswered when nothing does, declined on an off-limits topic", async () => {
    expect(respond(prompt("When do you practise the violin?")).status).toBe("answered");
    const none = respond(prompt("What is your favourite book?", []));
    expect(none.status).toBe("unanswered");
    expect(none.text).toMatch(/haven't shared anything/);
    const declined = respond(prompt("Who will you vote for in the election?"));
    expect(declined).toEqual({ status: "declined", text: expect.stringMatching(/rather not talk about politics/) });
    // A greeting has no topic: it is not an unanswered question.
    expect(respond(prompt("hi", [])).status).toBe("answered");
    const { final } = await collect(new OfflineExtractiveLlm().stream(prompt("What is your favourite book?", [])));
    expect(final.status).toBe("unanswered");
  });

  it("uses the owner's custom refusal line", () => {
    const r = respond(prompt("How old are your kids?", [MUSIC], { topics: ["my children"], refusal: "I keep my family out of this." }));
    expect(r).toEqual({ status: "declined", text: "I keep my family out of this." });
  });

  it("answers with the owner's own answer (a revision) when it covers a paraphrase, citing it", () => {
    const rev = chunk("Question: What is your favourite book?\n\nAnswer: Dune by Frank Herbert; I reread it every winter.", "revision", 1);
    const r = respond(prompt("Which book do you love most?", [MUSIC, rev]));
    expect(r).toEqual({ status: "answered", text: "Dune by Frank Herbert; I reread it every winter. [2]" });
    // An unrelated revision is not used as the answer.
    expect(respond(prompt("When do you practise the violin?", [MUSIC, rev])).text).toContain("every morning");
  });
});

describe("LLM adapter: structured signal against the local mock LLM", () => {
  const llm = () =>
    new GroqLlm({ apiKey: "k", model: "mock-model", baseURL: `${env.MOCK_LLM_URL}/obedient/${crypto.randomUUID()}/v1`, timeoutMs: 5000, maxRetries: 0 });

  it("reports unanswered when the model signals it, and no reader ever sees the marker", async () => {
    const { deltas, final } = await collect(llm().stream(prompt("What is your favourite book?", [])));
    expect(final.status).toBe("unanswered");
    expect(final.text).toBe("I haven't shared anything about that yet, so I won't guess.");
    expect(deltas.join("")).not.toContain("[[");
    expect(deltas.join("").trim()).toBe(final.text);
  });

  it("reports declined for an off-limits topic, and answered otherwise", async () => {
    const declined = await collect(
      llm().stream(prompt("What do you think about politics?", [MUSIC], { topics: ["politics"], refusal: "Not my thing to discuss." })),
    );
    expect(declined.final).toMatchObject({ status: "declined", text: "Not my thing to discuss." });
    const ok = await collect(llm().stream(prompt("When do you practise the violin?")));
    expect(ok.final).toMatchObject({ status: "answered", text: "From my notes: When do you practise the violin? [1]" });
  });

  it("the prompt asks for the markers and lists the off-limits topics", () => {
    const p = prompt("x", [], { topics: ["politics", "my children"], refusal: "" });
    expect(p.system).toContain("[[unanswered]]");
    expect(p.system).toContain('Off-limits topics (never discuss them, even indirectly): "politics", "my children".');
    expect(buildPersonaPrompt({ profile, history: [], chunks: [], question: "x" }).system).not.toContain("Off-limits");
  });
});

describe("marker filter", () => {
  it("holds back a possible marker split across deltas and lets ordinary brackets through", () => {
    const f = new MarkerFilter();
    const shown = ["See [1] and [", "[unans", "wered]", "]"].map((d) => f.push(d)).join("");
    const end = f.finish();
    expect(shown + end.rest).toBe("See [1] and ");
    expect(end).toMatchObject({ status: "unanswered", text: "See [1] and" });
    const g = new MarkerFilter();
    const plain = ["a [", "b] [[x]] c"].map((d) => g.push(d)).join("") + g.finish().rest;
    expect(plain).toBe("a [b] [[x]] c");
  });
});
