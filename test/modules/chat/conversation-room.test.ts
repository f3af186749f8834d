import { describe, it, expect } from "vitest";
import { exports } from "cloudflare:workers";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { addKnowledge, newConversation, eventually } from "../../support/chat";
import { container } from "../../support/container";
import { DurableObjectPublisher } from "../../../worker/platform/realtime/publisher";
import { roomEventSchema, type RoomEvent } from "../../../worker/contracts/events";

async function openSocket(url: string) {
  const res = await (exports as any).default.fetch(new Request(`http://example.com${url}`, { headers: { upgrade: "websocket" } }));
  if (res.status !== 101) return { status: res.status, body: await res.text() };
  const ws: WebSocket = res.webSocket;
  const received: any[] = [];
  ws.addEventListener("message", (e) => received.push(JSON.parse(e.data as string)));
  ws.accept();
  return { status: 101, ws, received };
}

async function ticket(token: string, convId: string) {
  return api("POST", `/api/conversations/${convId}/ticket`, { token });
}

describe("conversation socket: happy path", () => {
  it("a message sent over the socket streams tokens to every socket and saves the reply", async () => {
    const a = await registerUser("Ana");
    await addKnowledge(a.user.id, "Travel", ["I spent a winter in Tromsø watching the northern lights."]);
    const conv = await newConversation(a.token);
    const t1 = await ticket(a.token, conv.id);
    expect(t1.body.url).toBe(`/api/conversations/${conv.id}/ws?ticket=${encodeURIComponent(t1.body.ticket)}`);
    const s1 = await openSocket(t1.body.url);
    const s2 = await openSocket((await ticket(a.token, conv.id)).body.url);
    expect(s1.status).toBe(101);
    s1.ws!.send(JSON.stringify({ type: "send", message: "Where did you see the northern lights?" }));
    for (const s of [s1, s2]) {
      await eventually(async () => s.received!.filter((e) => e.type === "message").length >= 2);
      const tokens = s.received!.filter((e) => e.type === "token").map((e) => e.text);
      const [question, reply] = s.received!.filter((e) => e.type === "message").map((e) => e.message);
      expect(question).toMatchObject({ role: "user", content: "Where did you see the northern lights?" });
      expect(tokens.length).toBeGreaterThan(3);
      expect(tokens.join("")).toBe(reply.content);
      expect(reply.content).toContain("Tromsø");
      expect(reply.citations).toHaveLength(1);
    }
    const saved = await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token });
    expect(saved.body.items.map((m: any) => m.role)).toEqual(["user", "assistant"]);
    s1.ws!.close();
    s2.ws!.close();
  });

  it("HTTP sends and published video events reach the socket", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const s = await openSocket((await ticket(a.token, conv.id)).body.url);
    await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "hello" } });
    await eventually(async () => s.received!.filter((e) => e.type === "message").length >= 2);
    await new DurableObjectPublisher<RoomEvent>(env.CONVERSATION_ROOM, "room").publish(conv.id, {
      type: "video",
      messageId: "msg_x",
      jobId: "job_x",
      status: "ready",
      videoUrl: "/api/media/x",
      progress: 100,
      error: null,
    });
    await eventually(async () => s.received!.find((e) => e.type === "video"));
    s.ws!.close();
  });

  it("a reply video's status reaches the conversation's sockets", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const sent = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "hello" } });
    const s = await openSocket((await ticket(a.token, conv.id)).body.url);
    const replyId = sent.body.reply.id;
    const video = { userId: a.user.id, messageId: replyId, jobId: "job_room", status: "processing", r2Key: null, progress: 40, error: null, durationMs: null };
    await container(env).videos.announce(video as never);
    const event = await eventually(async () => s.received!.find((e) => e.type === "video"));
    // The same video event as on the user's socket (one shape, worker/contracts/events.ts).
    expect(roomEventSchema.parse(event)).toEqual({
      type: "video",
      messageId: replyId,
      jobId: "job_room",
      status: "processing",
      videoUrl: null,
      progress: 40,
      error: null,
    });
    s.ws!.close();
  });

  it("answers invalid socket messages with an error event", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const s = await openSocket((await ticket(a.token, conv.id)).body.url);
    s.ws!.send("{not json");
    const err = await eventually(async () => s.received!.find((e) => e.type === "error"));
    expect(err.code).toBe("validation_failed");
    s.ws!.close();
  });
});

