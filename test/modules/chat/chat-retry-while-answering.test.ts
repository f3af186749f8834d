import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { api, registerUser, expectErrorShape } from "../../support/client";
import { roomEventSchema } from "../../../worker/contracts/events";
import { newConversation, parseSse, eventually, fetchWithMockModel, questionByClientId, startSlowSend, setAnsweringLease } from "../../support/chat";

// A send's retry (the same client_message_id) that arrives while the first attempt is still generating
// its answer, e.g. the client's stream was cut but the turn goes on under waitUntil. The question was
// stored once, but the retry started a second answer beside the first: two replies to one question.

const rows = async (conversationId: string) =>
  (
    await env.DB.prepare("SELECT id, role, reply_to AS replyTo FROM messages WHERE conversation_id = ? ORDER BY created_at, id")
      .bind(conversationId)
      .all<{ id: string; role: string; replyTo: string | null }>()
  ).results;

function expectStillAnswering(r: { status: number; headers: Headers; body: any }, questionId: string) {
  expect(r.status).toBe(409);
  expectErrorShape(r.body, "answer_in_progress");
  expect(r.body.error.message).toMatch(/still answering/i);
  expect(r.body.error.details).toEqual({ userMessageId: questionId });
  expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
}

describe("a retry while the first attempt is still answering: happy path", () => {
  it("/api/chat/send (JSON and SSE) and /api/chat/stream answer 409 with Retry-After; once the reply is saved a retry replays it", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "Where did you grow up?", client_message_id: "c-busy" };
    const { finished: first } = await startSlowSend("/api/chat/send", { authorization: `Bearer ${a.token}` }, body);
    const questionId = (await questionByClientId(conv.id, "c-busy"))!.id;

    expectStillAnswering(await api("POST", "/api/chat/send", { token: a.token, body }), questionId);
    expectStillAnswering(await api("POST", "/api/chat/send", { token: a.token, body, headers: { accept: "text/event-stream" } }), questionId);
    expectStillAnswering(await api("POST", "/api/chat/stream", { token: a.token, body }), questionId);

    const done = await first;
    expect(done.status).toBe(200);
    const reply = JSON.parse(done.text).reply;
    const again = await api("POST", "/api/chat/send", { token: a.token, body });
    expect(again.status).toBe(200);
    expect(again.body.reply).toEqual(reply);
    expect(await rows(conv.id)).toEqual([
      { id: questionId, role: "user", replyTo: null },
      { id: reply.id, role: "assistant", replyTo: questionId },
    ]);
  });

  it("a first attempt over SSE: the retry is refused until its reply is saved, then gets that reply", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "What do you do?", client_message_id: "c-busy-sse" };
    const { finished: first } = await startSlowSend("/api/chat/stream", { authorization: `Bearer ${a.token}` }, body);
    const questionId = (await questionByClientId(conv.id, "c-busy-sse"))!.id;
    expectStillAnswering(await api("POST", "/api/chat/send", { token: a.token, body, headers: { accept: "text/event-stream" } }), questionId);

    const reply = parseSse((await first).text).at(-1)!.data.reply;
    const again = parseSse((await api("POST", "/api/chat/stream", { token: a.token, body })).body);
    expect(again.map((e) => e.event)).toEqual(["meta", "token", "done"]);
    expect(again.at(-1)!.data.reply).toEqual(reply);
    expect((await rows(conv.id)).map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("a visitor's retry through a share link is refused while answering, then replays the reply", async () => {
    const a = await registerUser();
    const link = (await api("POST", "/api/shares", { token: a.token, body: { label: "site" } })).body;
    const { conversation, visitorToken } = (await api("POST", `/api/public/${link.token}/conversations`)).body;
    const path = `/api/public/${link.token}/chat`;
    const headers = { "x-visitor-token": visitorToken };
    const body = { conversation_id: conversation.id, message: "Who are you?", client_message_id: "v-busy" };
    const { finished: first } = await startSlowSend(path, headers, body);
    const questionId = (await questionByClientId(conversation.id, "v-busy"))!.id;
    expectStillAnswering(await api("POST", path, { headers, body }), questionId);
    expectStillAnswering(await api("POST", path, { headers: { ...headers, accept: "text/event-stream" }, body }), questionId);

    const reply = JSON.parse((await first).text).reply;
    const again = await api("POST", path, { headers, body });
    expect(again.status).toBe(200);
    expect(again.body.reply).toEqual(reply);
    expect((await rows(conversation.id)).map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("a failed first attempt frees its question at once: the retry answers it", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "Tell me about your work", client_message_id: "c-failed" };
    const failed = await fetchWithMockModel("down", "/api/chat/send", { headers: { authorization: `Bearer ${a.token}` }, body });
    expect(failed.status).toBe(503);
    const retry = await api("POST", "/api/chat/send", { token: a.token, body });
    expect(retry.status).toBe(200);
    expect(retry.body.reply.replyTo).toBe((await questionByClientId(conv.id, "c-failed"))!.id);
  });
});

