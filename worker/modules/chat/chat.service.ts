import { AppError, notFound } from "../../shared/errors";
import { newId, now } from "../../shared/ids";
import { decodeCursor, paginate } from "../../shared/cursor";
import type { ConversationRepository, ConversationRow } from "./conversations.repo";
import type { MessageRepository } from "./messages.repo";
import type { ConversationDetail, ConversationScope, ConversationView, MessageView } from "./chat.schemas";
import { LlmError, type LlmPort } from "../../platform/llm/port";
import { buildPersonaPrompt, type AnswerStatus } from "../../shared/persona";
import { CONTEXT_WINDOW_ROWS, type ContextLoader, type ConversationContext } from "./chat-context";
import type { TurnOpening } from "./turn-opening";
import { AnswerLease, type HeldAnswer } from "./answer-lease";
import { citationsFrom, titleFrom } from "./citations";
import type { RoomEventPublisher, RoomMessageHandler } from "../../platform/realtime/port";
import type { RoomEvent } from "../../contracts/events";
import type { AuthService } from "../auth";

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

/** Proposes memories from what the owner tells their own clone (the memory module implements it; nothing is remembered until accepted). */
export interface MemoryProposer {
  proposeFrom(input: { ownerId: string; conversationId: string; messageId: string; text: string }): Promise<unknown>;
}

export const conversationView = (c: ConversationRow): ConversationView => ({
  id: c.id,
  title: c.title,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  lastMessagePreview: c.lastMessagePreview,
});

/** How many of the newest messages GET /api/conversations/{id} carries (the seed's "Get conversation"). */
const RECENT_MESSAGES = 50;

const ownerScope = (userId: string): ConversationScope => ({ kind: "owner", ownerId: userId });

/** Set on a conversation socket by the ws route after it verified the ticket. */
interface SocketInfo {
  scope: ConversationScope;
  conversationId: string;
  /** The session that opened the socket: re-checked on every message so logout ends the socket. */
  sessionId: string;
  userId: string;
}

/**
 * One chat turn: store the question, load context, stream the model, store the reply.
 *
 * Failure policy: the user's message is stored before the model is called (the `meta` event
 * carries its id) and stays if the provider fails — it is what the user said, and the client
 * shows it with a retry. The assistant message is stored only once the model has finished, so a
 * provider failure (before or mid-stream) leaves no partial reply behind.
 */
/** A turn opened by ChatService.openForTurn: its question stored, its context loading. */
export interface Prefetched {
  userMessage: MessageView;
  context: Promise<ConversationContext>;
  /** A retried question that was answered already (the client lost the reply): the turn replays it. */
  answered?: MessageView | null;
  /** The answering lease the opening took on a question named by its client id: the turn renews it, and releases it if it fails. */
  answering?: HeldAnswer | null;
}

/** How ChatService.turn runs: see there. */
interface TurnRun {
  notifyRoom?: boolean;
  ownerEpoch?: number;
  prefetched?: Prefetched;
}

/** How a send names its question (client_message_id): a retry of a failed send names it again and is not stored twice. */
export interface TurnOptions {
  ownerEpoch?: number;
  clientMessageId?: string;
}

