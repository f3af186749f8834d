import { describe, it, expect } from "vitest";
import { env, createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { GroqLlm } from "../../worker/platform/llm/groq";
import { LlmError, type LlmChunk } from "../../worker/platform/llm/port";
import { buildPersonaPrompt } from "../../worker/shared/persona";
import { createApp } from "../../worker/app";
import { registerUser, expectErrorShape, api } from "../support/client";
import { addKnowledge, newConversation, parseSse } from "../support/chat";

const prompt = buildPersonaPrompt({
  profile: { name: "Ana", headline: "", bio: "", personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 50 } },
  history: [{ role: "user", content: "earlier" }],
  chunks: [],
  question: "How are you?",
});
const key = () => crypto.randomUUID();
const base = (scenario: string, k: string) => `${env.MOCK_LLM_URL}/${scenario}/${k}/v1`;
const llm = (scenario: string, k: string, opts: { timeoutMs?: number; maxRetries?: number } = {}) =>
  new GroqLlm({ apiKey: "test-key", model: "mock-model", baseURL: base(scenario, k), timeoutMs: opts.timeoutMs ?? 5000, maxRetries: opts.maxRetries ?? 2 });
const stats = async (k: string) => (await fetch(`${env.MOCK_LLM_URL}/stats/${k}`)).json<{ calls: number; last: { authorization: string; body: any } }>();

