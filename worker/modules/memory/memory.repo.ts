import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { conversations, knowledgeDocuments, memories, type Memory } from "../../platform/db/schema";
import { newId, now } from "../../shared/ids";
import type { CursorPosition } from "../../shared/cursor";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type MemoryRow = Memory & { indexStatus: string | null };

/** The owner's memories and proposals; every query is scoped to the owner. */
export class MemoryRepository {
  constructor(private readonly db: Db) {}

  async insertMany(rows: Pick<Memory, "userId" | "text" | "status" | "origin" | "conversationId" | "messageId" | "documentId">[]): Promise<Memory[]> {
    if (!rows.length) return [];
    const t = now();
    const full = rows.map((r) => ({ ...r, id: newId("mem"), createdAt: t, updatedAt: t }));
    await this.db.insert(memories).values(full);
    return full;
  }

  /** Texts the user already has in any state (a rejected fact is not proposed again). */
  async texts(userId: string, candidates: string[]): Promise<Set<string>> {
    if (!candidates.length) return new Set();
    const rows = await this.db
      .select({ text: memories.text })
      .from(memories)
      .where(and(eq(memories.userId, userId), inArray(memories.text, candidates)))
      .all();
    return new Set(rows.map((r) => r.text));
  }

  private select() {
    return this.db
      .select({
        id: memories.id,
        userId: memories.userId,
        text: memories.text,
        status: memories.status,
        origin: memories.origin,
        conversationId: memories.conversationId,
        messageId: memories.messageId,
        documentId: memories.documentId,
        createdAt: memories.createdAt,
        updatedAt: memories.updatedAt,
        // Whether the accepted memory is indexed yet (it is found by chat once "ready").
        indexStatus: knowledgeDocuments.status,
      })
      .from(memories)
      .leftJoin(knowledgeDocuments, eq(knowledgeDocuments.id, memories.documentId));
  }

  find(userId: string, id: string): Promise<MemoryRow | undefined> {
    return this.select()
      .where(and(eq(memories.id, id), eq(memories.userId, userId)))
      .get();
  }

  /** Whether the conversation is the user's (their own chats and their visitors'). */
  async ownsConversation(userId: string, conversationId: string): Promise<boolean> {
    const row = await this.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.userId, userId)))
      .get();
    return !!row;
  }

  pending(userId: string, conversationId?: string): Promise<MemoryRow[]> {
    const where = [eq(memories.userId, userId), eq(memories.status, "pending")];
    if (conversationId) where.push(eq(memories.conversationId, conversationId));
    return this.select()
      .where(and(...where))
      .orderBy(desc(memories.createdAt), desc(memories.id))
      .limit(50)
      .all();
  }

  /** Accepted memories, newest first; `q` matches the text. */
  accepted(userId: string, opts: { limit: number; after?: CursorPosition; q?: string }): Promise<MemoryRow[]> {
    const m = memories;
    const where = [eq(m.userId, userId), eq(m.status, "accepted")];
    if (opts.q) where.push(sql`${m.text} LIKE ${`%${escapeLike(opts.q)}%`} ESCAPE '\\'`);
    if (opts.after) where.push(or(lt(m.createdAt, opts.after.t), and(eq(m.createdAt, opts.after.t), lt(m.id, opts.after.id)))!);
    return this.select()
      .where(and(...where))
      .orderBy(desc(m.createdAt), desc(m.id))
      .limit(opts.limit)
      .all();
  }

  /** Moves a pending proposal on; false when it is no longer pending (decided twice, or by another tab). */
  async decide(userId: string, id: string, patch: Pick<Memory, "status" | "text"> & { documentId?: string | null }): Promise<boolean> {
    const rows = await this.db
      .update(memories)
      .set({ ...patch, updatedAt: now() })
      .where(and(eq(memories.id, id), eq(memories.userId, userId), eq(memories.status, "pending")))
      .returning({ id: memories.id });
    return rows.length > 0;
  }

  /** Undoes an accept whose knowledge entry could not be made. */
  async reopen(userId: string, id: string, text: string): Promise<void> {
    await this.db
      .update(memories)
      .set({ status: "pending", text, documentId: null, updatedAt: now() })
      .where(and(eq(memories.id, id), eq(memories.userId, userId)));
  }

  async setDocument(userId: string, id: string, documentId: string): Promise<void> {
    await this.db
      .update(memories)
      .set({ documentId, updatedAt: now() })
      .where(and(eq(memories.id, id), eq(memories.userId, userId)));
  }

  async setText(userId: string, id: string, text: string): Promise<void> {
    await this.db
      .update(memories)
      .set({ text, updatedAt: now() })
      .where(and(eq(memories.id, id), eq(memories.userId, userId)));
  }

  async delete(userId: string, id: string): Promise<void> {
    await this.db.delete(memories).where(and(eq(memories.id, id), eq(memories.userId, userId)));
  }
}
