import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser, expectErrorShape } from "../../support/client";
import { newConversation } from "../../support/chat";

async function insertMessages(conversationId: string, userId: string, n: number, start = 1_000) {
  for (let i = 0; i < n; i++) {
    await env.DB.prepare("INSERT INTO messages (id, conversation_id, user_id, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(`msg_t${i}_${crypto.randomUUID()}`, conversationId, userId, i % 2 ? "assistant" : "user", `message ${i}`, start + i)
      .run();
  }
}

describe("conversations: happy path", () => {
  it("creates, reads, renames, lists and deletes", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token, "Planning");
    expect(conv).toMatchObject({ title: "Planning", lastMessagePreview: null });
    expect(conv.id).toMatch(/^cnv_/);
    expect((await api("GET", `/api/conversations/${conv.id}`, { token: a.token })).body.id).toBe(conv.id);
    const renamed = await api("PATCH", `/api/conversations/${conv.id}`, { token: a.token, body: { title: "Trip" } });
    expect(renamed.body.title).toBe("Trip");
    const list = await api("GET", "/api/conversations?q=tri", { token: a.token });
    expect(list.body.items.map((c: any) => c.id)).toEqual([conv.id]);
    expect((await api("GET", "/api/conversations?q=zzz", { token: a.token })).body.items).toEqual([]);
    expect((await api("DELETE", `/api/conversations/${conv.id}`, { token: a.token })).status).toBe(204);
    expect((await api("GET", `/api/conversations/${conv.id}`, { token: a.token })).status).toBe(404);
  });

  it("paginates conversations with an opaque cursor, most recent first, no duplicates", async () => {
    const a = await registerUser();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await newConversation(a.token, `c${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await api("GET", `/api/conversations?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: a.token });
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.items.map((c: any) => c.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it("pages messages newest page first, oldest first within a page, and shows a preview", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    await insertMessages(conv.id, a.user.id, 5);
    const p1 = await api("GET", `/api/conversations/${conv.id}/messages?limit=2`, { token: a.token });
    expect(p1.body.items.map((m: any) => m.content)).toEqual(["message 3", "message 4"]);
    const p2 = await api("GET", `/api/conversations/${conv.id}/messages?limit=2&cursor=${p1.body.nextCursor}`, { token: a.token });
    expect(p2.body.items.map((m: any) => m.content)).toEqual(["message 1", "message 2"]);
    const p3 = await api("GET", `/api/conversations/${conv.id}/messages?limit=2&cursor=${p2.body.nextCursor}`, { token: a.token });
    expect(p3.body.items.map((m: any) => m.content)).toEqual(["message 0"]);
    expect(p3.body.nextCursor).toBeNull();
    expect(p1.body.items[0]).toMatchObject({ role: "assistant", citations: [], model: null, videoJobId: null, conversationId: conv.id });
    expect((await api("GET", `/api/conversations/${conv.id}`, { token: a.token })).body.lastMessagePreview).toBe("message 4");
  });

  it("deleting a conversation deletes its messages", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    await insertMessages(conv.id, a.user.id, 3);
    await api("DELETE", `/api/conversations/${conv.id}`, { token: a.token });
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?").bind(conv.id).first<{ n: number }>();
    expect(left!.n).toBe(0);
  });
});

describe("conversations: API description", () => {
  it("documents the chat, conversation, share and public routes in OpenAPI", async () => {
    const doc = (await api("GET", "/api/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/conversations",
        "/api/conversations/{id}/messages",
        "/api/conversations/{id}/ticket",
        "/api/chat/send",
        "/api/chat/stream",
        "/api/shares",
        "/api/public/{token}/chat",
      ]),
    );
    expect(doc.components.schemas.Message.properties.citations.items.$ref).toBe("#/components/schemas/Citation");
  });
});

describe("conversations: errors", () => {
  it("rejects bad cursors, titles and missing auth with 4xx in the error shape", async () => {
    const a = await registerUser();
    const bad = await api("GET", "/api/conversations?cursor=not-a-cursor", { token: a.token });
    expect(bad.status).toBe(422);
    expectErrorShape(bad.body, "validation_failed");
    const conv = await newConversation(a.token);
    expect((await api("PATCH", `/api/conversations/${conv.id}`, { token: a.token, body: { title: "" } })).status).toBe(422);
    expect((await api("GET", "/api/conversations")).status).toBe(401);
    expect((await api("GET", "/api/conversations?limit=0", { token: a.token })).status).toBe(422);
  });
});

describe("conversations: isolation", () => {
  it("user B cannot see, list, rename, page or delete A's conversation (404)", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const conv = await newConversation(a.token, "secret");
    await insertMessages(conv.id, a.user.id, 2);
    for (const [m, p, body] of [
      ["GET", `/api/conversations/${conv.id}`],
      ["PATCH", `/api/conversations/${conv.id}`, { title: "mine" }],
      ["GET", `/api/conversations/${conv.id}/messages`],
      ["POST", `/api/conversations/${conv.id}/ticket`],
      ["DELETE", `/api/conversations/${conv.id}`],
    ] as const) {
      const r = await api(m, p, { token: b.token, body });
      expect(r.status, `${m} ${p}`).toBe(404);
      expectErrorShape(r.body, "not_found");
    }
    expect((await api("GET", "/api/conversations?q=secret", { token: b.token })).body.items).toEqual([]);
    expect((await api("GET", `/api/conversations/${conv.id}`, { token: a.token })).body.title).toBe("secret");
  });
});
