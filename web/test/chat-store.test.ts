import { afterEach, describe, expect, it, vi } from "vitest";
import { createRoot } from "solid-js";
import { createChatStore, STILL_ANSWERING, type SendFn } from "../src/stores/chat";
import { streamChat } from "../src/api/chat";
import { ApiError } from "../src/api/client";
import { message } from "./support/messages";

const msg = (id: string, role: "user" | "assistant", content: string) => message(id, role, content, "c1");

describe("chat store", () => {
  it("shows the user's message at once and grows the reply token by token", async () => {
    const snapshots: string[] = [];
    let store!: ReturnType<typeof createChatStore>;
    const send: SendFn = async (_c, text, h) => {
      h.onMeta?.({ conversationId: "c1", userMessage: msg("m_user", "user", text) });
      for (const t of ["Hel", "lo", "!"]) {
        h.onToken?.(t);
        snapshots.push(store.messages().at(-1)!.content);
      }
      return { ...msg("m_reply", "assistant", "Hello!"), citations: [{ documentId: "d", chunkId: "k", title: "CV", position: 0, snippet: "…" }] };
    };
    store = createRoot(() => createChatStore(() => "c1", send));
    expect(await store.send("  hi  ")).toBe(true);
    expect(snapshots).toEqual(["Hel", "Hello", "Hello!"]);
    expect(store.messages().map((m) => [m.id, m.role, m.content, !!m.pending])).toEqual([
      ["m_user", "user", "hi", false],
      ["m_reply", "assistant", "Hello!", false],
    ]);
    expect(store.messages()[1]!.citations[0]!.title).toBe("CV");
  });

  it("marks a failed send, drops the half reply, and retries the same message", async () => {
    let attempts = 0;
    const send: SendFn = async (_c, text, h) => {
      attempts++;
      h.onToken?.("partial");
      if (attempts === 1) throw new ApiError(503, "llm_unavailable", "The model is busy", null);
      return msg("m_reply", "assistant", `echo ${text}`);
    };
    const store = createRoot(() => createChatStore(() => "c1", send));
    expect(await store.send("question")).toBe(false);
    expect(store.messages()).toHaveLength(1);
    expect(store.messages()[0]!.failed).toBe("The model is busy");
    expect(await store.retry(store.messages()[0]!.id)).toBe(true);
    expect(store.messages().map((m) => m.content)).toEqual(["question", "echo question"]);
    expect(store.messages()[0]!.failed).toBeUndefined();
  });

  // Walk-through 2026-12-04: after a failed send the text stays in the composer and the message shows Retry; pressing
  // Send again put a second copy of the question in the thread.
  it("sending the failed message's text again is its retry, not a second copy", async () => {
    let attempts = 0;
    const send: SendFn = async (_c, text) => {
      if (++attempts === 1) throw new TypeError("Failed to fetch");
      return msg("m_reply", "assistant", `echo ${text}`);
    };
    const store = createRoot(() => createChatStore(() => "c1", send));
    expect(await store.send("question")).toBe(false);
    expect(await store.send(" question ")).toBe(true);
    expect(store.messages().map((m) => [m.content, m.failed])).toEqual([
      ["question", undefined],
      ["echo question", undefined],
    ]);
  });

  // Walk-through 2026-12-05: Q1 failed before reaching the server, Q2 was answered, then Q1 was retried. The thread
  // kept Q1 first, but the server stored it after Q2, so a reload reordered the thread.
  it("a retried question the server never stored moves to the end, where the server stores it; one it stored stays", async () => {
    let fail = true;
    const send: SendFn = async (_c, text, h) => {
      if (text === "first" && !store.messages().some((m) => m.content === "echo second")) throw new TypeError("Failed to fetch");
      h.onMeta?.({ conversationId: "c1", userMessage: msg(`m_${text}`, "user", text) });
      if (fail && text === "third") throw new ApiError(503, "upstream_unavailable", "The model is busy", null);
      return msg(`m_r_${text}`, "assistant", `echo ${text}`);
    };
    const store = createRoot(() => createChatStore(() => "c1", send));
    expect(await store.send("first")).toBe(false);
    expect(await store.send("second")).toBe(true);
    expect(await store.retry(store.messages()[0]!.id)).toBe(true);
    expect(store.messages().map((m) => m.content)).toEqual(["second", "echo second", "first", "echo first"]);

    expect(await store.send("third")).toBe(false); // stored by the server (meta), then the model failed
    fail = false;
    expect(await store.send("fourth")).toBe(true);
    expect(await store.retry(store.messages().find((m) => m.content === "third")!.id)).toBe(true);
    const order = store.messages().map((m) => m.content);
    expect(order.indexOf("third")).toBeLessThan(order.indexOf("fourth"));
  });

  // The server stored the question before the turn failed; the retry names it with the same client id so
  // the server answers that question instead of storing a second copy of it.
  it("a retry (by Retry or by sending the same text) sends the question's client id again; a new question gets a new one", async () => {
    const ids: string[] = [];
    let attempts = 0;
    const send: SendFn = async (_c, text, h, clientMessageId) => {
      ids.push(clientMessageId);
      // The server stored the question (meta) before the model failed.
      h.onMeta?.({ conversationId: "c1", userMessage: msg(`m_q${ids.length}`, "user", text) });
      if (++attempts <= 2) throw new ApiError(503, "upstream_unavailable", "The model is busy", null);
      return msg(`m_r${attempts}`, "assistant", `echo ${text}`);
    };
    const store = createRoot(() => createChatStore(() => "c1", send));
    expect(await store.send("question")).toBe(false);
    expect(await store.send("question")).toBe(false);
    expect(await store.retry(store.messages()[0]!.id)).toBe(true);
    expect(await store.send("question")).toBe(true);
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(ids.slice(0, 3)).toEqual([ids[0], ids[0], ids[0]]);
    expect(ids[3]).not.toBe(ids[0]);
  });

  it("refuses empty text and sends without a conversation", async () => {
    const store = createRoot(() =>
      createChatStore(
        () => null,
        async () => msg("x", "assistant", ""),
      ),
    );
    expect(await store.send("hello")).toBe(false);
    const store2 = createRoot(() =>
      createChatStore(
        () => "c1",
        async () => msg("x", "assistant", ""),
      ),
    );
    expect(await store2.send("   ")).toBe(false);
    expect(store2.messages()).toHaveLength(0);
  });
});