describe("a retry while the first attempt is still answering: error path", () => {
  it("a turn whose isolate died does not block its retries for good: once its lease has run out the retry answers", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "Still there?", client_message_id: "c-dead" };
    await fetchWithMockModel("down", "/api/chat/send", { headers: { authorization: `Bearer ${a.token}` }, body });
    const questionId = (await questionByClientId(conv.id, "c-dead"))!.id;
    // As a turn left it whose isolate died mid-answer: the lease taken, never released.
    await setAnsweringLease(questionId, Date.now() + 30_000);
    expectStillAnswering(await api("POST", "/api/chat/send", { token: a.token, body }), questionId);
    await setAnsweringLease(questionId, Date.now() - 1);
    const retry = await api("POST", "/api/chat/send", { token: a.token, body });
    expect(retry.status).toBe(200);
    expect(retry.body.reply.replyTo).toBe(questionId);
  });

  it("the same id with other text is still the client_message_id conflict, not 'still answering'", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "first text", client_message_id: "c-other" };
    const { finished: first } = await startSlowSend("/api/chat/send", { authorization: `Bearer ${a.token}` }, body);
    const r = await api("POST", "/api/chat/send", { token: a.token, body: { ...body, message: "other text" } });
    expect(r.status).toBe(409);
    expectErrorShape(r.body, "conflict");
    expect((await first).status).toBe(200);
  });

  it("sends without client_message_id (older clients) are never refused: each is its own question", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "hi" };
    const first = fetchWithMockModel("slow", "/api/chat/send", { headers: { authorization: `Bearer ${a.token}` }, body });
    await eventually(async () => (await rows(conv.id)).length > 0);
    expect((await api("POST", "/api/chat/send", { token: a.token, body })).status).toBe(200);
    expect((await first).status).toBe(200);
    expect((await rows(conv.id)).map((m) => m.role).sort()).toEqual(["assistant", "assistant", "user", "user"]);
  });
});

describe("a retry while the first attempt is still answering: security", () => {
  it("another user naming the same conversation and id gets 404, not the 409 that would confirm the question", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "private", client_message_id: "c-secret" };
    const { finished: first } = await startSlowSend("/api/chat/send", { authorization: `Bearer ${a.token}` }, body);
    expect((await api("POST", "/api/chat/send", { token: b.token, body })).status).toBe(404);
    expect((await first).status).toBe(200);
  });
});

describe("a retry while the first attempt is still answering: the conversation socket", () => {
  async function openSocket(token: string, conversationId: string) {
    const t = await api("POST", `/api/conversations/${conversationId}/ticket`, { token });
    const res = await (exports as any).default.fetch(new Request(`http://example.com${t.body.url}`, { headers: { upgrade: "websocket" } }));
    const ws: WebSocket = res.webSocket;
    const received: any[] = [];
    ws.addEventListener("message", (e) => received.push(JSON.parse(e.data as string)));
    ws.accept();
    return { ws, received };
  }

  it("a socket send of a question still being answered is refused, and only its sender hears so; so is the client_message_id conflict", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "What are you working on?", client_message_id: "c-ws-busy" };
    const sender = await openSocket(a.token, conv.id);
    const watcher = await openSocket(a.token, conv.id);
    const { finished: first, questionId } = await startSlowSend("/api/chat/send", { authorization: `Bearer ${a.token}` }, body);

    sender.ws.send(JSON.stringify({ type: "send", message: body.message, client_message_id: body.client_message_id }));
    const refused = await eventually(async () => sender.received.find((e) => e.type === "error"));
    // What the HTTP 409 says (expectStillAnswering): the stored question, and when to look again (Retry-After, in seconds).
    expect(refused).toEqual({
      type: "error",
      code: "answer_in_progress",
      message: expect.stringMatching(/still answering/i),
      details: { userMessageId: questionId },
      retryAfter: expect.any(Number),
    });
    expect(Number.isInteger(refused.retryAfter) && refused.retryAfter > 0).toBe(true);
    expect(roomEventSchema.parse(refused)).toEqual(refused);
    sender.ws.send(JSON.stringify({ type: "send", message: "Another text", client_message_id: body.client_message_id }));
    await eventually(async () => sender.received.filter((e) => e.type === "error").length >= 2);
    expect(sender.received.filter((e) => e.type === "error").map((e) => e.code)).toEqual(["answer_in_progress", "conflict"]);

    // The room handles one socket message at a time: the watcher's pong comes after anything the sends broadcast.
    watcher.ws.send(JSON.stringify({ type: "ping" }));
    await eventually(async () => watcher.received.find((e) => e.type === "pong"));
    expect(watcher.received.filter((e) => e.type === "error")).toEqual([]);

    expect((await first).status).toBe(200);
    expect((await rows(conv.id)).map((m) => m.role)).toEqual(["user", "assistant"]);
    sender.ws.close();
    watcher.ws.close();
  });
});
