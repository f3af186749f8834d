import { authFetch, apiErrorFrom, ApiError } from "./client";
import { pendingClient } from "./pending";
import { readSse } from "./sse";
import type { Message } from "./contract";

export interface StreamHandlers {
  onMeta?: (m: { conversationId: string; userMessage: Message }) => void;
  onToken?: (text: string) => void;
}

/**
 * Sends a chat message and streams the reply (SSE over fetch's ReadableStream; EventSource cannot
 * POST or send headers). Resolves with the final reply; throws ApiError on HTTP or stream errors.
 */
export async function streamChat(
  url: string,
  body: { conversation_id: string; message: string },
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
  if (!res.ok) throw apiErrorFrom(res.status, await res.json().catch(() => null));
  // A server may answer with plain JSON (e.g. a proxy dropping Accept): still a valid reply.
  if (!res.headers.get("content-type")?.includes("text/event-stream") || !res.body) {
    const json = (await res.json()) as { conversationId: string; userMessage: Message; reply: Message };
    handlers.onMeta?.({ conversationId: json.conversationId, userMessage: json.userMessage });
    handlers.onToken?.(json.reply.content);
    return json.reply;
  }
  for await (const ev of readSse(res.body)) {
    const data = JSON.parse(ev.data);
    if (ev.event === "meta") handlers.onMeta?.(data);
    else if (ev.event === "token") handlers.onToken?.(data.text);
    else if (ev.event === "done") return data.reply as Message;
    else if (ev.event === "error") throw new ApiError(502, data.code ?? "stream_error", data.message ?? "The reply failed", null);
  }
  throw new ApiError(502, "stream_incomplete", "The reply stopped before it finished. Try again.", null);
}

export const chatApi = {
  sendUrl: () => pendingClient.api.chat.send.$url().pathname as string,
  send: (conversationId: string, message: string, handlers: StreamHandlers, signal?: AbortSignal) =>
    streamChat(chatApi.sendUrl(), { conversation_id: conversationId, message }, handlers, { signal }),
};
