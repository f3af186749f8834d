import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { newConversation } from "../../support/chat";
import { chatContext, container } from "../../support/container";
import type { LlmChunk, LlmPort } from "../../../worker/platform/llm/port";
import type { PersonaPrompt } from "../../../worker/shared/persona";
import { pairUp } from "../../../worker/modules/chat/messages.repo";
import type { MessageView } from "../../../worker/modules/chat/chat.schemas";

const SENDS = 30;

/** A model that takes a random while and records every prompt it was given. */
class RecordingLlm implements LlmPort {
  readonly adapter = "recording";
  readonly mode = "local" as const;
  readonly prompts: PersonaPrompt[] = [];
  async *stream(prompt: PersonaPrompt): AsyncIterable<LlmChunk> {
    this.prompts.push(prompt);
    const question = prompt.messages[prompt.messages.length - 1]!.content;
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 60));
    yield { type: "delta", text: "answer to " };
    await new Promise((r) => setTimeout(r, Math.random() * 30));
    yield { type: "final", text: `answer to ${question}`, model: "recording" };
  }
}

describe("concurrent sends into one conversation", () => {
  it(`${SENDS} parallel sends: every reply names its own question, and the listing pairs them`, { timeout: 60_000 }, async () => {
    const u = await registerUser();
    const conv = await newConversation(u.token, "busy");
    const results = await Promise.all(
      Array.from({ length: SENDS }, (_, i) =>
        api("POST", "/api/chat/send", { token: u.token, body: { conversation_id: conv.id, message: `question number ${i}` } }),
      ),
    );
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body.reply.replyTo).toBe(r.body.userMessage.id);
    }
    const listed: MessageView[] = (await api("GET", `/api/conversations/${conv.id}/messages?limit=100`, { token: u.token })).body.items;
    expect(listed).toHaveLength(SENDS * 2);
    const questions = new Map(listed.filter((m) => m.role === "user").map((m) => [m.id, m]));
    const replies = listed.filter((m) => m.role === "assistant");
    expect(new Set(replies.map((r) => r.replyTo)).size).toBe(SENDS);
    for (const r of replies) expect(questions.has(r.replyTo!)).toBe(true);
    // Displayed in pairs: question, then its reply.
    const paired = pairUp(listed);
    for (let i = 0; i < paired.length; i += 2) expect(paired[i + 1]!.replyTo).toBe(paired[i]!.id);
  });

  it("no turn's context holds another turn's half-finished exchange: only whole question/reply pairs", { timeout: 60_000 }, async () => {
    const u = await registerUser();
    const conv = await newConversation(u.token, "memory");
    // Some finished history first, so memory is not trivially empty.
    const llm = new RecordingLlm();
    const chat = container(env, { llm }).chat;
    const row = await chat.open({ kind: "owner", ownerId: u.user.id }, conv.id);
    await chat.turn(row, "warm-up one", () => {});
    await chat.turn(row, "warm-up two", () => {});
    const turns = await Promise.all(Array.from({ length: SENDS }, (_, i) => chat.turn(row, `parallel ${i}`, () => {})));
    expect(turns.every((t) => t.reply?.replyTo === t.userMessage.id)).toBe(true);

    expect(llm.prompts).toHaveLength(SENDS + 2);
    for (const p of llm.prompts) {
      const question = p.messages[p.messages.length - 1]!.content;
      const history = p.messages.slice(0, -1);
      expect(history.length % 2, `history of "${question}" has an unanswered message`).toBe(0);
      for (let i = 0; i < history.length; i += 2) {
        expect(history[i]!.role).toBe("user");
        expect(history[i + 1]!.role).toBe("assistant");
        // The reply that follows a question is that question's reply.
        expect(history[i + 1]!.content).toBe(`answer to ${history[i]!.content}`);
      }
      expect(history.map((m) => m.content)).not.toContain(question);
    }
    // The warm-up exchanges were finished before the burst: every parallel turn remembers them.
    for (const p of llm.prompts.slice(2)) expect(p.messages.map((m) => m.content)).toContain("warm-up two");
  });

  it("an unanswered question older than a turn can take (its turn failed) is history again", async () => {
    const u = await registerUser();
    const conv = await newConversation(u.token);
    const s = chatContext(env);
    const old = Date.now() - 10 * 60_000;
    await s.messages.insert({ conversationId: conv.id, userId: u.user.id, role: "user", content: "failed long ago", createdAt: old });
    const fresh = await s.messages.insert({ conversationId: conv.id, userId: u.user.id, role: "user", content: "in flight" });
    const memory = await s.messages.memory(u.user.id, conv.id, 11, Date.now());
    expect(memory.map((m) => m.content)).toEqual(["failed long ago"]);
    expect(memory.map((m) => m.id)).not.toContain(fresh.id);
  });
});
