import { describe, it, expect } from "vitest";
import { exports } from "cloudflare:workers";
import { api, registerUser } from "../../support/client";
import { newConversation, eventually } from "../../support/chat";

async function openSocket(url: string) {
  const res = await (exports as any).default.fetch(new Request(`http://example.com${url}`, { headers: { upgrade: "websocket" } }));
  if (res.status !== 101) return { status: res.status, body: await res.text() };
  const ws: WebSocket = res.webSocket;
  const received: any[] = [];
  const state = { closed: 0 };
  ws.addEventListener("message", (e) => received.push(JSON.parse(e.data as string)));
  ws.addEventListener("close", (e) => (state.closed = e.code || 1005));
  ws.accept();
  return { status: 101, ws, received, state };
}

describe("sockets honour tickets and logout", () => {
  it("a conversation ticket opens one socket only", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const t = (await api("POST", `/api/conversations/${conv.id}/ticket`, { token: a.token })).body;
    const first = await openSocket(t.url);
    expect(first.status).toBe(101);
    const second = await openSocket(t.url);
    expect(second.status).toBe(401);
    first.ws!.close();
  });

  it("a live-events ticket opens one socket only", async () => {
    const a = await registerUser();
    const t = (await api("POST", "/api/realtime/ticket", { token: a.token })).body;
    const first = await openSocket(t.url);
    expect(first.status).toBe(101);
    expect((await openSocket(t.url)).status).toBe(401);
    first.ws!.close();
  });

  it("a socket opened before logout is closed and stores nothing after it", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const s = await openSocket((await api("POST", `/api/conversations/${conv.id}/ticket`, { token: a.token })).body.url);
    expect(s.status).toBe(101);
    expect((await api("POST", "/api/auth/logout", { token: a.token })).status).toBeLessThan(300);
    // Closed by the logout itself (or, at the latest, on its next message).
    try {
      s.ws!.send(JSON.stringify({ type: "send", message: "Still here?" }));
    } catch {
      // already closed
    }
    await eventually(async () => s.state!.closed === 4401);
    const other = await registerUser();
    expect(other).toBeTruthy();
    const { env } = await import("cloudflare:test");
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?").bind(conv.id).first<number>("n");
    expect(n).toBe(0);
  });
});
