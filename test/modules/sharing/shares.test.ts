import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser, expectErrorShape } from "../../support/client";
import { addKnowledge, newConversation, parseSse } from "../../support/chat";

async function owner() {
  const a = await registerUser("Ana Lima");
  await api("PUT", "/api/users/profile", { token: a.token, body: { headline: "Violinist", bio: "I play in Porto." } });
  await addKnowledge(a.user.id, "Music", ["I practise the violin every morning at seven."]);
  const link = await api("POST", "/api/shares", { token: a.token, body: { label: "website" } });
  expect(link.status).toBe(201);
  return { a, link: link.body };
}

const visit = (token: string) => api("POST", `/api/public/${token}/conversations`);
const chat = (token: string, visitorToken: string | undefined, conversation_id: string, message: string, headers: Record<string, string> = {}) =>
  api("POST", `/api/public/${token}/chat`, {
    headers: { ...(visitorToken ? { "x-visitor-token": visitorToken } : {}), ...headers },
    body: { conversation_id, message },
  });

describe("shares: happy path", () => {
  it("the owner creates and lists links; visitors see the public card and chat with the clone", async () => {
    const { a, link } = await owner();
    expect(link).toMatchObject({ label: "website", revokedAt: null, url: `/share/${link.token}` });
    expect(link.token.length).toBeGreaterThanOrEqual(32);
    expect((await api("GET", "/api/shares", { token: a.token })).body.items.map((l: any) => l.id)).toEqual([link.id]);
    const card = await api("GET", `/api/public/${link.token}`);
    expect(card.body).toEqual({ name: "Ana Lima", headline: "Violinist", bio: "I play in Porto.", avatarReady: false, posterUrl: null });

    const v = await visit(link.token);
    expect(v.status).toBe(201);
    const { conversation, visitorToken } = v.body;
    const r = await chat(link.token, visitorToken, conversation.id, "When do you practise the violin?");
    expect(r.status).toBe(200);
    expect(r.body.reply.content).toContain("every morning");
    expect(r.body.reply.citations).toHaveLength(1);
    const sse = await chat(link.token, visitorToken, conversation.id, "When do you practise?", { accept: "text/event-stream" });
    expect(parseSse(sse.body).at(-1)!.event).toBe("done");
    // A reload of the shared page reads the visitor's own messages back.
    const history = await api("GET", `/api/public/${link.token}/conversations/${conversation.id}/messages`, { headers: { "x-visitor-token": visitorToken } });
    expect(history.status).toBe(200);
    expect(history.body.items.map((m: any) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    // The visitor's chat is not in the owner's list.
    expect((await api("GET", "/api/conversations", { token: a.token })).body.items).toEqual([]);
  });
});

describe("shares: errors", () => {
  it("revoked or unknown links answer 404 everywhere; chat needs a visitor token", async () => {
    const { a, link } = await owner();
    const { conversation, visitorToken } = (await visit(link.token)).body;
    const noToken = await chat(link.token, undefined, conversation.id, "hi");
    expect(noToken.status).toBe(401);
    expectErrorShape(noToken.body, "unauthorized");
    expect((await chat(link.token, a.token, conversation.id, "hi")).status).toBe(401); // an access token is not a visitor token

    expect((await api("DELETE", `/api/shares/${link.id}`, { token: a.token })).status).toBe(204);
    expect((await api("GET", "/api/shares", { token: a.token })).body.items[0].revokedAt).toBeTypeOf("number");
    const readBack = await api("GET", `/api/public/${link.token}/conversations/${conversation.id}/messages`, { headers: { "x-visitor-token": visitorToken } });
    for (const r of [
      await api("GET", `/api/public/${link.token}`),
      await visit(link.token),
      await chat(link.token, visitorToken, conversation.id, "hi"),
      readBack,
    ]) {
      expect(r.status).toBe(404);
      expectErrorShape(r.body, "not_found");
    }
    expect((await api("GET", "/api/public/unknown-token-123456")).status).toBe(404);
    // A mistyped or cut-off link is a link that does not exist, whatever its length (QA walk-through bug 11).
    const short = await api("GET", "/api/public/nope");
    expect(short.status).toBe(404);
    expectErrorShape(short.body);
    expect((await api("DELETE", `/api/shares/${link.id}`, { token: a.token })).status).toBe(204); // idempotent
  });

  // Walk-through: a message posted to a link that does not exist answered 422 for its body before it could say 404.
  it("an unknown or revoked link is a 404 whatever the body or query; a live link still validates them (422)", async () => {
    const { a, link } = await owner();
    const { conversation, visitorToken } = (await visit(link.token)).body;
    const bodies = [{}, { conversation_id: conversation.id }, { conversation_id: conversation.id, message: "" }, { message: 42 }];
    const post = (token: string, body: unknown) => api("POST", `/api/public/${token}/chat`, { headers: { "x-visitor-token": visitorToken }, body });
    const badPage = (token: string) =>
      api("GET", `/api/public/${token}/conversations/${conversation.id}/messages?limit=0`, { headers: { "x-visitor-token": visitorToken } });
    for (const body of bodies) {
      const live = await post(link.token, body);
      expect(live.status, JSON.stringify(body)).toBe(422);
      expectErrorShape(live.body, "validation_failed");
    }
    expect((await badPage(link.token)).status).toBe(422);
    const garbledLive = await api("POST", `/api/public/${link.token}/chat`, {
      headers: { "x-visitor-token": visitorToken, "content-type": "application/json" },
      raw: "{not json",
    });
    expect(garbledLive.status).toBe(400);
    expectErrorShape(garbledLive.body);
    await api("DELETE", `/api/shares/${link.id}`, { token: a.token });
    for (const token of ["unknown-token-123456", link.token]) {
      for (const body of bodies) {
        const r = await post(token, body);
        expect(r.status, `${token} ${JSON.stringify(body)}`).toBe(404);
        expectErrorShape(r.body, "not_found");
      }
      const page = await badPage(token);
      expect(page.status).toBe(404);
      expectErrorShape(page.body, "not_found");
      // A body that is not JSON at all, too.
      const garbled = await api("POST", `/api/public/${token}/chat`, {
        headers: { "x-visitor-token": visitorToken, "content-type": "application/json" },
        raw: "{not json",
      });
      expect(garbled.status, `${token} garbled`).toBe(404);
      expectErrorShape(garbled.body, "not_found");
    }
  });
});

describe("shares: isolation", () => {
  it("visitors reach only their own conversations; other users cannot revoke a link", async () => {
    const { a, link } = await owner();
    const b = await registerUser();
    expect((await api("DELETE", `/api/shares/${link.id}`, { token: b.token })).status).toBe(404);
    expect((await api("GET", "/api/shares", { token: b.token })).body.items).toEqual([]);

    const v1 = (await visit(link.token)).body;
    const v2 = (await visit(link.token)).body;
    const ownerConv = await newConversation(a.token);
    // Visitor 2 cannot write into visitor 1's conversation, nor into the owner's own.
    expect((await chat(link.token, v2.visitorToken, v1.conversation.id, "hi")).status).toBe(404);
    expect((await chat(link.token, v1.visitorToken, ownerConv.id, "hi")).status).toBe(404);
    // Nor read visitor 1's or the owner's messages.
    const read = (conv: string, vt: string) => api("GET", `/api/public/${link.token}/conversations/${conv}/messages`, { headers: { "x-visitor-token": vt } });
    expect((await read(v1.conversation.id, v2.visitorToken)).status).toBe(404);
    expect((await read(ownerConv.id, v1.visitorToken)).status).toBe(404);
    // A visitor token of one link does not work on another link of the same owner.
    const other = (await api("POST", "/api/shares", { token: a.token, body: {} })).body;
    expect((await chat(other.token, v1.visitorToken, v1.conversation.id, "hi")).status).toBe(401);
    // The owner's API does not expose visitor conversations by id either.
    expect((await api("GET", `/api/conversations/${v1.conversation.id}`, { token: a.token })).status).toBe(404);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?").bind(ownerConv.id).first<{ n: number }>();
    expect(n!.n).toBe(0);
  });
});
