import { and, desc, eq, getTableColumns, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { messages } from "../../platform/db/schema";
import { newId, now } from "../../shared/ids";
import type { CursorPosition } from "../../shared/cursor";
import type { Citation, MessageView } from "./chat.schemas";

/**
 * How long an unanswered question counts as still in flight (longer than a turn can take: the
 * LLM timeout times its retries). In flight, it is left out of other turns' memory; after that an
 * unanswered question (its turn failed) is history like any other message.
 */
export const IN_FLIGHT_MS = 5 * 60_000;

type Row = typeof messages.$inferSelect;

const toView = (r: Row): MessageView => ({
  id: r.id,
  conversationId: r.conversationId,
  role: r.role,
  content: r.content,
  citations: JSON.parse(r.citations) as Citation[],
  model: r.model,
  videoJobId: r.videoJobId,
  createdAt: r.createdAt,
  replyTo: r.replyTo,
  answerStatus: r.answerStatus,
  ownerAnswer: r.revision !== null && r.revisedAt !== null ? { content: r.revision, revisedAt: r.revisedAt } : null,
  askedOwnerAt: r.askedOwnerAt,
});

/**
 * A message as a conversation listing shows it to whoever may read the conversation: a question also with
 * its client id (a Retry after a reload names the same question) and, while a turn is answering it, `answering`.
 */
const listedView = (r: Row, answering: boolean): MessageView => ({
  ...toView(r),
  ...(r.role === "user" && r.clientMessageId ? { clientMessageId: r.clientMessageId } : {}),
  ...(answering ? { answering: true as const } : {}),
});

/** A stored message's columns that only later events fill in (a reply, a revision, a video). */
const EMPTY_ROW = {
  citations: "[]",
  model: null,
  videoJobId: null,
  replyTo: null,
  answerStatus: null,
  revision: null,
  revisionDocumentId: null,
  revisedAt: null,
  askedOwnerAt: null,
  clientMessageId: null,
  answeringUntil: null,
} satisfies Partial<Row>;

/** Messages are only reached through a conversation the caller already proved access to. */
export class MessageRepository {
  constructor(private readonly db: Db) {}

  async insert(input: {
    id?: string;
    conversationId: string;
    userId: string;
    role: "user" | "assistant";
    content: string;
    citations?: Citation[];
    model?: string | null;
    createdAt?: number;
    replyTo?: string | null;
    answerStatus?: Row["answerStatus"];
  }): Promise<MessageView> {
    const row: Row = {
      ...EMPTY_ROW,
      id: input.id ?? newId("msg"),
      conversationId: input.conversationId,
      userId: input.userId,
      role: input.role,
      content: input.content,
      citations: JSON.stringify(input.citations ?? []),
      model: input.model ?? null,
      createdAt: input.createdAt ?? now(),
      replyTo: input.replyTo ?? null,
      answerStatus: input.answerStatus ?? null,
    };
    await this.db.insert(messages).values(row);
    return toView(row);
  }

  /**
   * Newest first from the cursor (exclusive), `limit` rows. A question still being answered (its answering
   * lease is live at `at` and it has no reply yet) says so (`answering: true`), read from the lease now.
   */
  async pageBefore(conversationId: string, limit: number, before: CursorPosition | null, at = now()): Promise<MessageView[]> {
    const cond = before
      ? and(
          eq(messages.conversationId, conversationId),
          or(lt(messages.createdAt, before.t), and(eq(messages.createdAt, before.t), lt(messages.id, before.id))),
        )
      : eq(messages.conversationId, conversationId);
    // Spelled out: in the subquery a bare column would name the reply row r's.
    const answering = sql<number>`(${messages.role} = 'user' AND ${messages.answeringUntil} > ${at}
      AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.reply_to = messages.id))`;
    const rows = await this.db
      .select({ ...getTableColumns(messages), answering })
      .from(messages)
      .where(cond)
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(limit)
      .all();
    return rows.map(({ answering, ...r }) => listedView(r, !!answering));
  }

  /** The last `n` messages, oldest first. */
  async lastN(conversationId: string, n: number): Promise<MessageView[]> {
    return (await this.pageBefore(conversationId, n, null)).reverse();
  }

  /**
   * The conversation memory given to the model: the last `n` messages of finished exchanges,
   * each reply right after its question, oldest first. Questions still in flight (no reply yet,
   * younger than IN_FLIGHT_MS) are left out, so concurrent turns never see each other's
   * half-finished exchanges; a reply whose question fell off the window goes with it. Only the
   * owner's rows: a turn may load this before the conversation itself has been checked.
   */
  async memory(ownerId: string, conversationId: string, n: number, at = now()): Promise<MessageView[]> {
    return memoryFromRows(await this.memoryQuery(ownerId, conversationId, n, at));
  }

  /** `memory`'s query, unexecuted, for a batch (turn-opening.ts); its rows go through `memoryFromRows`. */
  memoryQuery(ownerId: string, conversationId: string, n: number, at = now()) {
    const pending = sql`(${messages.role} = 'user' AND ${messages.createdAt} > ${at - IN_FLIGHT_MS}
      AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.reply_to = ${messages.id}))`;
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.userId, ownerId), sql`NOT ${pending}`))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(n);
  }

  /**
   * A question's insert, unexecuted, that stores it only if `conversationExists` holds, in the
   * same statement: nothing can delete the conversation between the check and the write. With a
   * `clientMessageId` it stores nothing either when the conversation already has a question by that
   * id (a retried send): `questionByClientIdQuery` then reads the stored one. `answeringUntil` is the
   * answering lease the storing turn takes on it (`claimAnswerQuery`).
   */
  insertQuestionIf(
    question: {
      id: string;
      conversationId: string;
      userId: string;
      content: string;
      createdAt: number;
      clientMessageId?: string;
      answeringUntil?: number;
    },
    conversationExists: SQL,
  ) {
    const row: Row = {
      ...EMPTY_ROW,
      ...question,
      clientMessageId: question.clientMessageId ?? null,
      answeringUntil: question.answeringUntil ?? null,
      role: "user",
    };
    // INSERT … SELECT takes every column, in the table's order.
    const values = sql.join(
      Object.keys(getTableColumns(messages)).map((k) => sql`${row[k as keyof Row]}`),
      sql`, `,
    );
    const isNew = question.clientMessageId
      ? sql` AND NOT EXISTS (SELECT 1 FROM messages q WHERE q.conversation_id = ${question.conversationId} AND q.client_message_id = ${question.clientMessageId})`
      : sql``;
    return {
      view: toView(row),
      query: this.db.insert(messages).select(sql`SELECT ${values} WHERE EXISTS (SELECT 1 FROM conversations WHERE ${conversationExists})${isNew}`),
    };
  }

  /**
   * A retry's claim on the question a client named `clientMessageId` (an earlier send stored it),
   * unexecuted, for a batch (turn-opening.ts, after `insertQuestionIf`): takes the answering lease,
   * until `until`, only if no turn holds it (none, or run out by `at`), the question has no reply yet
   * and has this text, in this conversation in the caller's scope. Returns the question's id when it
   * took the lease, no row otherwise: one statement, so of two retries at once only one answers.
   */
  claimAnswerQuery(
    question: { conversationId: string; userId: string; clientMessageId: string; content: string },
    at: number,
    until: number,
    conversationExists: SQL,
  ) {
    return this.db
      .update(messages)
      .set({ answeringUntil: until })
      .where(
        and(
          eq(messages.conversationId, question.conversationId),
          eq(messages.clientMessageId, question.clientMessageId),
          eq(messages.userId, question.userId),
          eq(messages.content, question.content),
          or(isNull(messages.answeringUntil), lte(messages.answeringUntil, at)),
          // Spelled out: in the subquery a bare column would name the reply row r's.
          sql`NOT EXISTS (SELECT 1 FROM messages r WHERE r.reply_to = messages.id)`,
          sql`EXISTS (SELECT 1 FROM conversations WHERE ${conversationExists})`,
        ),
      )
      .returning({ id: messages.id });
  }

  /** Moves a held answering lease on to `until`; false when it is no longer `held` (it ran out and another turn took it). */
  async renewAnswer(messageId: string, held: number, until: number): Promise<boolean> {
    const rows = await this.db
      .update(messages)
      .set({ answeringUntil: until })
      .where(and(eq(messages.id, messageId), eq(messages.answeringUntil, held)))
      .returning({ id: messages.id });
    return rows.length > 0;
  }

  /** Ends a held answering lease (its turn failed): a retry may answer the question at once. */
  async releaseAnswer(messageId: string, held: number): Promise<void> {
    await this.db
      .update(messages)
      .set({ answeringUntil: null })
      .where(and(eq(messages.id, messageId), eq(messages.answeringUntil, held)));
  }

  /**
   * The question a client named `clientMessageId` in this conversation and the replies to it, oldest
   * first, unexecuted, for a batch (turn-opening.ts): run after `insertQuestionIf`, it finds the
   * question whether that statement stored it or it was stored by an earlier send. Only the owner's
   * rows, as `memoryQuery`: the conversation's scope is checked in the same batch.
   */
  questionByClientIdQuery(ownerId: string, conversationId: string, clientMessageId: string) {
    const question = this.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.clientMessageId, clientMessageId)));
    return this.db
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, conversationId),
          eq(messages.userId, ownerId),
          or(eq(messages.clientMessageId, clientMessageId), eq(messages.replyTo, question)),
        ),
      )
      .orderBy(messages.createdAt, messages.id);
  }
}

