import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { guardrails, messages } from "../../platform/db/schema";
import { now } from "../../shared/ids";
import type { CursorPosition } from "../../shared/cursor";
import { NO_GUARDRAILS, type Guardrails } from "../../shared/guardrails";

export interface VisitorConversationRow {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  shareLinkId: string;
  shareLabel: string;
  visitorId: string;
  messageCount: number;
  lastMessagePreview: string | null;
}

/** An unanswered reply of the owner's clone with the question it failed. */
export interface InboxRow {
  replyId: string;
  questionId: string | null;
  question: string;
  reply: string;
  conversationId: string;
  shareLinkId: string | null;
  shareLabel: string | null;
  askedOwnerAt: number | null;
  revision: string | null;
  createdAt: number;
}

export interface ReplyRow {
  id: string;
  conversationId: string;
  role: "user" | "assistant";
  content: string;
  replyTo: string | null;
  revision: string | null;
  revisionDocumentId: string | null;
  revisedAt: number | null;
  question: string | null;
  shareLinkId: string | null;
}

/** The audience feature's SQL: visitor conversations, the Inbox, revisions and guardrails, always within one owner. */
export class AudienceRepository {
  constructor(
    private readonly db: Db,
    private readonly d1: D1Database,
  ) {}

  /** Visitor conversations, most recently active first (keyset on updated_at, id); filters by link, visitor and title/message text. */
  async visitorConversations(
    ownerId: string,
    opts: { limit: number; after: CursorPosition | null; shareLinkId?: string; visitorId?: string; q?: string },
  ): Promise<VisitorConversationRow[]> {
    const where = ["c.user_id = ?1", "c.share_link_id IS NOT NULL"];
    const binds: unknown[] = [ownerId];
    const bind = (v: unknown) => {
      binds.push(v);
      return `?${binds.length}`;
    };
    if (opts.shareLinkId) where.push(`c.share_link_id = ${bind(opts.shareLinkId)}`);
    if (opts.visitorId) where.push(`c.visitor_id = ${bind(opts.visitorId)}`);
    // instr(), not LIKE: the search text is literal. Titles and what was said both count.
    if (opts.q) {
      const q = bind(opts.q.toLowerCase());
      where.push(
        `(instr(lower(c.title), ${q}) > 0 OR EXISTS (SELECT 1 FROM messages mq WHERE mq.conversation_id = c.id AND instr(lower(mq.content), ${q}) > 0))`,
      );
    }
    if (opts.after) {
      const t = bind(opts.after.t);
      where.push(`(c.updated_at < ${t} OR (c.updated_at = ${t} AND c.id < ${bind(opts.after.id)}))`);
    }
    const limit = bind(opts.limit);
    const { results } = await this.d1
      .prepare(
        `SELECT c.id, c.title, c.created_at AS createdAt, c.updated_at AS updatedAt, c.share_link_id AS shareLinkId,
                COALESCE(s.label, '') AS shareLabel, c.visitor_id AS visitorId,
                (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id) AS messageCount,
                (SELECT substr(m.content, 1, 120) FROM messages m WHERE m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS lastMessagePreview
           FROM conversations c LEFT JOIN share_links s ON s.id = c.share_link_id
          WHERE ${where.join(" AND ")}
          ORDER BY c.updated_at DESC, c.id DESC LIMIT ${limit}`,
      )
      .bind(...binds)
      .all<VisitorConversationRow>();
    return results;
  }

  /** Unanswered replies (own chats and visitors'), newest first; `open` leaves out the ones the owner already answered. */
  async inbox(ownerId: string, opts: { open: boolean; limit: number }): Promise<InboxRow[]> {
    const { results } = await this.d1
      .prepare(
        `SELECT r.id AS replyId, q.id AS questionId, COALESCE(q.content, '') AS question, r.content AS reply, r.conversation_id AS conversationId,
                c.share_link_id AS shareLinkId, s.label AS shareLabel, r.asked_owner_at AS askedOwnerAt, r.revision, r.created_at AS createdAt
           FROM messages r
           JOIN conversations c ON c.id = r.conversation_id
           LEFT JOIN messages q ON q.id = r.reply_to
           LEFT JOIN share_links s ON s.id = c.share_link_id
          WHERE r.user_id = ?1 AND r.role = 'assistant' AND r.answer_status = 'unanswered' ${opts.open ? "AND r.revision IS NULL" : ""}
          ORDER BY r.created_at DESC, r.id DESC LIMIT ?2`,
      )
      .bind(ownerId, opts.limit)
      .all<InboxRow>();
    return results;
  }

