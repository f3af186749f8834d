import { and, desc, eq, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { conversations } from "../../platform/db/schema";
import { newId, now } from "../../shared/ids";
import type { CursorPosition } from "../../shared/cursor";
import type { ConversationScope } from "./chat.schemas";

export interface ConversationRow {
  id: string;
  userId: string;
  shareLinkId: string | null;
  visitorId: string | null;
  title: string;
  createdAt: number;
  updatedAt: number;
  lastMessagePreview: string | null;
}

const PREVIEW_CHARS = 120;
// The outer column is written qualified by hand: drizzle renders a bare "id" in single-table selects.
const preview = sql<
  string | null
>`(SELECT substr(m.content, 1, ${PREVIEW_CHARS}) FROM messages m WHERE m.conversation_id = "conversations"."id" ORDER BY m.created_at DESC, m.id DESC LIMIT 1)`;

function scopeWhere(scope: ConversationScope): SQL {
  if (scope.kind === "owner") return and(eq(conversations.userId, scope.ownerId), isNull(conversations.shareLinkId))!;
  if (scope.kind === "audience") return and(eq(conversations.userId, scope.ownerId), isNotNull(conversations.shareLinkId))!;
  return and(eq(conversations.userId, scope.ownerId), eq(conversations.shareLinkId, scope.shareLinkId), eq(conversations.visitorId, scope.visitorId))!;
}

/** The conversation `id`, if it is in the scope: `find`'s condition, also used inside other tables' statements. */
export const inScope = (scope: ConversationScope, id: string): SQL => and(eq(conversations.id, id), scopeWhere(scope))!;

const columns = {
  id: conversations.id,
  userId: conversations.userId,
  shareLinkId: conversations.shareLinkId,
  visitorId: conversations.visitorId,
  title: conversations.title,
  createdAt: conversations.createdAt,
  updatedAt: conversations.updatedAt,
  lastMessagePreview: preview,
};

export class ConversationRepository {
  constructor(private readonly db: Db) {}

  async create(scope: ConversationScope, title = ""): Promise<ConversationRow> {
    const t = now();
    const row = {
      id: newId("cnv"),
      userId: scope.ownerId,
      shareLinkId: scope.kind === "visitor" ? scope.shareLinkId : null,
      visitorId: scope.kind === "visitor" ? scope.visitorId : null,
      title,
      createdAt: t,
      updatedAt: t,
    };
    await this.db.insert(conversations).values(row);
    return { ...row, lastMessagePreview: null };
  }

  find(scope: ConversationScope, id: string): Promise<ConversationRow | undefined> {
    return this.findQuery(scope, id).get();
  }

  /** `find`'s query, unexecuted, for a batch (turn-opening.ts): at most one row. */
  findQuery(scope: ConversationScope, id: string) {
    return this.db.select(columns).from(conversations).where(inScope(scope, id));
  }

  /** Most recently active first; keyset pagination on (updated_at, id). */
  async list(scope: ConversationScope, opts: { limit: number; after: CursorPosition | null; q?: string }): Promise<ConversationRow[]> {
    const conds: SQL[] = [scopeWhere(scope)];
    // instr() instead of LIKE: the search text is taken literally (no % or _ wildcards).
    if (opts.q) conds.push(sql`instr(lower(${conversations.title}), lower(${opts.q})) > 0`);
    if (opts.after) {
      conds.push(or(lt(conversations.updatedAt, opts.after.t), and(eq(conversations.updatedAt, opts.after.t), lt(conversations.id, opts.after.id)))!);
    }
    return this.db
      .select(columns)
      .from(conversations)
      .where(and(...conds))
      .orderBy(desc(conversations.updatedAt), desc(conversations.id))
      .limit(opts.limit)
      .all();
  }

  async update(id: string, patch: { title?: string; touch?: boolean }): Promise<void> {
    const set: { title?: string; updatedAt?: number } = {};
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.touch || patch.title !== undefined) set.updatedAt = now();
    if (Object.keys(set).length) await this.db.update(conversations).set(set).where(eq(conversations.id, id));
  }

  /** Renames a conversation within the caller's scope; false when it is not theirs (or gone). */
  async rename(scope: ConversationScope, id: string, title: string): Promise<boolean> {
    const rows = await this.db
      .update(conversations)
      .set({ title, updatedAt: now() })
      .where(and(eq(conversations.id, id), scopeWhere(scope)))
      .returning({ id: conversations.id });
    return rows.length === 1;
  }

  /** Deletes within the caller's scope; messages go with it (ON DELETE CASCADE). False when not theirs. */
  async delete(scope: ConversationScope, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(conversations)
      .where(and(eq(conversations.id, id), scopeWhere(scope)))
      .returning({ id: conversations.id });
    return rows.length === 1;
  }
}