export class ChatService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messageRepo: MessageRepository,
    private readonly context: ContextLoader,
    private readonly llm: LlmPort,
    private readonly rooms: RoomEventPublisher,
    private readonly auth: AuthService,
    private readonly opening: TurnOpening,
    private readonly memories?: MemoryProposer,
  ) {}

  // ── conversations (owners through their routes, visitors through a share link's scope) ──

  async create(scope: ConversationScope, title = ""): Promise<ConversationView> {
    return conversationView(await this.conversations.create(scope, title));
  }

  async list(scope: ConversationScope, opts: { limit: number; cursor?: string; q?: string }) {
    const rows = await this.conversations.list(scope, { limit: opts.limit + 1, after: decodeCursor(opts.cursor), q: opts.q || undefined });
    const { page, nextCursor } = paginate(rows, opts.limit, (r) => ({ t: r.updatedAt, id: r.id }));
    return { items: page.map(conversationView), nextCursor };
  }

  /** Whether the conversation is in the scope (a visitor's own, an owner's own). */
  async owns(scope: ConversationScope, conversationId: string): Promise<boolean> {
    return !!(await this.conversations.find(scope, conversationId));
  }

  async get(scope: ConversationScope, id: string): Promise<ConversationView> {
    return conversationView(await this.open(scope, id));
  }

  /** The conversation with its newest RECENT_MESSAGES messages (oldest first) and the cursor to older ones. */
  async detail(scope: ConversationScope, id: string): Promise<ConversationDetail> {
    const recent = await this.messages(scope, id, RECENT_MESSAGES, undefined);
    return { ...(await this.get(scope, id)), messages: recent.items, messagesNextCursor: recent.nextCursor };
  }

  async rename(scope: ConversationScope, id: string, title: string): Promise<ConversationView> {
    if (!(await this.conversations.rename(scope, id, title))) throw notFound("Conversation");
    return this.get(scope, id);
  }

  async delete(scope: ConversationScope, id: string): Promise<void> {
    if (!(await this.conversations.delete(scope, id))) throw notFound("Conversation");
  }

  /** One page of a conversation's messages: newest page first, oldest first within it; nextCursor goes older. */
  async messages(scope: ConversationScope, conversationId: string, limit: number, cursor: string | undefined) {
    await this.open(scope, conversationId);
    const rows = await this.messageRepo.pageBefore(conversationId, limit + 1, decodeCursor(cursor));
    const { page, nextCursor } = paginate(rows, limit, (m) => ({ t: m.createdAt, id: m.id }));
    return { items: page.reverse(), nextCursor };
  }

  // ── the conversation's WebSocket ──

  /** A 60-second ticket for the owner's conversation socket. */
  async ticket(auth: { userId: string; sessionId: string }, conversationId: string) {
    await this.open(ownerScope(auth.userId), conversationId);
    const { ticket, expiresIn } = await this.auth.ticket(auth, "conversation-ws", { cnv: conversationId });
    return { ticket, expiresIn, url: `/api/conversations/${conversationId}/ws?ticket=${encodeURIComponent(ticket)}` };
  }

  /** Verifies the ticket (single use, this conversation only, the owner's) and hands the upgrade to the room. */
  async connect(conversationId: string, ticket: string, request: Request): Promise<Response> {
    const claims = await this.auth.verifySession(ticket, "conversation-ws");
    const conv = claims.payload.cnv === conversationId ? await this.conversations.find(ownerScope(claims.userId), conversationId) : undefined;
    if (!conv) throw notFound("Conversation");
    const headers = new Headers(request.headers);
    const info: SocketInfo = { scope: ownerScope(claims.userId), conversationId, sessionId: claims.sessionId, userId: claims.userId };
    headers.set("x-room-scope", JSON.stringify(info));
    return this.rooms.connect(conversationId, new Request(request.url, { headers }));
  }

  /** What the conversation's Durable Object runs when a socket sends a message. */
  readonly roomHandler: RoomMessageHandler = {
    onSend: async (raw, send, emit) => {
      const info = raw as SocketInfo;
      // Cheap (cached, invalidated on revocation): a socket must not outlive its session's logout.
      if (!(await this.auth.isSessionActive(info.sessionId, info.userId))) {
        return { close: { code: 4401, reason: "session ended", error: { type: "error", code: "unauthorized", message: "Session has ended; sign in again" } } };
      }
      // Re-checked on every send (openForTurn): the conversation may have been deleted since the socket opened.
      let opened;
      try {
        opened = await this.openForTurn(info.scope, info.conversationId, send.message, { clientMessageId: send.clientMessageId });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === "not_found")
          return { close: { code: 4404, reason: "not found", error: { type: "error", code: "not_found", message: "Conversation not found" } } };
        // A refused send (a conflict, still answering): the sender's business, not the room's.
        return { error: socketError(err) };
      }
      await this.turn(opened.conv, send.message, (e) => emit(toRoomEvent(e)), { notifyRoom: false, prefetched: opened.prefetched });
      return {};
    },
  };

  // ── chat turns ──

  /** The conversation, or 404: checked before any streaming starts. */
  async open(scope: ConversationScope, conversationId: string): Promise<ConversationRow> {
    const conv = await this.conversations.find(scope, conversationId);
    if (!conv) throw notFound("Conversation");
    return conv;
  }

  /**
   * `open` for a turn (404 before any streaming starts), in one round trip with storing the
   * question and reading the memory window (TurnOpening). The rest of the context starts loading
   * at once: it depends on the scope (owner, visitor), not on the conversation's row, and its
   * reads are the owner's own, so nothing of it is used unless the conversation is found.
   */
  async openForTurn(
    scope: ConversationScope,
    conversationId: string,
    question: string,
    { ownerEpoch, clientMessageId }: TurnOptions = {},
  ): Promise<{ conv: ConversationRow; prefetched: Prefetched }> {
    const questionId = newId("msg");
    const opened = this.opening.open(scope, conversationId, { id: questionId, content: question, clientMessageId }, CONTEXT_WINDOW_ROWS).then((o) => {
      if (!o) throw notFound("Conversation");
      return o;
    });
    // Not found: the context's window and retrieval stop there, and it is dropped unused.
    const context = this.context.load({
      ownerId: scope.ownerId,
      conversationId,
      question,
      excludeMessageId: questionId,
      window: opened.then((o) => o.window),
      knowledgeVersion: opened.then((o) => o.knowledgeVersion),
      ownerEpoch,
      visitor: scope.kind === "visitor" ? { shareLinkId: scope.shareLinkId, visitorId: scope.visitorId } : undefined,
    });
    context.catch(() => {}); // a 404 below leaves it unawaited
    const { conv, userMessage, answered, answering } = await opened;
    return { conv, prefetched: { userMessage, context, answered, answering } };
  }

  /**
   * Runs the turn to the end whatever happens to `emit` (a closed client must not stop the
   * reply from being saved). `notifyRoom` pushes the new messages to the conversation's sockets;
   * the room itself passes false because it broadcasts every event already. A question's answering
   * lease (Prefetched.answering) is held while the turn runs and released when it ends without a reply.
   */
  async turn(conv: ConversationRow, question: string, emit: (e: ChatEvent) => unknown, opts: TurnRun = {}): Promise<ChatResult> {
    const safeEmit = (e: ChatEvent) => {
      try {
        const r = emit(e);
        if (r instanceof Promise) r.catch(() => {});
      } catch {
        // the listener went away; the turn goes on
      }
    };
    if (opts.prefetched?.answered) return this.replay(conv, opts.prefetched.userMessage, opts.prefetched.answered, safeEmit);
    const held = opts.prefetched?.answering;
    const lease = held ? new AnswerLease(this.messageRepo, held) : undefined;
    try {
      return await this.answer(conv, question, safeEmit, opts, lease);
    } finally {
      await lease?.release(); // ended without a saved reply (a thrown failure): a retry may answer now
    }
  }

  private async answer(
    conv: ConversationRow,
    question: string,
    safeEmit: (e: ChatEvent) => void,
    opts: TurnRun,
    lease: AnswerLease | undefined,
  ): Promise<ChatResult> {
    const notify = opts.notifyRoom ?? true;
    // Storing the question and loading the context run in parallel (time to first token);
    // the loader drops the question from the memory by its id whether or not it sees the row yet.
    const questionId = newId("msg");
    // The question's push to the conversation's sockets is off the first token's path; the reply's
    // push waits for it, so sockets still see the question first.
    let questionPushed: Promise<unknown> = Promise.resolve();
    const stored = (
      opts.prefetched
        ? Promise.resolve(opts.prefetched.userMessage)
        : this.messageRepo.insert({ id: questionId, conversationId: conv.id, userId: conv.userId, role: "user", content: question })
    ).then((userMessage) => {
      safeEmit({ type: "meta", conversationId: conv.id, userMessage });
      if (notify) questionPushed = this.rooms.publish(conv.id, { type: "message", message: userMessage });
      return userMessage;
    });
    const [userMessage, ctx] = await Promise.all([
      stored,
      opts.prefetched?.context ??
        this.context.load({
          ownerId: conv.userId,
          conversationId: conv.id,
          question,
          excludeMessageId: questionId,
          ownerEpoch: opts.ownerEpoch,
          visitor: conv.shareLinkId && conv.visitorId ? { shareLinkId: conv.shareLinkId, visitorId: conv.visitorId } : undefined,
        }),
    ]);
    // The owner's own chat: facts they state become memory proposals, alongside the reply (ready before `done`).
    const proposing =
      this.memories && !conv.shareLinkId
        ? this.memories
            .proposeFrom({ ownerId: conv.userId, conversationId: conv.id, messageId: userMessage.id, text: question })
            .catch((err) => console.error(JSON.stringify({ level: "error", message: "memory proposal failed", error: String(err) })))
        : undefined;
    const prompt = buildPersonaPrompt({ ...ctx, question, conversationId: conv.id });
    let text = "";
    let model: string | null = null;
    let status: AnswerStatus = "answered";
    try {
      for await (const chunk of this.llm.stream(prompt)) {
        if (chunk.type === "delta") safeEmit({ type: "token", text: chunk.text });
        else ({ text, model, status = "answered" } = chunk);
      }
      if (!model || !text.trim()) throw new LlmError("bad_response", "The language model ended without a reply");
    } catch (err) {
      const error: ChatResult["error"] =
        err instanceof LlmError
          ? { type: "error", code: err.kind === "rate_limited" ? "rate_limited" : "upstream_unavailable", message: err.message }
          : { type: "error", code: "internal_error", message: "The reply could not be generated" };
      if (!(err instanceof LlmError)) console.error("chat turn failed", err);
      // Before the error reaches the client: its retry must find the question free, not still answering.
      await Promise.all([proposing, questionPushed, lease?.release()]);
      safeEmit(error);
      return { conversationId: conv.id, userMessage, reply: null, error };
    }

    const reply = await this.messageRepo.insert({
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
      // The responder's structured signal: the owner's Inbox lists the unanswered ones.
      answerStatus: status,
    });
    lease?.end(); // the saved reply answers every retry from now on
    const title = conv.title ? null : titleFrom(question);
    await this.conversations.update(conv.id, title ? { title } : { touch: true });
    await Promise.all([proposing, questionPushed]);
    safeEmit({ type: "done", reply });
    if (notify) await this.rooms.publish(conv.id, { type: "message", message: reply });
    return { conversationId: conv.id, userMessage, reply };
  }

  /**
   * A retry of a question whose turn had finished (the client lost the reply, e.g. the stream was
   * cut after `done` was saved): the stored exchange again, as one turn's events, with nothing new
   * stored and no model call. The conversation's sockets had both messages already.
   */
  private replay(conv: ConversationRow, userMessage: MessageView, reply: MessageView, emit: (e: ChatEvent) => void): ChatResult {
    emit({ type: "meta", conversationId: conv.id, userMessage });
    emit({ type: "token", text: reply.content });
    emit({ type: "done", reply });
    return { conversationId: conv.id, userMessage, reply };
  }
}

/** A refused send as its socket error: what the HTTP answer says, its details and its Retry-After (as `retryAfter` seconds). */
function socketError(err: AppError): RoomEvent {
  const retryAfter = Number(err.headers?.["Retry-After"]);
  return {
    type: "error",
    code: err.code,
    message: err.message,
    ...(err.details !== undefined && { details: err.details }),
    ...(Number.isInteger(retryAfter) && retryAfter > 0 && { retryAfter }),
  };
}

function toRoomEvent(e: ChatEvent): RoomEvent {
  switch (e.type) {
    case "meta":
      return { type: "message", message: e.userMessage };
    case "done":
      return { type: "message", message: e.reply };
    case "token":
      return e;
    case "error":
      return { type: "error", code: e.code, message: e.message };
  }
}