/** Makes D1 refuse to store this conversation's messages of `role` (a storage failure), until the returned drop runs. */
async function failStoring(conversationId: string, role: "user" | "assistant") {
  const name = `fail_${role}_${conversationId.replace(/\W/g, "_")}`;
  await env.DB.prepare(
    `CREATE TRIGGER ${name} BEFORE INSERT ON messages WHEN NEW.conversation_id = '${conversationId}' AND NEW.role = '${role}' BEGIN SELECT RAISE(ABORT, 'storage failed'); END`,
  ).run();
  return () => env.DB.prepare(`DROP TRIGGER ${name}`).run();
}

describe("conversation socket: error path", () => {
  it("a storage failure while a send is accepted (its question not stored) is told to the sender only", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const sender = await openSocket((await ticket(a.token, conv.id)).body.url);
    const watcher = await openSocket((await ticket(a.token, conv.id)).body.url);
    const drop = await failStoring(conv.id, "user");
    try {
      sender.ws!.send(JSON.stringify({ type: "send", message: "Are you there?", client_message_id: "c-store-fails" }));
      const err = await eventually(async () => sender.received!.find((e) => e.type === "error"));
      expect(err).toEqual({ type: "error", code: "internal_error", message: expect.any(String) });
      // The room handles one socket message at a time: the watcher's pong comes after anything the send broadcast.
      watcher.ws!.send(JSON.stringify({ type: "ping" }));
      await eventually(async () => watcher.received!.find((e) => e.type === "pong"));
      expect(watcher.received!.filter((e) => e.type !== "ready" && e.type !== "pong")).toEqual([]);
    } finally {
      await drop();
    }
    expect((await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token })).body.items).toEqual([]);
    sender.ws!.close();
    watcher.ws!.close();
  });

  it("a storage failure after the question reached every socket (its reply not saved) is told to every socket", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const sender = await openSocket((await ticket(a.token, conv.id)).body.url);
    const watcher = await openSocket((await ticket(a.token, conv.id)).body.url);
    const drop = await failStoring(conv.id, "assistant");
    try {
      sender.ws!.send(JSON.stringify({ type: "send", message: "Where did you grow up?" }));
      for (const s of [sender, watcher]) {
        const err = await eventually(async () => s.received!.find((e) => e.type === "error"));
        expect(err).toEqual({ type: "error", code: "internal_error", message: expect.any(String) });
        expect(s.received!.find((e) => e.type === "message")?.message).toMatchObject({ role: "user", content: "Where did you grow up?" });
      }
    } finally {
      await drop();
    }
    sender.ws!.close();
    watcher.ws!.close();
  });
});

describe("conversation socket: security", () => {
  it("user B cannot get a ticket for, or subscribe to, A's conversation", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const conv = await newConversation(a.token);
    expect((await ticket(b.token, conv.id)).status).toBe(404);
    // B's valid ticket for B's own conversation does not open A's.
    const bConv = await newConversation(b.token);
    const bTicket = (await ticket(b.token, bConv.id)).body.ticket;
    expect((await openSocket(`/api/conversations/${conv.id}/ws?ticket=${encodeURIComponent(bTicket)}`)).status).toBe(404);
    // An access token is not a ticket, and a missing or forged ticket is refused.
    expect((await openSocket(`/api/conversations/${conv.id}/ws?ticket=${encodeURIComponent(a.token)}`)).status).toBe(401);
    expect((await openSocket(`/api/conversations/${conv.id}/ws?ticket=xxxxxxxxxxxxxxxx`)).status).toBe(401);
    expect((await openSocket(`/api/conversations/${conv.id}/ws`)).status).toBe(422);
  });

  it("a socket of a deleted conversation is closed when it tries to send", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const s = await openSocket((await ticket(a.token, conv.id)).body.url);
    let closed = 0;
    s.ws!.addEventListener("close", (e) => (closed = e.code));
    await api("DELETE", `/api/conversations/${conv.id}`, { token: a.token });
    s.ws!.send(JSON.stringify({ type: "send", message: "still there?" }));
    const err = await eventually(async () => s.received!.find((e) => e.type === "error"));
    expect(err.code).toBe("not_found");
    await eventually(async () => closed === 4404);
  });
});