// A retry that reaches the server while an earlier send of the question is still being answered there is refused
// (409 answer_in_progress, Retry-After): the store waits for that answer instead of showing a failure.
describe("chat store: a retry the server is still answering", () => {
  afterEach(() => vi.useRealTimers());
  const stillAnswering = (retryAfter = 1) =>
    new ApiError(409, "answer_in_progress", "Still answering this message; try again shortly", null, { details: { userMessageId: "m_q" }, retryAfter });

  it("shows the question as still answering, then the reply once the conversation has it; the same text sent meanwhile is its retry", async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    const send: SendFn = async (_c, _text, _h, clientMessageId) => {
      sent.push(clientMessageId);
      if (sent.length === 1) throw new TypeError("Failed to fetch");
      throw stillAnswering();
    };
    let saved = false;
    let late = 0;
    // The listing marks the question answering (its lease is live) until the reply is saved.
    const recent = async () =>
      saved
        ? [msg("m_q", "user", "question"), { ...msg("m_r", "assistant", "the answer"), replyTo: "m_q" }]
        : [{ ...msg("m_q", "user", "question"), answering: true as const }];
    const store = createRoot(() => createChatStore(() => "c1", send, { recent, onLateReply: () => late++ }));
    expect(await store.send("question")).toBe(false);
    expect(await store.retry(store.messages()[0]!.id)).toBe(true);
    expect(store.messages().map((m) => [m.id, m.answering, m.failed])).toEqual([["m_q", STILL_ANSWERING, undefined]]);
    expect(await store.send("question")).toBe(true); // not a second question: the same one, refused again
    expect(store.messages()).toHaveLength(1);
    expect(new Set(sent).size).toBe(1);

    await vi.advanceTimersByTimeAsync(1_000); // the first look: not saved yet
    expect(store.messages()[0]!.answering).toBe(STILL_ANSWERING);
    saved = true;
    await vi.advanceTimersByTimeAsync(2_000); // the next look, later
    expect(store.messages().map((m) => [m.id, m.content, m.answering])).toEqual([
      ["m_q", "question", undefined],
      ["m_r", "the answer", undefined],
    ]);
    expect(late).toBe(1);
  });

  it("a reply that never comes (the server's turn failed) ends in a failure with Retry, after the server's lease has run out", async () => {
    vi.useFakeTimers();
    const send: SendFn = async () => {
      throw stillAnswering(3);
    };
    // The turn died: the listing marks the question answering until its lease runs out, a minute on.
    const leaseEnds = Date.now() + 60_000;
    const recent = vi.fn(async () => [{ ...msg("m_q", "user", "question"), ...(Date.now() < leaseEnds ? { answering: true as const } : {}) }]);
    const store = createRoot(() => createChatStore(() => "c1", send, { recent }));
    expect(await store.send("question")).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.messages()[0]!.answering).toBe(STILL_ANSWERING);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(store.messages()[0]!.answering).toBeUndefined();
    expect(store.messages()[0]!.failed).toMatch(/try again/i);
    // Not every second: the looks back off from Retry-After.
    expect(recent.mock.calls.length).toBeLessThan(12);
  });
});

