import type { Db } from "../../platform/db/client";
import { now } from "../../shared/ids";
import { type KnowledgeSearch, versionOf } from "../knowledge";
import type { ConversationScope, MessageView } from "./chat.schemas";
import { type ConversationRepository, type ConversationRow, inScope } from "./conversations.repo";
import { type MessageRepository, memoryFromRows, questionFromRows } from "./messages.repo";
import { AppError } from "../../shared/errors";

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
}

/**
 * A chat turn's first reads and write in one D1 round trip (a batch, one transaction): the
 * conversation checked in its scope, the question stored only if it was found, the memory window
 * and the owner's knowledge version (the one D1 read of a warm retrieval). Done one by one they
 * were four round trips, two of them in series, before the first token.
 *
 * A question with a client id (client_message_id) is stored once per conversation: a retried send
 * (the turn failed after the question was stored) reads the stored question, and its reply if one
 * was saved, in the same batch instead of storing the question again.
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
   * when the client id names a question of this conversation with another text.
   */
  async open(
    scope: ConversationScope,
    conversationId: string,
    question: { id: string; content: string; clientMessageId?: string },
    windowSize: number,
  ): Promise<OpenedTurn | undefined> {
    const t = now();
    const insert = this.messages.insertQuestionIf(
      { id: question.id, conversationId, userId: scope.ownerId, content: question.content, createdAt: t, clientMessageId: question.clientMessageId },
      inScope(scope, conversationId),
    );
    const cid = question.clientMessageId;
    const [windowRows, found, , versionRows, namedRows] = await this.db.batch([
      this.messages.memoryQuery(scope.ownerId, conversationId, windowSize, t),
      this.conversations.findQuery(scope, conversationId),
      insert.query,
      this.knowledge.versionQuery(scope.ownerId),
      // Read after the insert: the question whether this batch or an earlier send stored it.
      ...(cid ? [this.messages.questionByClientIdQuery(scope.ownerId, conversationId, cid)] : []),
    ]);
    const conv = found[0];
    if (!conv) return undefined;
    const named = cid && namedRows ? questionFromRows(namedRows, cid) : undefined;
    if (named && named.question.content !== question.content) {
      throw new AppError("conflict", "client_message_id already names another message of this conversation");
    }
    const userMessage = named?.question ?? insert.view;
    return {
      conv,
      userMessage,
      answered: named?.reply ?? null,
      // A retried question may be in the window already (answered, or no longer in flight): not twice in the prompt.
      window: memoryFromRows(windowRows.filter((r) => r.id !== userMessage.id)),
      knowledgeVersion: versionOf(versionRows),
    };
  }
}
