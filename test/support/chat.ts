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
