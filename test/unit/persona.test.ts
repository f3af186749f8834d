import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { buildPersonaPrompt, band, CONTEXT_MESSAGES, SLIDER_INSTRUCTIONS, type PersonaProfile } from "../../worker/shared/persona";
import { chatContext } from "../support/container";
import { registerUser } from "../support/client";
import { newConversation } from "../support/chat";

const profile = (p: Partial<PersonaProfile["personality"]> = {}): PersonaProfile => ({
  name: "Ana Lima",
  headline: "Climber and data engineer",
  bio: "I build data pipelines in Lisbon.",
  personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 50, ...p },
});

describe("persona prompt", () => {
  it("each slider changes the system prompt by its documented band", () => {
    const base = buildPersonaPrompt({ profile: profile(), history: [], chunks: [], question: "hi" }).system;
    for (const slider of ["formality", "enthusiasm", "verbosity", "humor"] as const) {
      const low = buildPersonaPrompt({ profile: profile({ [slider]: 0 }), history: [], chunks: [], question: "hi" }).system;
      const high = buildPersonaPrompt({ profile: profile({ [slider]: 100 }), history: [], chunks: [], question: "hi" }).system;
      expect(low).toContain(SLIDER_INSTRUCTIONS[slider].low);
      expect(high).toContain(SLIDER_INSTRUCTIONS[slider].high);
      expect(base).toContain(SLIDER_INSTRUCTIONS[slider].mid);
      expect(new Set([low, base, high]).size).toBe(3);
    }
    expect([band(0), band(33), band(34), band(66), band(67), band(100)]).toEqual(["low", "low", "mid", "mid", "high", "high"]);
  });

  it("speaks as the owner and numbers retrieved chunks for citations", () => {
    const p = buildPersonaPrompt({
      profile: profile(),
      history: [],
      chunks: [
        { chunkId: "c1", documentId: "d1", title: "Hobbies", position: 0, heading: "", content: "I climb at Fontainebleau.", score: 2 },
        { chunkId: "c2", documentId: "d2", title: "Work", position: 3, heading: "Jobs", content: "I work at Acme.", score: 1 },
      ],
      question: "Where do you climb?",
    });
    expect(p.system).toContain("Ana Lima");
    expect(p.system).toContain("Climber and data engineer");
    expect(p.system).toContain("[1] (Hobbies) I climb at Fontainebleau.");
    expect(p.system).toContain("[2] (Work — Jobs) I work at Acme.");
    expect(p.sources.map((s) => s.n)).toEqual([1, 2]);
    expect(p.messages.at(-1)).toEqual({ role: "user", content: "Where do you climb?" });
  });

  it("the context loader gives exactly the last 10 messages before the question, oldest first", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    for (let i = 0; i < 14; i++) {
      await env.DB.prepare("INSERT INTO messages (id, conversation_id, user_id, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(`msg_${i}_${crypto.randomUUID()}`, conv.id, a.user.id, i % 2 ? "assistant" : "user", `turn ${i}`, 1000 + i)
        .run();
    }
    const s = chatContext(env);
    const question = await s.messages.insert({ conversationId: conv.id, userId: a.user.id, role: "user", content: "the question", createdAt: 5000 });
    const ctx = await s.loader.load({ ownerId: a.user.id, conversationId: conv.id, question: "the question", excludeMessageId: question.id });
    expect(ctx.history).toHaveLength(CONTEXT_MESSAGES);
    expect(CONTEXT_MESSAGES).toBe(10);
    expect(ctx.history.map((m) => m.content)).toEqual(Array.from({ length: 10 }, (_, i) => `turn ${i + 4}`));
    const prompt = buildPersonaPrompt({ ...ctx, question: "the question" });
    expect(prompt.messages).toHaveLength(11);
    expect(prompt.messages.map((m) => m.content)).not.toContain("turn 3");
    // The builder itself also caps what it is given.
    const long = buildPersonaPrompt({
      profile: profile(),
      history: Array.from({ length: 25 }, (_, i) => ({ role: "user" as const, content: `h${i}` })),
      chunks: [],
      question: "q",
    });
    expect(long.messages.slice(0, -1).map((m) => m.content)).toEqual(Array.from({ length: 10 }, (_, i) => `h${i + 15}`));
  });
});
