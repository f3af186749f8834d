import { env, createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { createApp } from "../../worker/app";
import { api } from "./client";

/** Inserts a ready knowledge document with chunks directly (the knowledge branch owns indexing). */
export async function addKnowledge(userId: string, title: string, chunks: string[]) {
  const id = `doc_${crypto.randomUUID()}`;
  const t = Date.now();
  await env.DB.prepare(
    "INSERT INTO knowledge_documents (id, user_id, title, source, mime_type, status, chunk_count, created_at, updated_at) VALUES (?, ?, ?, 'note', 'text/plain', 'ready', ?, ?, ?)",
  )
    .bind(id, userId, title, chunks.length, t, t)
    .run();
  const ids: string[] = [];
  for (const [i, content] of chunks.entries()) {
    const chunkId = `chk_${crypto.randomUUID()}`;
    ids.push(chunkId);
    await env.DB.prepare("INSERT INTO knowledge_chunks (id, document_id, user_id, position, content, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(chunkId, id, userId, i, content, t)
      .run();
  }
  return { id, chunkIds: ids };
}

export async function newConversation(token: string, title?: string) {
  const r = await api("POST", "/api/conversations", { token, body: title ? { title } : {} });
  if (r.status !== 201) throw new Error(`create conversation: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; title: string };
}

export interface SseEvent {
  event: string;
  data: any;
}

/** Parses a complete text/event-stream body. */
export function parseSse(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((b) => b.trim())
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
      const data = lines
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      return { event, data: JSON.parse(data) };
    });
}

/** Waits until `check` returns a value, polling (for work finished under waitUntil). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One request through the Worker with its Groq adapter pointed at a mock-LLM scenario
 * (test/support/openai-mock-server.mjs: "cut", "down", "slow" …); resolves once the response's
 * body has been read and the request's waitUntil work (the turn) has finished.
 */
export async function fetchWithMockModel(scenario: string, path: string, init: { headers: Record<string, string>; body: unknown }) {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(
    new Request(`http://example.com${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...init.headers },
      body: JSON.stringify(init.body),
    }),
    {
      ...env,
      GROQ_API_KEY: "test-key",
      GROQ_BASE_URL: `${env.MOCK_LLM_URL}/${scenario}/${crypto.randomUUID()}/v1`,
      GROQ_MODEL: "mock-model",
      GROQ_MAX_RETRIES: "0",
    },
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, text };
}

/** The question a send named `clientMessageId` in a conversation (its row id), or null before it is stored. */
export const questionByClientId = (conversationId: string, clientMessageId: string) =>
  env.DB.prepare("SELECT id FROM messages WHERE conversation_id = ? AND client_message_id = ?").bind(conversationId, clientMessageId).first<{ id: string }>();

/**
 * Starts a send whose model waits 2 s before answering (mock scenario "slow"); resolves once its question
 * is stored, with the send's end (`finished`) and the question's id. Not the send's promise itself:
 * awaiting this would then wait for the send's end.
 */
export async function startSlowSend(path: string, headers: Record<string, string>, body: { conversation_id: string; client_message_id: string }) {
  const first = fetchWithMockModel("slow", path, { headers, body });
  const question = await eventually(() => questionByClientId(body.conversation_id, body.client_message_id));
  return { finished: first, questionId: question.id };
}

/** Sets a question's answering lease as a turn would leave it (a future time: held; a past one: run out). */
export async function setAnsweringLease(questionId: string, until: number) {
  await env.DB.prepare("UPDATE messages SET answering_until = ? WHERE id = ?").bind(until, questionId).run();
}