async function collect(stream: AsyncIterable<LlmChunk>) {
  const out: LlmChunk[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

describe("Groq adapter against an OpenAI-compatible server", () => {
  it("streams deltas then the final text, sending the persona prompt with the key", async () => {
    const k = key();
    const chunks = await collect(llm("ok", k).stream(prompt));
    const deltas = chunks.filter((c) => c.type === "delta").map((c) => (c as { text: string }).text);
    expect(deltas.length).toBeGreaterThan(3);
    expect(chunks.at(-1)).toEqual({ type: "final", text: "Mock reply to: How are you? [1]", model: "mock-model", status: "answered" });
    expect(deltas.join("")).toBe("Mock reply to: How are you? [1]");
    const s = await stats(k);
    expect(s.calls).toBe(1);
    expect(s.last.authorization).toBe("Bearer test-key");
    expect(s.last.body).toMatchObject({ model: "mock-model", stream: true });
    expect(s.last.body.messages.map((m: any) => m.role)).toEqual(["system", "user", "user"]);
    expect(s.last.body.messages[0].content).toContain("digital self of Ana");
  });

  it("retries a 429 with backoff and then succeeds", async () => {
    const k = key();
    const chunks = await collect(llm("flaky", k).stream(prompt));
    expect(chunks.at(-1)).toMatchObject({ type: "final", text: "Mock reply to: How are you? [1]" });
    expect((await stats(k)).calls).toBe(2);
  });

  it("gives up on a failing provider after the retries with a clear error", async () => {
    const k = key();
    const err = await collect(llm("down", k, { maxRetries: 2 }).stream(prompt)).catch((e) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err).toMatchObject({ kind: "unavailable", status: 503 });
    expect((await stats(k)).calls).toBe(3);
  });

  it("times out a provider that does not answer", async () => {
    const err = await collect(llm("slow", key(), { timeoutMs: 300, maxRetries: 0 }).stream(prompt)).catch((e) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err.kind).toBe("timeout");
  });

  it("fails (does not return a partial reply) when the stream is cut", async () => {
    const seen: LlmChunk[] = [];
    const err = await (async () => {
      for await (const c of llm("cut", key()).stream(prompt)) seen.push(c);
    })().catch((e) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(seen.some((c) => c.type === "final")).toBe(false);
  });
});

/** Calls the app with the Groq adapter pointed at a mock scenario (a fresh env = a fresh container). */
async function withGroq(scenario: string, method: string, path: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(
    new Request(`http://example.com${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
    { ...env, GROQ_API_KEY: "test-key", GROQ_BASE_URL: base(scenario, key()), GROQ_MODEL: "mock-model", GROQ_MAX_RETRIES: "1" },
    ctx,
  );
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, text };
}

describe("chat with the Groq adapter: happy path", () => {
  it("streams the provider's tokens into the saved reply, cites what it cited, reports the model", async () => {
    const a = await registerUser();
    const doc = await addKnowledge(a.user.id, "Notes", ["I play the cello in a community orchestra."]);
    const conv = await newConversation(a.token);
    const r = await withGroq("ok", "POST", "/api/chat/stream", a.token, { conversation_id: conv.id, message: "Do you play the cello?" });
    const events = parseSse(r.text);
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    expect(
      events
        .filter((e) => e.event === "token")
        .map((e) => e.data.text)
        .join(""),
    ).toBe(done.data.reply.content);
    expect(done.data.reply).toMatchObject({ model: "mock-model", content: "Mock reply to: Do you play the cello? [1]" });
    expect(done.data.reply.citations).toEqual([
      {
        n: 1,
        documentId: doc.id,
        chunkId: doc.chunkIds[0],
        title: "Notes",
        position: 0,
        snippet: "I play the cello in a community orchestra.",
        kind: "document",
      },
    ]);
  });

  it("saves the whole reply when the client hangs up mid-stream (waitUntil)", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const ctx = createExecutionContext();
    const res = await createApp().fetch(
      new Request("http://example.com/api/chat/stream", {
        method: "POST",
        headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" },
        body: JSON.stringify({ conversation_id: conv.id, message: "Tell me a long story" }),
      }),
      { ...env, GROQ_API_KEY: "k", GROQ_BASE_URL: base("drip", key()) },
      ctx,
    );
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let seen = "";
    while (!seen.includes("event: token")) seen += dec.decode((await reader.read()).value);
    await reader.cancel(); // hang up after the first token, long before the reply is complete
    expect(seen).not.toContain("event: done");
    await waitOnExecutionContext(ctx);
    const msgs = await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token });
    expect(msgs.body.items.map((m: any) => m.content)).toEqual(["Tell me a long story", "Mock reply to: Tell me a long story [1]"]);
  });

  it("a keyless OpenAI-compatible server (GROQ_BASE_URL only) answers too", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const ctx = createExecutionContext();
    const res = await createApp().fetch(
      new Request("http://example.com/api/chat/send", {
        method: "POST",
        headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" },
        body: JSON.stringify({ conversation_id: conv.id, message: "Hi there" }),
      }),
      { ...env, GROQ_BASE_URL: base("ok", key()), GROQ_MODEL: "llama3.2" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect((await res.json<any>()).reply).toMatchObject({ model: "llama3.2", content: "Mock reply to: Hi there [1]" });
  });

  it("health reports the llm port: Groq with a key, a keyless OpenAI-compatible server, offline otherwise", async () => {
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request("http://example.com/api/health"), { ...env, GROQ_API_KEY: "k" }, ctx);
    expect((await res.json<any>()).ports.llm).toEqual({ mode: "cloud", adapter: "groq:openai/gpt-oss-120b" });
    expect((await api("GET", "/api/health")).body.ports.llm).toEqual({ mode: "local", adapter: "offline-extractive" });
    const local = await createApp().fetch(
      new Request("http://example.com/api/health"),
      { ...env, GROQ_BASE_URL: "http://127.0.0.1:11434/v1", GROQ_MODEL: "llama3.2" },
      createExecutionContext(),
    );
    expect((await local.json<any>()).ports.llm).toEqual({ mode: "local", adapter: "openai-compatible:llama3.2" });
  });
});

describe("chat with the Groq adapter: provider errors", () => {
  for (const scenario of ["down", "cut"]) {
    it(`${scenario}: SSE ends with an error event and no assistant message is saved (the question stays)`, async () => {
      const a = await registerUser();
      const conv = await newConversation(a.token);
      const r = await withGroq(
        scenario,
        "POST",
        "/api/chat/send",
        a.token,
        { conversation_id: conv.id, message: "Hello there" },
        { accept: "text/event-stream" },
      );
      const events = parseSse(r.text);
      expect(events[0]!.event).toBe("meta");
      expect(events.at(-1)).toMatchObject({ event: "error", data: { code: "upstream_unavailable" } });
      expect(events.at(-1)!.data.message).toMatch(/language model/);
      expect(events.some((e) => e.event === "done")).toBe(false);
      const msgs = await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token });
      expect(msgs.body.items.map((m: any) => m.role)).toEqual(["user"]);
    });
  }

  it("JSON send answers 503 in the error shape", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const r = await withGroq("down", "POST", "/api/chat/send", a.token, { conversation_id: conv.id, message: "Hello there" });
    expect(r.status).toBe(503);
    expectErrorShape(JSON.parse(r.text), "upstream_unavailable");
  });
});
