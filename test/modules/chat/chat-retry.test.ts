import { describe, it, expect } from "vitest";
import { env, createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { createApp } from "../../../worker/app";
import { api, registerUser, expectErrorShape } from "../../support/client";
import { newConversation, parseSse, eventually, fetchWithMockModel } from "../../support/chat";

// Walk-through: a turn failed after the server had stored the question; pressing Send again sent it as a
// new message, so the conversation (history, export, the owner's view, the model's memory) held it twice.
// A client names each question with client_message_id and sends the same id again on its retry.

/** A send with the Groq adapter pointed at a mock-LLM scenario ("cut": two tokens, then the connection drops; "down": 503). */
async function sendWithFailingModel(scenario: "cut" | "down", path: string, token: string, body: unknown) {
  const res = await fetchWithMockModel(scenario, path, { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, body });
  return parseSse(res.text);
}

type Row = { id: string; role: string; content: string; replyTo: string | null };
const stored = async (token: string, conversationId: string) =>
  ((await api("GET", `/api/conversations/${conversationId}/messages`, { token })).body.items as Row[]).map((m) => ({
    id: m.id,
    role: m.role,
    content: m.content,
    replyTo: m.replyTo,
  }));

describe("retrying a failed chat turn (client_message_id): happy path", () => {
  for (const [scenario, path] of [
    ["cut", "/api/chat/send"],
    ["down", "/api/chat/stream"],
  ] as const) {
    it(`${path}, model ${scenario}: the retry answers the stored question instead of storing it again`, async () => {
      const a = await registerUser();
      const conv = await newConversation(a.token);
      const body = { conversation_id: conv.id, message: "Where did you grow up?", client_message_id: "c-0001" };
      const failed = await sendWithFailingModel(scenario, path, a.token, body);
      expect(failed.at(-1)).toMatchObject({ event: "error" });
      const question = failed[0]!.data.userMessage;

      const retry = await api("POST", "/api/chat/send", { token: a.token, body });
      expect(retry.status).toBe(200);
      expect(retry.body.userMessage).toMatchObject({ id: question.id, content: "Where did you grow up?", createdAt: question.createdAt });
      expect(retry.body.reply.replyTo).toBe(question.id);
      expect(await stored(a.token, conv.id)).toEqual([
        { id: question.id, role: "user", content: "Where did you grow up?", replyTo: null },
        { id: retry.body.reply.id, role: "assistant", content: retry.body.reply.content, replyTo: question.id },
      ]);
    });
  }

  it("the retry over SSE reuses the question too: its meta event carries the stored message", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "What do you do?", client_message_id: "c-sse" };
    const question = (await sendWithFailingModel("cut", "/api/chat/send", a.token, body))[0]!.data.userMessage;
    const events = parseSse((await api("POST", "/api/chat/stream", { token: a.token, body })).body);
    expect(events[0]).toMatchObject({ event: "meta", data: { userMessage: { id: question.id } } });
    expect(events.at(-1)).toMatchObject({ event: "done", data: { reply: { replyTo: question.id } } });
    expect((await stored(a.token, conv.id)).map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("the retried question is not in its own turn's memory, even once it is no longer in flight", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "Tell me about your work", client_message_id: "c-old" };
    const question = (await sendWithFailingModel("down", "/api/chat/send", a.token, body))[0]!.data.userMessage;
    // Ten minutes ago: an unanswered question that old is history for other turns (IN_FLIGHT_MS).
    await env.DB.prepare("UPDATE messages SET created_at = created_at - 600000 WHERE id = ?").bind(question.id).run();
    const key = crypto.randomUUID();
    const ctx = createExecutionContext();
    const res = await createApp().fetch(
      new Request("http://example.com/api/chat/send", {
        method: "POST",
        headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { ...env, GROQ_API_KEY: "test-key", GROQ_BASE_URL: `${env.MOCK_LLM_URL}/ok/${key}/v1`, GROQ_MODEL: "mock-model" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const sent = (await (await fetch(`${env.MOCK_LLM_URL}/stats/${key}`)).json<{ last: { body: { messages: { role: string; content: string }[] } } }>()).last
      .body;
    expect(sent.messages.filter((m) => m.content.includes("Tell me about your work"))).toHaveLength(1);
  });

  it("a retry of a question that was answered (the client lost the response) gets the stored reply; nothing new is stored", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "hello", client_message_id: "c-answered" };
    const first = await api("POST", "/api/chat/send", { token: a.token, body });
    expect(first.status).toBe(200);
    const again = await api("POST", "/api/chat/send", { token: a.token, body });
    expect(again.status).toBe(200);
    expect(again.body.userMessage.id).toBe(first.body.userMessage.id);
    expect(again.body.reply).toEqual(first.body.reply);
    const sse = parseSse((await api("POST", "/api/chat/send", { token: a.token, body, headers: { accept: "text/event-stream" } })).body);
    expect(sse.map((e) => e.event)).toEqual(["meta", "token", "done"]);
    expect(sse.at(-1)!.data.reply.id).toBe(first.body.reply.id);
    expect((await stored(a.token, conv.id)).map((m) => m.id)).toEqual([first.body.userMessage.id, first.body.reply.id]);
  });

  it("without client_message_id (older clients) every send is a new message, as before", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    for (let i = 0; i < 2; i++)
      expect((await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "hi" } })).status).toBe(200);
    expect((await stored(a.token, conv.id)).map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("a visitor's retry through a share link reuses their question", async () => {
    const a = await registerUser();
    const link = (await api("POST", "/api/shares", { token: a.token, body: { label: "site" } })).body;
    const { conversation, visitorToken } = (await api("POST", `/api/public/${link.token}/conversations`)).body;
    const send = () =>
      api("POST", `/api/public/${link.token}/chat`, {
        headers: { "x-visitor-token": visitorToken },
        body: { conversation_id: conversation.id, message: "Who are you?", client_message_id: "v-1" },
      });
    const first = await send();
    const second = await send();
    expect(second.body.userMessage.id).toBe(first.body.userMessage.id);
    const history = await api("GET", `/api/public/${link.token}/conversations/${conversation.id}/messages`, { headers: { "x-visitor-token": visitorToken } });
    expect(history.body.items.map((m: Row) => m.role)).toEqual(["user", "assistant"]);
  });

  it("a socket send with the id of an answered question replays its messages instead of storing it again", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const sent = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "hello", client_message_id: "c-ws" } });
    const t = await api("POST", `/api/conversations/${conv.id}/ticket`, { token: a.token });
    const res = await (exports as any).default.fetch(new Request(`http://example.com${t.body.url}`, { headers: { upgrade: "websocket" } }));
    const ws: WebSocket = res.webSocket;
    const received: any[] = [];
    ws.addEventListener("message", (e) => received.push(JSON.parse(e.data as string)));
    ws.accept();
    ws.send(JSON.stringify({ type: "send", message: "hello", client_message_id: "c-ws" }));
    await eventually(async () => received.filter((e) => e.type === "message").length >= 2);
    expect(received.filter((e) => e.type === "message").map((e) => e.message.id)).toEqual([sent.body.userMessage.id, sent.body.reply.id]);
    expect((await stored(a.token, conv.id)).map((m) => m.id)).toEqual([sent.body.userMessage.id, sent.body.reply.id]);
    ws.close();
  });
});

