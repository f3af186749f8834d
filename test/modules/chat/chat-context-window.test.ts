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

  it("is read within its owner: another owner's conversation id gives an empty window (a turn loads it while the conversation is checked)", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const conv = await api("POST", "/api/conversations", { token: b.token, body: { title: "b's" } });
    const s = chatContext(env);
    const q = await s.messages.insert({ conversationId: conv.body.id, userId: b.user.id, role: "user", content: "b's secret" });
    await s.messages.insert({ conversationId: conv.body.id, userId: b.user.id, role: "assistant", content: "b's answer", replyTo: q.id });
    expect((await s.messages.memory(b.user.id, conv.body.id, 11)).map((m) => m.content)).toEqual(["b's secret", "b's answer"]);
    expect(await s.messages.memory(a.user.id, conv.body.id, 11)).toEqual([]);
    expect((await s.loader.load({ ownerId: a.user.id, conversationId: conv.body.id, question: "hello" })).history).toEqual([]);
  });
});
