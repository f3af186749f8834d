import type { Db } from "../../platform/db/client";
import { now } from "../../shared/ids";
import { type KnowledgeSearch, versionOf } from "../knowledge";
import type { ConversationScope, MessageView } from "./chat.schemas";
import { type ConversationRepository, type ConversationRow, inScope } from "./conversations.repo";
import { type MessageRepository, memoryFromRows, questionFromRows } from "./messages.repo";
import { AppError } from "../../shared/errors";
import { ANSWER_LEASE_MS, type HeldAnswer } from "./answer-lease";

export interface OpenedTurn {
  conv: ConversationRow;
  /** The question, stored (by this turn, or by the earlier send a retry names with its client id). */
  userMessage: MessageView;
  /** A retried question's stored reply (its turn had finished; the client lost the answer): null otherwise. */
  answered: MessageView | null;
  /** The conversation's memory before the question (MessageRepository.memory), the question itself left out. */
  window: MessageView[];
  /** The owner's knowledge version, for the turn's retrieval (SearchOptions.version). */
  knowledgeVersion: number;
  /** The answering lease this turn took on a question named by its client id (null without one, or when answered). */
  answering: HeldAnswer | null;
}

/**
 * How long a refused retry is told to wait (Retry-After, seconds): a reply usually takes seconds, so
 * a few, not the lease's whole remaining minute; at most until the lease runs out.
 */
const RETRY_AFTER_MAX_S = 3;

/**
 * A chat turn's first reads and write in one D1 round trip (a batch, one transaction): the
 * conversation checked in its scope, the question stored only if it was found, the memory window
 * and the owner's knowledge version (the one D1 read of a warm retrieval). Done one by one they
 * were four round trips, two of them in series, before the first token.
 *
 * A question with a client id (client_message_id) is stored once per conversation: a retried send
 * (the turn failed after the question was stored) reads the stored question, and its reply if one
 * was saved, in the same batch instead of storing the question again.
 *
 * And answered by one turn at a time: the turn that stores such a question takes its answering lease
 * in the same insert, a retry claims it in the same batch (answer-lease.ts). A retry that finds the
 * lease held by another turn, still answering, is refused (409 answer_in_progress) rather than
 * answering the question a second time beside it.
 */
export class TurnOpening {
  constructor(
    private readonly db: Db,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly knowledge: Pick<KnowledgeSearch, "versionQuery">,
  ) {}

  /**
   * undefined when the conversation is not in the scope (nothing is stored then). Throws a conflict
   * when the client id names a question of this conversation with another text, and
   * answer_in_progress (with Retry-After) when another turn is still answering it.
   */
  async open(
    scope: ConversationScope,
    conversationId: string,
    question: { id: string; content: string; clientMessageId?: string },
    windowSize: number,
  ): Promise<OpenedTurn | undefined> {
    const t = now();
    const cid = question.clientMessageId;
    const until = t + ANSWER_LEASE_MS;
    const asked = { conversationId, userId: scope.ownerId, content: question.content };
    const insert = this.messages.insertQuestionIf(
      { ...asked, id: question.id, createdAt: t, clientMessageId: cid, answeringUntil: cid ? until : undefined },
      inScope(scope, conversationId),
    );
    const [windowRows, found, , versionRows, claimed, namedRows] = await this.db.batch([
      this.messages.memoryQuery(scope.ownerId, conversationId, windowSize, t),
      this.conversations.findQuery(scope, conversationId),
      insert.query,
      this.knowledge.versionQuery(scope.ownerId),
      ...(cid
        ? ([
            // After the insert: a question an earlier send stored (this batch's own has a live lease already).
            this.messages.claimAnswerQuery({ ...asked, clientMessageId: cid }, t, until, inScope(scope, conversationId)),
            // Read after both: the question whether this batch or an earlier send stored it, and its lease.
            this.messages.questionByClientIdQuery(scope.ownerId, conversationId, cid),
          ] as const)
        : []),
    ]);
    const conv = found[0];
    if (!conv) return undefined;
    const named = cid && namedRows ? questionFromRows(namedRows, cid) : undefined;
    if (named && named.question.content !== question.content) {
      throw new AppError("conflict", "client_message_id already names another message of this conversation");
    }
    const userMessage = named?.question ?? insert.view;
    const answering = named && !named.reply ? { messageId: userMessage.id, until } : null;
    if (named && answering && named.question.id !== question.id && !claimed?.length) {
      const wait = Math.min(RETRY_AFTER_MAX_S, Math.max(1, Math.ceil(((named.answeringUntil ?? t) - t) / 1000)));
      throw new AppError(
        "answer_in_progress",
        "Still answering this message; try again shortly",
        { userMessageId: userMessage.id },
        { "Retry-After": String(wait) },
      );
    }
    return {
      conv,
      userMessage,
      answered: named?.reply ?? null,
      // A retried question may be in the window already (answered, or no longer in flight): not twice in the prompt.
      window: memoryFromRows(windowRows.filter((r) => r.id !== userMessage.id)),
      knowledgeVersion: versionOf(versionRows),
      answering,
    };
  }
}
