import { AppError } from "../lib/errors";
import { newId, now } from "../lib/ids";
import { decodeCursor, paginate } from "../lib/cursor";
import type { ConversationRepository, ConversationRow, ConversationScope } from "../db/repositories/conversations";
import type { MessageRepository, MessageView } from "../db/repositories/messages";
import { LlmError, type LlmPort } from "../ports/llm";
import { buildPersonaPrompt } from "./persona";
import type { ContextLoader } from "./chat-context";
import { citationsFrom, titleFrom } from "./citations";
import type { RoomPublisher } from "./rooms";

/** What a chat turn reports as it goes (SSE events and socket messages are made from these). */
export type ChatEvent =
  | { type: "meta"; conversationId: string; userMessage: MessageView }
  | { type: "token"; text: string }
  | { type: "done"; reply: MessageView }
  | { type: "error"; code: "rate_limited" | "upstream_unavailable" | "internal_error"; message: string };

export interface ChatResult {
  conversationId: string;
  userMessage: MessageView;
  reply: MessageView | null;
  error?: Extract<ChatEvent, { type: "error" }>;
}

export interface ConversationView {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  lastMessagePreview: string | null;
}

export const conversationView = (c: ConversationRow): ConversationView => ({
  id: c.id,
  title: c.title,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  lastMessagePreview: c.lastMessagePreview,
});

/** One page of a conversation's messages: newest page first, oldest first within it; nextCursor goes older. */
export async function messagePage(messages: MessageRepository, conversationId: string, limit: number, cursor: string | undefined) {
  const rows = await messages.pageBefore(conversationId, limit + 1, decodeCursor(cursor));
  const { page, nextCursor } = paginate(rows, limit, (m) => ({ t: m.createdAt, id: m.id }));
  return { items: page.reverse(), nextCursor };
}

/**
 * One chat turn: store the question, load context, stream the model, store the reply.
 *
 * Failure policy: the user's message is stored before the model is called (the `meta` event
 * carries its id) and stays if the provider fails — it is what the user said, and the client
 * shows it with a retry. The assistant message is stored only once the model has finished, so a
 * provider failure (before or mid-stream) leaves no partial reply behind.
 */
export class ChatService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly context: ContextLoader,
    private readonly llm: LlmPort,
    private readonly rooms: RoomPublisher,
  ) {}

  /** The conversation, or 404: checked before any streaming starts. */
  async open(scope: ConversationScope, conversationId: string): Promise<ConversationRow> {
    const conv = await this.conversations.find(scope, conversationId);
    if (!conv) throw new AppError("not_found", "Conversation not found");
    return conv;
  }

  /**
   * Runs the turn to the end whatever happens to `emit` (a closed client must not stop the
   * reply from being saved). `notifyRoom` pushes the new messages to the conversation's sockets;
   * the room itself passes false because it broadcasts every event already.
   */
  async turn(conv: ConversationRow, question: string, emit: (e: ChatEvent) => unknown, opts: { notifyRoom?: boolean } = {}): Promise<ChatResult> {
    const safeEmit = (e: ChatEvent) => {
      try {
        const r = emit(e);
        if (r instanceof Promise) r.catch(() => {});
      } catch {
        // the listener went away; the turn goes on
      }
    };
    const notify = opts.notifyRoom ?? true;
    // Storing the question and loading the context run in parallel (time to first token);
    // the loader drops the question from the memory by its id whether or not it sees the row yet.
    const questionId = newId("msg");
    const stored = this.messages.insert({ id: questionId, conversationId: conv.id, userId: conv.userId, role: "user", content: question }).then(async (userMessage) => {
      safeEmit({ type: "meta", conversationId: conv.id, userMessage });
      if (notify) await this.rooms.publish(conv.id, { type: "message", message: userMessage });
      return userMessage;
    });
    const [userMessage, ctx] = await Promise.all([stored, this.context.load({ ownerId: conv.userId, conversationId: conv.id, question, excludeMessageId: questionId })]);
    const prompt = buildPersonaPrompt({ ...ctx, question, conversationId: conv.id });
    let text = "";
    let model: string | null = null;
    try {
      for await (const chunk of this.llm.stream(prompt)) {
        if (chunk.type === "delta") safeEmit({ type: "token", text: chunk.text });
        else ({ text, model } = chunk);
      }
      if (!model || !text.trim()) throw new LlmError("bad_response", "The language model ended without a reply");
    } catch (err) {
      const error: ChatResult["error"] =
        err instanceof LlmError
          ? { type: "error", code: err.kind === "rate_limited" ? "rate_limited" : "upstream_unavailable", message: err.message }
          : { type: "error", code: "internal_error", message: "The reply could not be generated" };
      if (!(err instanceof LlmError)) console.error("chat turn failed", err);
      safeEmit(error);
      return { conversationId: conv.id, userMessage, reply: null, error };
    }

    const reply = await this.messages.insert({
      conversationId: conv.id,
      userId: conv.userId,
      role: "assistant",
      content: text,
      citations: citationsFrom(text, prompt.sources),
      model,
      // Strictly after the question so (created_at, id) ordering never swaps them.
      createdAt: Math.max(now(), userMessage.createdAt + 1),
      // Other sends may have been answered in between: this is what pairs the reply with its question.
      replyTo: userMessage.id,
    });
    await this.conversations.update(conv.id, conv.title ? { touch: true } : { title: titleFrom(question, text) });
    safeEmit({ type: "done", reply });
    if (notify) await this.rooms.publish(conv.id, { type: "message", message: reply });
    return { conversationId: conv.id, userMessage, reply };
  }
}