// After a reload (or on another device) the conversation comes from its listing, which marks a question the
// server is still answering (`answering: true`): the store shows the same note and waits for the reply the same way.
describe("chat store: a loaded question the server is still answering", () => {
  afterEach(() => vi.useRealTimers());
  const listedAnswering = () => ({ ...msg("m_q", "user", "question"), clientMessageId: "cid-1", answering: true as const });

  it("shows it as still answering, re-reads the conversation, then shows the reply under it", async () => {
    vi.useFakeTimers();
    let saved = false;
    let late = 0;
    const recent = vi.fn(async () =>
      saved
        ? [
            { ...listedAnswering(), answering: undefined },
            { ...msg("m_r", "assistant", "the answer"), replyTo: "m_q" },
          ]
        : [listedAnswering()],
    );
    const send: SendFn = async () => {
      throw new Error("not sent");
    };
    const store = createRoot(() => createChatStore(() => "c1", send, { recent, onLateReply: () => late++ }));
    store.setHistory([listedAnswering()]);
    expect(store.messages().map((m) => [m.id, m.answering, m.failed])).toEqual([["m_q", STILL_ANSWERING, undefined]]);
    await vi.advanceTimersByTimeAsync(3_000); // the first look: still answering
    expect(recent).toHaveBeenCalledTimes(1);
    expect(store.messages()[0]!.answering).toBe(STILL_ANSWERING);
    saved = true;
    await vi.advanceTimersByTimeAsync(6_000);
    expect(store.messages().map((m) => [m.id, m.content, m.answering])).toEqual([
      ["m_q", "question", undefined],
      ["m_r", "the answer", undefined],
    ]);
    expect(late).toBe(1);
  });

  it("when the flag goes away with no reply (the server's turn failed) it fails with Retry, which names the question's client id", async () => {
    vi.useFakeTimers();
    let failed = false;
    const recent = vi.fn(async () => [failed ? { ...listedAnswering(), answering: undefined } : listedAnswering()]);
    const sent: string[] = [];
    const send: SendFn = async (_c, text, h, clientMessageId) => {
      sent.push(clientMessageId);
      h.onMeta?.({ conversationId: "c1", userMessage: msg("m_q", "user", text) });
      return { ...msg("m_r", "assistant", "the answer"), replyTo: "m_q" };
    };
    const store = createRoot(() => createChatStore(() => "c1", send, { recent }));
    store.setHistory([listedAnswering()]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(store.messages()[0]!.answering).toBe(STILL_ANSWERING);
    failed = true;
    await vi.advanceTimersByTimeAsync(6_000); // not the 75 s a refused retry waits without the flag: the server said it stopped
    expect(store.messages()[0]!.answering).toBeUndefined();
    expect(store.messages()[0]!.failed).toMatch(/try again/i);
    expect(await store.retry("m_q")).toBe(true);
    expect(sent).toEqual(["cid-1"]);
    expect(store.messages().map((m) => [m.id, m.failed])).toEqual([
      ["m_q", undefined],
      ["m_r", undefined],
    ]);
  });
});

describe("streamChat over SSE", () => {
  const sse = (body: string, status = 200) =>
    (async () => new Response(body, { status, headers: { "content-type": status === 200 ? "text/event-stream" : "application/json" } })) as typeof fetch;

  it("delivers meta, tokens and the final reply", async () => {
    const tokens: string[] = [];
    const body =
      `event: meta\ndata: ${JSON.stringify({ conversationId: "c1", userMessage: msg("u", "user", "q") })}\n\n` +
      `event: token\ndata: {"text":"A"}\n\nevent: token\ndata: {"text":"B"}\n\n` +
      `event: done\ndata: ${JSON.stringify({ reply: msg("r", "assistant", "AB") })}\n\n`;
    const reply = await streamChat("/x", { conversation_id: "c1", message: "q" }, { onToken: (t) => tokens.push(t) }, { fetcher: sse(body) });
    expect(tokens).toEqual(["A", "B"]);
    expect(reply.id).toBe("r");
  });

  it("turns an error event, a cut stream and an HTTP error into ApiError", async () => {
    await expect(
      streamChat("/x", { conversation_id: "c", message: "q" }, {}, { fetcher: sse('event: error\ndata: {"code":"llm_failed","message":"nope"}\n\n') }),
    ).rejects.toMatchObject({ code: "llm_failed", message: "nope" });
    await expect(streamChat("/x", { conversation_id: "c", message: "q" }, {}, { fetcher: sse('event: token\ndata: {"text":"A"}\n\n') })).rejects.toMatchObject({
      code: "stream_incomplete",
    });
    await expect(
      streamChat(
        "/x",
        { conversation_id: "c", message: "q" },
        {},
        { fetcher: sse(JSON.stringify({ error: { code: "not_found", message: "Conversation not found", requestId: "r1" } }), 404) },
      ),
    ).rejects.toMatchObject({ status: 404, code: "not_found", requestId: "r1" });
  });

  it("keeps a refusal's details and Retry-After (a retry of a question the server is still answering)", async () => {
    const body = { error: { code: "answer_in_progress", message: "Still answering", requestId: "r2", details: { userMessageId: "msg_q" } } };
    const fetcher = (async () =>
      new Response(JSON.stringify(body), { status: 409, headers: { "content-type": "application/json", "retry-after": "3" } })) as typeof fetch;
    await expect(streamChat("/x", { conversation_id: "c", message: "q", client_message_id: "k" }, {}, { fetcher })).rejects.toMatchObject({
      status: 409,
      code: "answer_in_progress",
      extra: { details: { userMessageId: "msg_q" }, retryAfter: 3 },
    });
  });
});
