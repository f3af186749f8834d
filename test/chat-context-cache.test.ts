import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { buildServices } from "../worker/middleware/services";
import { cacheKeys } from "../worker/services/cache";
import { api, registerUser } from "./helpers";

describe("conversation context cache", () => {
  it("serves the last messages from the cache and never a stale window after a new message", async () => {
    const u = await registerUser();
    const conv = await api("POST", "/api/conversations", { token: u.token, body: { title: "cache" } });
    const s = buildServices(env);
    const ctx = { ownerId: u.user.id, conversationId: conv.body.id, question: "hello" };
    // A finished exchange (an unanswered fresh question is another turn in flight, not memory).
    const q = await s.messages.insert({ conversationId: conv.body.id, userId: u.user.id, role: "user", content: "first" });
    await s.messages.insert({ conversationId: conv.body.id, userId: u.user.id, role: "assistant", content: "first answer", replyTo: q.id });
    // Once the post-write tombstone is gone (dropped here instead of waiting 10 s) the window is cached…
    const key = cacheKeys.conversationContext(conv.body.id);
    await s.cache["port"].del(key);
    const first = await s.chatContext.load(ctx);
    expect(first.history.map((m) => m.content)).toEqual(["first", "first answer"]);
    const cached = await s.cache["port"].get<{ v: unknown[] }>(key);
    expect(cached && "v" in cached ? cached.v : null).toHaveLength(2);
    // …and a new message invalidates it, so the next turn sees it.
    await s.messages.insert({ conversationId: conv.body.id, userId: u.user.id, role: "assistant", content: "second" });
    const next = await s.chatContext.load(ctx);
    expect(next.history.map((m) => m.content)).toEqual(["first", "first answer", "second"]);
  });
});