  async openInboxCount(ownerId: string): Promise<number> {
    const row = await this.d1
      .prepare("SELECT COUNT(*) AS n FROM messages WHERE user_id = ?1 AND answer_status = 'unanswered' AND revision IS NULL")
      .bind(ownerId)
      .first<{ n: number }>();
    return row?.n ?? 0;
  }

  /** A message of the owner's clone (own chats or visitors'), with its question's text; undefined for anyone else's. */
  async reply(ownerId: string, messageId: string): Promise<ReplyRow | undefined> {
    const row = await this.d1
      .prepare(
        `SELECT r.id, r.conversation_id AS conversationId, r.role, r.content, r.reply_to AS replyTo, r.revision,
                r.revision_document_id AS revisionDocumentId, r.revised_at AS revisedAt, q.content AS question, c.share_link_id AS shareLinkId
           FROM messages r JOIN conversations c ON c.id = r.conversation_id LEFT JOIN messages q ON q.id = r.reply_to
          WHERE r.id = ?1 AND r.user_id = ?2 AND c.user_id = ?2`,
      )
      .bind(messageId, ownerId)
      .first<ReplyRow>();
    return row ?? undefined;
  }

  /** Every revised reply, most recently revised first. */
  async revisions(ownerId: string, limit: number): Promise<ReplyRow[]> {
    const { results } = await this.d1
      .prepare(
        `SELECT r.id, r.conversation_id AS conversationId, r.role, r.content, r.reply_to AS replyTo, r.revision,
                r.revision_document_id AS revisionDocumentId, r.revised_at AS revisedAt, q.content AS question, c.share_link_id AS shareLinkId
           FROM messages r JOIN conversations c ON c.id = r.conversation_id LEFT JOIN messages q ON q.id = r.reply_to
          WHERE r.user_id = ?1 AND r.revised_at IS NOT NULL
          ORDER BY r.revised_at DESC, r.id DESC LIMIT ?2`,
      )
      .bind(ownerId, limit)
      .all<ReplyRow>();
    return results;
  }

  async setRevision(ownerId: string, messageId: string, revision: { text: string; documentId: string } | null): Promise<void> {
    await this.db
      .update(messages)
      .set(
        revision
          ? { revision: revision.text, revisionDocumentId: revision.documentId, revisedAt: now() }
          : { revision: null, revisionDocumentId: null, revisedAt: null },
      )
      .where(and(eq(messages.id, messageId), eq(messages.userId, ownerId)));
  }

  /** "Ask the real me": marks a reply of a visitor conversation; idempotent (the first time is kept). */
  async askOwner(ownerId: string, messageId: string): Promise<number> {
    await this.db
      .update(messages)
      .set({ askedOwnerAt: sql`COALESCE(${messages.askedOwnerAt}, ${now()})` })
      .where(and(eq(messages.id, messageId), eq(messages.userId, ownerId), eq(messages.role, "assistant")));
    const row = await this.db
      .select({ at: messages.askedOwnerAt })
      .from(messages)
      .where(and(eq(messages.id, messageId), isNotNull(messages.askedOwnerAt)))
      .get();
    return row?.at ?? now();
  }

  async guardrails(ownerId: string): Promise<Guardrails> {
    const row = await this.db.select().from(guardrails).where(eq(guardrails.userId, ownerId)).get();
    return row ? { topics: JSON.parse(row.topics) as string[], refusal: row.refusal } : NO_GUARDRAILS;
  }

  async saveGuardrails(ownerId: string, g: Guardrails): Promise<void> {
    const values = { userId: ownerId, topics: JSON.stringify(g.topics), refusal: g.refusal, updatedAt: now() };
    await this.db
      .insert(guardrails)
      .values(values)
      .onConflictDoUpdate({ target: guardrails.userId, set: { topics: values.topics, refusal: values.refusal, updatedAt: values.updatedAt } });
  }
}
