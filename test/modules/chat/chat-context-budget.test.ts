import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { addKnowledge, newConversation } from "../../support/chat";
import { chatContext, container } from "../../support/container";
import { CONTEXT_BUDGET_TOKENS } from "../../../worker/modules/chat/context-budget";
import { D1ContextLoader } from "../../../worker/modules/chat/chat-context";
import { VisitorMemory } from "../../../worker/modules/chat/visitor-memory";
import { VisitorMemoryRepository } from "../../../worker/modules/chat/visitor-memory.repo";

const LONG = "We sailed along the coast past the old lighthouse. ".repeat(30);
const tokensOf = (chunks: { title: string; heading: string; content: string }[]) =>
  chunks.reduce((s, c) => s + Math.ceil(`${c.title} ${c.heading} ${c.content.slice(0, 1200)}`.length / 4) + 8, 0);

describe("chat context: the budget applies to what the loader hands the prompt", () => {
  it("five full-size sources fit for the owner; a returning visitor's notes push out the lowest-ranked one", async () => {
    const u = await registerUser();
    for (let i = 1; i <= 5; i++) await addKnowledge(u.userId, `Sailing log ${i}`, [`Sailing the boat Gaivota, day ${i}. ${LONG}`]);
    const owned = await newConversation(u.token);
    const owner = await chatContext().loader.load({ ownerId: u.userId, conversationId: owned.id, question: "sailing Gaivota" });
    expect(owner.chunks).toHaveLength(5);
    expect(tokensOf(owner.chunks)).toBeLessThanOrEqual(CONTEXT_BUDGET_TOKENS);

    const link = (await api("POST", "/api/shares", { token: u.token, body: {} })).body;
    const first = (await api("POST", `/api/public/${link.token}/conversations`)).body;
    for (const q of ["Do you sail every weekend?", "I'm a skipper in Cascais and I teach sailing to kids on weekends from April until the end of October."])
      await api("POST", `/api/public/${link.token}/chat`, {
        headers: { "x-visitor-token": first.visitorToken },
        body: { conversation_id: first.conversation.id, message: q },
      });
    const second = (await api("POST", `/api/public/${link.token}/conversations`, { headers: { "x-visitor-token": first.visitorToken } })).body;
    const visitorId = (await env.DB.prepare("SELECT visitor_id FROM conversations WHERE id = ?").bind(first.conversation.id).first<string>("visitor_id"))!;
    const { messages } = chatContext();
    const loader = new D1ContextLoader(
      container().profiles,
      messages,
      container().knowledge,
      async () => ({ topics: [], refusal: "" }),
      new VisitorMemory(new VisitorMemoryRepository(env.DB)),
    );
    const visitor = await loader.load({
      ownerId: u.userId,
      conversationId: second.conversation.id,
      question: "sailing Gaivota",
      visitor: { shareLinkId: link.id, visitorId },
    });
    expect(visitor.visitorNotes.map((n) => n.kind)).toEqual(["said", "asked"]);
    expect(visitor.chunks.map((c) => c.chunkId)).toEqual(owner.chunks.slice(0, 4).map((c) => c.chunkId));
  });
});
