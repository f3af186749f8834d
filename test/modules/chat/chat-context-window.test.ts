import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { chatContext } from "../../support/container";
import { api, registerUser } from "../../support/client";

describe("conversation context window", () => {
  it("is never stale: a message written is in the next turn's window", async () => {
    const u = await registerUser();
    const conv = await api("POST", "/api/conversations", { token: u.token, body: { title: "window" } });
    const s = chatContext(env);
    const ctx = { ownerId: u.user.id, conversationId: conv.body.id, question: "hello" };
    // A finished exchange (an unanswered fresh question is another turn in flight, not memory).
    const q = await s.messages.insert({ conversationId: conv.body.id, userId: u.user.id, role: "user", content: "first" });
    await s.messages.insert({ conversationId: conv.body.id, userId: u.user.id, role: "assistant", content: "first answer", replyTo: q.id });
    expect((await s.loader.load(ctx)).history.map((m) => m.content)).toEqual(["first", "first answer"]);
    await s.messages.insert({ conversationId: conv.body.id, userId: u.user.id, role: "assistant", content: "second" });
    expect((await s.loader.load(ctx)).history.map((m) => m.content)).toEqual(["first", "first answer", "second"]);
  });
});
