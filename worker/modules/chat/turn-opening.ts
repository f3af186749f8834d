import type { Db } from "../../platform/db/client";
import { now } from "../../shared/ids";
import { type KnowledgeSearch, versionOf } from "../knowledge";
import type { ConversationScope, MessageView } from "./chat.schemas";
import { type ConversationRepository, type ConversationRow, inScope } from "./conversations.repo";
import { type MessageRepository, memoryFromRows } from "./messages.repo";

export interface OpenedTurn {
  conv: ConversationRow;
  /** The question, stored. */
  userMessage: MessageView;
  /** The conversation's memory before the question (MessageRepository.memory). */
  window: MessageView[];
  /** The owner's knowledge version, for the turn's retrieval (SearchOptions.version). */
  knowledgeVersion: number;
}

/**
 * A chat turn's first reads and write in one D1 round trip (a batch, one transaction): the
 * conversation checked in its scope, the question stored only if it was found, the memory window
 * and the owner's knowledge version (the one D1 read of a warm retrieval). Done one by one they
 * were four round trips, two of them in series, before the first token.
 */
export class TurnOpening {
  constructor(
    private readonly db: Db,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly knowledge: Pick<KnowledgeSearch, "versionQuery">,
  ) {}

  /** undefined when the conversation is not in the scope (nothing is stored then). */
  async open(scope: ConversationScope, conversationId: string, question: { id: string; content: string }, windowSize: number): Promise<OpenedTurn | undefined> {
    const t = now();
    const insert = this.messages.insertQuestionIf(
      { id: question.id, conversationId, userId: scope.ownerId, content: question.content, createdAt: t },
      inScope(scope, conversationId),
    );
    const [windowRows, found, , versionRows] = await this.db.batch([
      this.messages.memoryQuery(scope.ownerId, conversationId, windowSize, t),
      this.conversations.findQuery(scope, conversationId),
      insert.query,
      this.knowledge.versionQuery(scope.ownerId),
    ]);
    const conv = found[0];
    return conv && { conv, userMessage: insert.view, window: memoryFromRows(windowRows), knowledgeVersion: versionOf(versionRows) };
  }
}