describe("retrying a failed chat turn (client_message_id): error path", () => {
  it("the same id with different text is a conflict (409), and nothing is stored", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    await sendWithFailingModel("down", "/api/chat/send", a.token, { conversation_id: conv.id, message: "first text", client_message_id: "c-x" });
    const r = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "other text", client_message_id: "c-x" } });
    expect(r.status).toBe(409);
    expectErrorShape(r.body, "conflict");
    expect((await stored(a.token, conv.id)).map((m) => m.content)).toEqual(["first text"]);
  });

  it("rejects an empty or oversized client_message_id (422)", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    for (const client_message_id of ["", "x".repeat(65), "has space"]) {
      const r = await api("POST", "/api/chat/send", { token: a.token, body: { conversation_id: conv.id, message: "hi", client_message_id } });
      expect(r.status).toBe(422);
    }
  });
});

describe("retrying a failed chat turn (client_message_id): security", () => {
  it("ids are scoped to the conversation: another user's (or another conversation's) same id is a new question", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    const convA = await newConversation(a.token);
    const convA2 = await newConversation(a.token);
    const convB = await newConversation(b.token);
    const body = (conversation_id: string) => ({ conversation_id, message: "Same words", client_message_id: "shared-id" });
    const questionA = (await sendWithFailingModel("down", "/api/chat/send", a.token, body(convA.id)))[0]!.data.userMessage;

    // B guessing A's conversation and id: 404, A's conversation unchanged.
    const foreign = await api("POST", "/api/chat/send", { token: b.token, body: body(convA.id) });
    expect(foreign.status).toBe(404);
    // B's own conversation with the same id: B's own new question.
    const own = await api("POST", "/api/chat/send", { token: b.token, body: body(convB.id) });
    expect(own.status).toBe(200);
    expect(own.body.userMessage.id).not.toBe(questionA.id);
    // A's other conversation: a new question there too.
    const other = await api("POST", "/api/chat/send", { token: a.token, body: body(convA2.id) });
    expect(other.body.userMessage.id).not.toBe(questionA.id);

    expect(await stored(a.token, convA.id)).toEqual([{ id: questionA.id, role: "user", content: "Same words", replyTo: null }]);
    expect((await stored(b.token, convB.id)).map((m) => [m.role, m.id === own.body.userMessage.id || m.replyTo === own.body.userMessage.id])).toEqual([
      ["user", true],
      ["assistant", true],
    ]);
  });
});