/**
 * `questionByClientIdQuery`'s rows as the question, its newest reply (null while it has none) and
 * its answering lease (null when no turn took one).
 */
export function questionFromRows(
  rows: Row[],
  clientMessageId: string,
): { question: MessageView; reply: MessageView | null; answeringUntil: number | null } | undefined {
  const question = rows.find((r) => r.role === "user" && r.clientMessageId === clientMessageId);
  const reply = rows.findLast((r) => r.role === "assistant" && question && r.replyTo === question.id);
  return question && { question: toView(question), reply: reply ? toView(reply) : null, answeringUntil: question.answeringUntil };
}

/** `memoryQuery`'s rows (newest first) as the memory: oldest first, each reply after its question. */
export const memoryFromRows = (rows: Row[]): MessageView[] => pairUp(rows.reverse().map(toView));

/** Oldest first, each reply moved right after its question; replies whose question is absent are dropped. */
export function pairUp(ordered: MessageView[]): MessageView[] {
  const ids = new Set(ordered.map((m) => m.id));
  const repliesTo = new Map<string, MessageView[]>();
  for (const m of ordered) if (m.replyTo && ids.has(m.replyTo)) repliesTo.set(m.replyTo, [...(repliesTo.get(m.replyTo) ?? []), m]);
  const out: MessageView[] = [];
  for (const m of ordered) {
    if (m.replyTo) continue; // placed after its question below (or dropped with it)
    out.push(m, ...(repliesTo.get(m.id) ?? []));
  }
  return out;
}
