import { describe, it, expect } from "vitest";
import { exports } from "cloudflare:workers";
import { api, registerUser, expectErrorShape } from "../../support/client";
import { addKnowledge, eventually, newConversation, parseSse } from "../../support/chat";
import { chatStreamEventSchema } from "../../../worker/contracts/chat";

const FACTS = ["My sister Marta lives in Bergen and teaches violin.", "I adopted a grey cat called Pixel in 2021. Pixel sleeps on my keyboard."];

async function setup() {
  const a = await registerUser("Ana Lima");
  const doc = await addKnowledge(a.user.id, "Family", FACTS);
  const conv = await newConversation(a.token);
  return { a, doc, conv };
}

describe("chat/send: happy path (offline responder)", () => {
  it("answers a question from an uploaded fact, saves both messages, cites the chunk and titles the conversation", async () => {
    const { a, doc, conv } = await setup();
    const r = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "What is your cat called?" } });
    expect(r.status).toBe(200);
    expect(r.body.userMessage).toMatchObject({ role: "user", content: "What is your cat called?", conversationId: conv.id });
    expect(r.body.reply).toMatchObject({ role: "assistant", model: "offline-extractive", videoJobId: null });
    expect(r.body.reply.content).toContain("Pixel");
    // The citation carries the number the reply text uses for it: a chip shows that, not its place in the list.
    const cited = Number(/\[(\d+)\]/.exec(r.body.reply.content)?.[1]);
    expect(r.body.reply.citations).toEqual([
      { n: cited, documentId: doc.id, chunkId: doc.chunkIds[1], title: "Family", position: 1, snippet: FACTS[1], kind: "document" },
    ]);
    const msgs = await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token });
    expect(msgs.body.items.map((m: any) => m.id)).toEqual([r.body.userMessage.id, r.body.reply.id]);
    const after = await api("GET", `/api/conversations/${conv.id}`, { token: a.token });
    expect(after.body.title).toBe("What is your cat called");
    expect(after.body.lastMessagePreview).toBe(r.body.reply.content.slice(0, 120));
    // A second exchange keeps the first title.
    await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "Where does your sister live?" } });
    expect((await api("GET", `/api/conversations/${conv.id}`, { token: a.token })).body.title).toBe("What is your cat called");
  });

  // Walk-through: every visitor who opened with "Hi!" was listed under the clone's greeting ("Hi, I'm Aoife Brennan"),
  // so the owner's list of visitor conversations all looked alike. A greeting leaves the title to the first question.
  it("titles a conversation opened with a greeting by its first real question", async () => {
    const { a, conv } = await setup();
    await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "Hi!" } });
    expect((await api("GET", `/api/conversations/${conv.id}`, { token: a.token })).body.title).toBe("");
    await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "What is your cat called?" } });
    expect((await api("GET", `/api/conversations/${conv.id}`, { token: a.token })).body.title).toBe("What is your cat called");
  });

  it("streams SSE: meta, tokens that join into the saved reply, done with citations", async () => {
    const { a, conv } = await setup();
    for (const [path, headers] of [
      ["/api/chat/send", { accept: "text/event-stream" }],
      ["/api/chat/stream", {}],
    ] as const) {
      const r = await api("POST", path, { token: a.token, headers, body: { conversation_id: conv.id, message: "Where does your sister Marta live?" } });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toContain("text/event-stream");
      const events = parseSse(r.body);
      // Every frame is one of the contract's (worker/contracts/chat.ts), which the web client reads them as.
      for (const e of events) chatStreamEventSchema.parse(e);
      expect(events[0]!.event).toBe("meta");
      expect(events[0]!.data.userMessage.content).toBe("Where does your sister Marta live?");
      const tokens = events.filter((e) => e.event === "token");
      expect(tokens.length).toBeGreaterThan(3);
      const done = events.at(-1)!;
      expect(done.event).toBe("done");
      expect(tokens.map((t) => t.data.text).join("")).toBe(done.data.reply.content);
      expect(done.data.reply.content).toContain("Bergen");
      expect(done.data.reply.citations[0].snippet).toBe(FACTS[0]);
      const saved = await api("GET", `/api/conversations/${conv.id}/messages?limit=1`, { token: a.token });
      expect(saved.body.items[0].content).toBe(done.data.reply.content);
    }
  });

  it("saves the reply even when the client disconnects mid-stream", async () => {
    const { a, conv } = await setup();
    const res = await (exports as any).default.fetch(
      new Request("http://example.com/api/chat/stream", {
        method: "POST",
        headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" },
        body: JSON.stringify({ conversation_id: conv.id, message: "Tell me about Pixel the cat" }),
      }),
    );
    const reader = res.body!.getReader();
    await reader.read(); // the first bytes (meta), then hang up
    await reader.cancel();
    const reply = await eventually(async () => {
      const r = await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token });
      return r.body.items.find((m: any) => m.role === "assistant");
    });
    expect(reply.content).toContain("Pixel");
  });

  it("says honestly when it knows nothing about the topic, without citations", async () => {
    const { a, conv } = await setup();
    const r = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "What do you think of submarine warfare?" } });
    expect(r.body.reply.content).toMatch(/haven't shared anything about/);
    expect(r.body.reply.citations).toEqual([]);
  });
});

describe("chat/send: errors", () => {
  it("validates the body and the conversation", async () => {
    const { a, conv } = await setup();
    const empty = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "   " } });
    expect(empty.status).toBe(422);
    expectErrorShape(empty.body, "validation_failed");
    const missing = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: "cnv_nope", message: "hi" } });
    expect(missing.status).toBe(404);
    const streamMissing = await api("POST", "/api/chat/stream", { token: a.token, body: { conversation_id: "cnv_nope", message: "hi" } });
    expect(streamMissing.status).toBe(404);
    expectErrorShape(streamMissing.body, "not_found");
    expect((await api("POST", "/api/chat/send", { body: { conversation_id: conv.id, message: "hi" } })).status).toBe(401);
  });
});

describe("chat/send: isolation", () => {
  it("user B cannot send into A's conversation, and A's knowledge never answers B", async () => {
    const { a, conv } = await setup();
    const b = await registerUser("Bob");
    for (const path of ["/api/chat/send", "/api/chat/stream"]) {
      const r = await api("POST", path, { token: b.token, body: { conversation_id: conv.id, message: "What is your cat called?" } });
      expect(r.status).toBe(404);
      expectErrorShape(r.body, "not_found");
    }
    expect((await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token })).body.items).toEqual([]);
    const bConv = await newConversation(b.token);
    const r = await api("POST", "/api/chat/send", { token: b.token, body: { conversation_id: bConv.id, message: "What is your cat called?" } });
    expect(r.body.reply.content).not.toContain("Pixel");
    expect(r.body.reply.citations).toEqual([]);
  });
});
