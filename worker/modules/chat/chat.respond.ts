import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { AppError } from "../../shared/errors";
import type { AppEnv } from "../../http/app-env";
import type { ConversationScope } from "./chat.schemas";
import type { ChatEvent } from "./chat.service";

export const wantsEventStream = (c: Context<AppEnv>) => (c.req.header("accept") ?? "").includes("text/event-stream");

function payload(e: ChatEvent) {
  switch (e.type) {
    case "meta":
      return { conversationId: e.conversationId, userMessage: e.userMessage };
    case "token":
      return { text: e.text };
    case "done":
      return { reply: e.reply };
    case "error":
      return { code: e.code, message: e.message };
  }
}

/**
 * One chat turn for chat/send, chat/stream and the public share chat.
 * JSON: waits for the reply (a provider failure is a 429/503 in the one error shape).
 * SSE: `meta`, `token`…, then `done` or `error`. The turn runs under `waitUntil`, detached from
 * the response, so the reply is saved even when the client disconnects mid-stream.
 * `clientMessageId` (client_message_id) names the question: a retry with it is not stored twice.
 */
export async function jsonTurn(c: Context<AppEnv>, scope: ConversationScope, conversationId: string, message: string, clientMessageId?: string) {
  const { chat } = c.get("services");
  const { conv, prefetched } = await chat.openForTurn(scope, conversationId, message, { ownerEpoch: ownerEpoch(c, scope), clientMessageId });
  const turn = chat.turn(conv, message, () => {}, { ownerEpoch: ownerEpoch(c, scope), prefetched });
  c.executionCtx.waitUntil(turn.catch(() => {})); // saved even if the client gives up waiting
  const result = await turn;
  if (result.error || !result.reply) throw new AppError(result.error?.code ?? "upstream_unavailable", result.error?.message ?? "No reply");
  return { conversationId: result.conversationId, userMessage: result.userMessage, reply: result.reply };
}

/**
 * The owner's cache epoch read by this request (requireAuth): with it the turn's profile read is
 * answered by this isolate's first level, one round trip fewer before the first token. Visitors'
 * requests never read the owner's epoch, so theirs go to the shared cache.
 */
const ownerEpoch = (c: Context<AppEnv>, scope: ConversationScope) => (scope.kind === "owner" ? c.get("auth")?.epoch : undefined);

/** The SSE variant; returns an untyped Response (hc types the JSON variant). */
export async function streamTurn(
  c: Context<AppEnv>,
  scope: ConversationScope,
  conversationId: string,
  message: string,
  clientMessageId?: string,
): Promise<never> {
  const { chat } = c.get("services");
  // 404 (or 409) before any streaming starts
  const { conv, prefetched } = await chat.openForTurn(scope, conversationId, message, { ownerEpoch: ownerEpoch(c, scope), clientMessageId });
  return streamSSE(c, async (sse) => {
    // Writes are chained, never awaited by the turn: a slow or gone client cannot stall or stop it.
    let writes: Promise<unknown> = Promise.resolve();
    const turn = chat.turn(
      conv,
      message,
      (e) => {
        writes = writes.then(() => (sse.aborted ? undefined : sse.writeSSE({ event: e.type, data: JSON.stringify(payload(e)) }))).catch(() => {});
      },
      { ownerEpoch: ownerEpoch(c, scope), prefetched },
    );
    c.executionCtx.waitUntil(turn.catch((err) => console.error("chat turn failed", err)));
    try {
      await turn;
    } catch {
      writes = writes.then(() =>
        sse.writeSSE({ event: "error", data: JSON.stringify({ code: "internal_error", message: "The reply could not be generated" }) }),
      );
    }
    await writes;
  }) as never;
}
