import { client, authFetch, apiErrorFrom, ApiError } from "./client";
import { readSse } from "./sse";
import type { ChatStreamEvent } from "@worker/contracts/chat";
import type { ChatResult, Message } from "./contract";

/**
 * The SSE form of a chat turn (Accept: text/event-stream), as worker/contracts/chat.ts defines it:
 * `meta` and `done` carry the parts of the typed JSON answer; `token` and `error` are the stream's own small frames.
 */
type Meta = Extract<ChatStreamEvent, { event: "meta" }>["data"];
/** client_message_id names the question: its retry sends the same id, so the server does not store it twice. */
type SendBody = { conversation_id: string; message: string; client_message_id?: string };

export interface StreamHandlers {
  onMeta?: (m: Meta) => void;
  onToken?: (text: string) => void;
}

/**
 * Sends a chat message and streams the reply (SSE over fetch's ReadableStream; EventSource cannot
 * POST or send headers). Resolves with the final reply; throws ApiError on HTTP or stream errors.
 */
export async function streamChat(
  url: string,
  body: SendBody,
  handlers: StreamHandlers,
  opts: { headers?: Record<string, string>; signal?: AbortSignal; fetcher?: typeof fetch } = {},
): Promise<Message> {
  const doFetch = opts.fetcher ?? authFetch;
  const res = await doFetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...opts.headers },
    body: JSON.stringify(body),
    signal: opts.signal,
  });
  // Headers too: a retry of a question still being answered (409 answer_in_progress) says when to look again (Retry-After).
  if (!res.ok) throw apiErrorFrom(res.status, await res.json().catch(() => null), res.headers);
  // A server may answer with plain JSON (e.g. a proxy dropping Accept): still a valid reply.
  if (!res.headers.get("content-type")?.includes("text/event-stream") || !res.body) {
    const json = (await res.json()) as ChatResult;
    handlers.onMeta?.({ conversationId: json.conversationId, userMessage: json.userMessage });
    handlers.onToken?.(json.reply.content);
    return json.reply;
  }
  for await (const raw of readSse(res.body)) {
    const ev = { event: raw.event, data: JSON.parse(raw.data) } as ChatStreamEvent;
    if (ev.event === "meta") handlers.onMeta?.(ev.data);
    else if (ev.event === "token") handlers.onToken?.(ev.data.text);
    else if (ev.event === "done") return ev.data.reply;
    else if (ev.event === "error") throw new ApiError(502, ev.data.code ?? "stream_error", ev.data.message ?? "The reply failed", null);
  }
  throw new ApiError(502, "stream_incomplete", "The reply stopped before it finished. Try again.", null);
}

export const chatApi = {
  sendUrl: () => client.api.chat.send.$url().pathname,
  send: (conversationId: string, message: string, handlers: StreamHandlers, clientMessageId?: string, signal?: AbortSignal) =>
    streamChat(chatApi.sendUrl(), { conversation_id: conversationId, message, client_message_id: clientMessageId }, handlers, { signal }),
};
