import { describe, expect, it, vi } from "vitest";
import { env } from "cloudflare:test";
import { api, expectErrorShape, registerUser } from "../../support/client";
import { newConversation } from "../../support/chat";
import { vectorCount } from "../../support/knowledge";

type Memory = {
  id: string;
  text: string;
  status: string;
  origin: string;
  conversationId: string | null;
  documentId: string | null;
  indexStatus: string | null;
};

const say = async (token: string, conversationId: string, message: string) => {
  const r = await api("POST", "/api/chat/send", { token, body: { conversation_id: conversationId, message } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.reply as { content: string; citations: { documentId: string; kind?: string; snippet: string }[] };
};
const proposals = async (token: string, conversationId?: string): Promise<Memory[]> =>
  (await api("GET", `/api/memories/proposals${conversationId ? `?conversationId=${conversationId}` : ""}`, { token })).body.items;
const memories = async (token: string, q = ""): Promise<Memory[]> => (await api("GET", `/api/memories?q=${encodeURIComponent(q)}`, { token })).body.items;
/** Waits for the real queue consumer to index the accepted memory. */
const ready = (token: string, id: string) =>
  vi.waitFor(
    async () => {
      const m = (await memories(token)).find((x) => x.id === id);
      expect(m?.indexStatus).toBe("ready");
      return m!;
    },
    { timeout: 15_000, interval: 100 },
  );
const search = async (token: string, q: string) =>
  (await api("GET", `/api/knowledge/search?q=${encodeURIComponent(q)}`, { token })).body.results as { content: string; kind?: string }[];

/** Conversation A: the owner states a fact; the clone proposes it. */
async function proposeIn(token: string, message: string) {
  const a = await newConversation(token, "A");
  await say(token, a.id, message);
  const [p, ...more] = await proposals(token, a.id);
  expect(more).toHaveLength(0);
  return p!;
}

describe("owner memories: proposed, then remembered only when accepted", () => {
  it("a fact stated in conversation A, accepted, is used and cited in a new conversation B", { timeout: 30_000 }, async () => {
    const u = await registerUser("Ana");
    const p = await proposeIn(u.token, "Hi! I moved to Lisbon last month.");
    expect(p).toMatchObject({ text: "I moved to Lisbon last month.", status: "pending", origin: "rules", documentId: null });
    // Nothing is remembered silently: before the accept, B knows nothing about it.
    const b = await newConversation(u.token, "B");
    expect((await say(u.token, b.id, "Did you move to Lisbon?")).citations).toHaveLength(0);

    const accepted = (await api("POST", `/api/memories/${p.id}/accept`, { token: u.token, body: {} })).body as Memory;
    expect(accepted).toMatchObject({ id: p.id, status: "accepted", text: "I moved to Lisbon last month." });
    expect(await proposals(u.token)).toHaveLength(0);
    await ready(u.token, p.id);

    const c = await newConversation(u.token, "C");
    const reply = await say(u.token, c.id, "Did you move to Lisbon?");
    expect(reply.content).toContain("I moved to Lisbon last month");
    expect(reply.citations).toEqual([expect.objectContaining({ documentId: accepted.documentId, kind: "memory" })]);
  });

  it("a rejected fact is not used, and is not proposed again", { timeout: 30_000 }, async () => {
    const u = await registerUser();
    const p = await proposeIn(u.token, "I have a pet iguana called Rex.");
    expect((await api("POST", `/api/memories/${p.id}/reject`, { token: u.token })).body.status).toBe("rejected");
    const b = await newConversation(u.token, "B");
    const reply = await say(u.token, b.id, "Tell me about your iguana Rex");
    expect(reply.citations).toHaveLength(0);
    expect(reply.content).not.toContain("iguana called Rex");
    expect(await search(u.token, "iguana Rex")).toHaveLength(0);
    await say(u.token, b.id, "I have a pet iguana called Rex.");
    expect(await proposals(u.token)).toHaveLength(0);
    expect(await memories(u.token)).toHaveLength(0);
  });

  it("an edited proposal is remembered in its edited form only", { timeout: 30_000 }, async () => {
    const u = await registerUser();
    const p = await proposeIn(u.token, "I moved to Lisbon last month.");
    const r = await api("POST", `/api/memories/${p.id}/accept`, { token: u.token, body: { text: "I moved to Porto in November 2026." } });
    expect(r.body).toMatchObject({ status: "accepted", text: "I moved to Porto in November 2026." });
    await ready(u.token, p.id);
    const b = await newConversation(u.token, "B");
    const reply = await say(u.token, b.id, "Did you move to Porto?");
    expect(reply.content).toContain("Porto in November 2026");
    expect(reply.citations[0]).toMatchObject({ kind: "memory" });
    expect(await search(u.token, "Lisbon")).toHaveLength(0);
  });

  it("rewording an accepted memory re-indexes it: the new words are found, the old ones are not", { timeout: 30_000 }, async () => {
    const u = await registerUser();
    const m = (await api("POST", "/api/memories", { token: u.token, body: { text: "My favourite book is Middlemarch." } })).body as Memory;
    expect(m).toMatchObject({ status: "accepted", origin: "manual" });
    await ready(u.token, m.id);
    expect((await search(u.token, "Middlemarch"))[0]).toMatchObject({ kind: "memory" });
    const e = await api("PATCH", `/api/memories/${m.id}`, { token: u.token, body: { text: "My favourite book is Persuasion." } });
    expect(e.body.text).toBe("My favourite book is Persuasion.");
    await ready(u.token, m.id);
    expect(await search(u.token, "Middlemarch")).toHaveLength(0);
    expect((await search(u.token, "Persuasion"))[0]!.content).toBe("My favourite book is Persuasion.");
    expect((await memories(u.token, "persuasion")).map((x) => x.id)).toEqual([m.id]);
    expect(await memories(u.token, "middlemarch")).toHaveLength(0);
  });

  it("a deleted memory is gone from retrieval, with its knowledge entry and vectors", { timeout: 30_000 }, async () => {
    const u = await registerUser();
    const p = await proposeIn(u.token, "Remember that I'm allergic to peanuts.");
    expect(p.text).toBe("I'm allergic to peanuts.");
    const accepted = (await api("POST", `/api/memories/${p.id}/accept`, { token: u.token, body: {} })).body as Memory;
    await ready(u.token, p.id);
    expect(await search(u.token, "peanuts allergic")).toHaveLength(1);
    expect(await vectorCount(accepted.documentId!)).toBe(1);
    expect((await api("DELETE", `/api/memories/${p.id}`, { token: u.token })).status).toBe(204);
    expect(await search(u.token, "peanuts allergic")).toHaveLength(0);
    expect(await vectorCount(accepted.documentId!)).toBe(0);
    expect((await api("GET", `/api/knowledge/${accepted.documentId}`, { token: u.token })).status).toBe(404);
    expect(await memories(u.token)).toHaveLength(0);
    const b = await newConversation(u.token, "B");
    expect((await say(u.token, b.id, "Are you allergic to peanuts?")).citations).toHaveLength(0);
  });

  it("questions and opinions in the owner's chat propose nothing", async () => {
    const u = await registerUser();
    const a = await newConversation(u.token, "A");
    await say(u.token, a.id, "What do you do for a living?");
    await say(u.token, a.id, "I think my boss is lazy.");
    expect(await proposals(u.token)).toHaveLength(0);
  });
});

describe("owner memories: errors", () => {
  it("a decided proposal cannot be decided again (409); bad input is a 422; unknown ids are 404", { timeout: 30_000 }, async () => {
    const u = await registerUser();
    const p = await proposeIn(u.token, "I grew up in Porto.");
    expect((await api("POST", `/api/memories/${p.id}/reject`, { token: u.token })).status).toBe(200);
    const again = await api("POST", `/api/memories/${p.id}/accept`, { token: u.token, body: {} });
    expect(again.status).toBe(409);
    expectErrorShape(again.body, "conflict");
    expect((await api("PATCH", `/api/memories/${p.id}`, { token: u.token, body: { text: "x" } })).status).toBe(409);
    expect((await api("POST", "/api/memories", { token: u.token, body: { text: "   " } })).status).toBe(422);
    expect((await api("POST", "/api/memories", { token: u.token, body: { text: "x".repeat(1001) } })).status).toBe(422);
    expect((await api("POST", `/api/memories/${p.id}/accept`, { token: u.token, body: { text: "" } })).status).toBe(422);
    expect((await api("DELETE", "/api/memories/mem_nope", { token: u.token })).status).toBe(404);
    expect((await api("GET", "/api/memories")).status).toBe(401);
  });
});

describe("owner memories: isolation", () => {
  it("another user cannot see, accept, edit or delete them (404), and their chats never retrieve them", { timeout: 30_000 }, async () => {
    const owner = await registerUser();
    const other = await registerUser();
    const p = await proposeIn(owner.token, "I play bass in a jazz trio on Fridays.");
    for (const [method, path, body] of [
      ["POST", `/api/memories/${p.id}/accept`, {}],
      ["POST", `/api/memories/${p.id}/reject`, undefined],
      ["PATCH", `/api/memories/${p.id}`, { text: "hijacked" }],
      ["DELETE", `/api/memories/${p.id}`, undefined],
    ] as const) {
      const r = await api(method, path, { token: other.token, body });
      expect(r.status, `${method} ${path}`).toBe(404);
      expectErrorShape(r.body, "not_found");
    }
    expect(await proposals(other.token)).toHaveLength(0);
    // Another user's conversation id (or one that does not exist) is a 404 too, not an empty list (walk-through).
    for (const conversationId of [p.conversationId!, "cnv_nope"]) {
      const r = await api("GET", `/api/memories/proposals?conversationId=${conversationId}`, { token: other.token });
      expect(r.status, conversationId).toBe(404);
      expectErrorShape(r.body, "not_found");
    }
    expect(await proposals(owner.token, p.conversationId!)).toHaveLength(1);
    await api("POST", `/api/memories/${p.id}/accept`, { token: owner.token, body: {} });
    await ready(owner.token, p.id);
    expect(await memories(other.token)).toHaveLength(0);
    const c = await newConversation(other.token, "other");
    expect((await say(other.token, c.id, "Do you play bass in a jazz trio?")).citations).toHaveLength(0);
  });

  it("visitors' statements never become the owner's memory proposals", async () => {
    const owner = await registerUser();
    const link = (await api("POST", "/api/shares", { token: owner.token, body: {} })).body;
    const start = (await api("POST", `/api/public/${link.token}/conversations`)).body;
    const r = await api("POST", `/api/public/${link.token}/chat`, {
      headers: { "x-visitor-token": start.visitorToken },
      body: { conversation_id: start.conversation.id, message: "I live in Paris and I have three dogs." },
    });
    expect(r.status).toBe(200);
    expect(await proposals(owner.token)).toHaveLength(0);
  });
});

describe("owner memories: account export and deletion", () => {
  it("export includes memories; deleting the account removes them and their vectors", { timeout: 30_000 }, async () => {
    const u = await registerUser();
    const m = (await api("POST", "/api/memories", { token: u.token, body: { text: "I run a marathon every spring." } })).body as Memory;
    await ready(u.token, m.id);
    const pending = await proposeIn(u.token, "I studied physics at Coimbra.");
    const exported = (await api("GET", "/api/users/me/export", { token: u.token })).body.data;
    expect(exported.memories.map((x: { text: string; status: string }) => [x.text, x.status])).toEqual(
      expect.arrayContaining([
        ["I run a marathon every spring.", "accepted"],
        [pending.text, "pending"],
      ]),
    );
    expect(exported.knowledgeDocuments).toEqual([expect.objectContaining({ id: m.documentId, kind: "memory" })]);
    expect(await vectorCount(m.documentId!)).toBe(1);
    expect((await api("DELETE", "/api/users/me", { token: u.token, body: { password: u.password } })).status).toBe(204);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM memories WHERE user_id = ?").bind(u.userId).first<number>("n");
    expect(left).toBe(0);
    expect(await vectorCount(m.documentId!)).toBe(0);
  });
});

describe("owner memories: managed on the Memories page, not deleted behind its back", () => {
  it("DELETE /api/knowledge/{id} on a memory's entry is a 409 naming where to delete it; the memory stays remembered", { timeout: 30_000 }, async () => {
    const u = await registerUser();
    const p = await proposeIn(u.token, "I moved to Lisbon last month.");
    await api("POST", `/api/memories/${p.id}/accept`, { token: u.token, body: {} });
    const m = await ready(u.token, p.id);
    const r = await api("DELETE", `/api/knowledge/${m.documentId}`, { token: u.token });
    expect(r.status).toBe(409);
    expectErrorShape(r.body, "conflict");
    expect(r.body.error.message).toMatch(/Memories/);
    expect((await memories(u.token)).map((x) => x.id)).toEqual([p.id]);
    expect(await vectorCount(m.documentId!)).toBeGreaterThan(0);
  });
});
