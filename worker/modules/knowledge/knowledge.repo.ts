import type { RetrievedChunk } from "../../shared/persona";
import { and, asc, desc, eq, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { knowledgeChunks, knowledgeDocuments, knowledgeVersions, type KnowledgeDocument, type KnowledgeStatus } from "../../platform/db/schema";
import { newId, now } from "../../shared/ids";
import type { CursorPosition } from "../../shared/cursor";

export interface NewChunk {
  id: string;
  position: number;
  heading: string;
  content: string;
}

const INSERT_BATCH = 100;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A ready chunk as D1 returns it joined with its document (readyChunks here, and keyword-search.ts). */
export type ChunkRow = {
  id: string;
  document_id: string;
  title: string;
  kind: RetrievedChunk["kind"];
  source_url: string | null;
  position: number;
  heading: string;
  content: string;
};

export type KnowledgeVersionQuery = ReturnType<KnowledgeRepository["versionQuery"]>;

/** The version in versionQuery's rows: 0 before the user's first chunk (no row yet). */
export const versionOf = (rows: { version: number }[]): number => rows[0]?.version ?? 0;

/** Knowledge documents and their chunks; every read for an API caller is scoped to its owner. */
export class KnowledgeRepository {
  constructor(
    private readonly db: Db,
    private readonly d1: D1Database,
  ) {}

  async create(
    input: Pick<KnowledgeDocument, "userId" | "title" | "source" | "mimeType" | "sizeBytes" | "body"> & {
      id?: string;
      r2Key?: string | null;
      kind?: KnowledgeDocument["kind"];
      sourceUrl?: string | null;
      contentHash?: string | null;
    },
  ): Promise<KnowledgeDocument> {
    const t = now();
    const doc: KnowledgeDocument = {
      id: input.id ?? newId("doc"),
      userId: input.userId,
      title: input.title,
      source: input.source,
      kind: input.kind ?? "document",
      mimeType: input.mimeType,
      sizeBytes: input.sizeBytes,
      r2Key: input.r2Key ?? null,
      body: input.body,
      status: "queued",
      progress: 0,
      chunkCount: 0,
      embedder: null,
      error: null,
      sourceUrl: input.sourceUrl ?? null,
      fetchedAt: null,
      contentHash: input.contentHash ?? null,
      createdAt: t,
      updatedAt: t,
    };
    await this.db.insert(knowledgeDocuments).values(doc);
    return doc;
  }

  find(id: string): Promise<KnowledgeDocument | undefined> {
    return this.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, id)).get();
  }

  findForUser(userId: string, id: string): Promise<KnowledgeDocument | undefined> {
    return this.db
      .select()
      .from(knowledgeDocuments)
      .where(and(eq(knowledgeDocuments.id, id), eq(knowledgeDocuments.userId, userId)))
      .get();
  }

  /** The user's first document holding these bytes (an uploaded file's SHA-256), unless its indexing failed. */
  firstWithHash(userId: string, contentHash: string): Promise<{ id: string; title: string } | undefined> {
    const d = knowledgeDocuments;
    return this.db
      .select({ id: d.id, title: d.title })
      .from(d)
      .where(and(eq(d.userId, userId), eq(d.contentHash, contentHash), ne(d.status, "failed")))
      .orderBy(asc(d.createdAt), asc(d.id))
      .limit(1)
      .get();
  }

  /** Newest first; `q` matches the title (case-insensitive substring), `status` filters. */
  list(userId: string, opts: { limit: number; after?: CursorPosition; q?: string; status?: KnowledgeStatus }): Promise<KnowledgeDocument[]> {
    const d = knowledgeDocuments;
    const where = [eq(d.userId, userId)];
    if (opts.status) where.push(eq(d.status, opts.status));
    if (opts.q) where.push(sql`${d.title} LIKE ${`%${escapeLike(opts.q)}%`} ESCAPE '\\'`);
    if (opts.after) where.push(or(lt(d.createdAt, opts.after.t), and(eq(d.createdAt, opts.after.t), lt(d.id, opts.after.id)))!);
    return this.db
      .select()
      .from(d)
      .where(and(...where))
      .orderBy(desc(d.createdAt), desc(d.id))
      .limit(opts.limit)
      .all();
  }

  async update(
    id: string,
    patch: Partial<Pick<KnowledgeDocument, "status" | "progress" | "chunkCount" | "embedder" | "error" | "title" | "mimeType" | "sizeBytes" | "fetchedAt">>,
  ): Promise<KnowledgeDocument | undefined> {
    const rows = await this.db
      .update(knowledgeDocuments)
      .set({ ...patch, updatedAt: now() })
      .where(eq(knowledgeDocuments.id, id))
      .returning();
    return rows[0];
  }

  /** A typed note's new title and text (re-indexed by the caller); false when it is not the user's note. */
  async rewriteNote(userId: string, id: string, title: string, body: string): Promise<boolean> {
    const rows = await this.db
      .update(knowledgeDocuments)
      .set({ title, body, sizeBytes: new TextEncoder().encode(body).length, status: "queued", progress: 0, error: null, updatedAt: now() })
      .where(and(eq(knowledgeDocuments.id, id), eq(knowledgeDocuments.userId, userId), eq(knowledgeDocuments.source, "note")))
      .returning({ id: knowledgeDocuments.id });
    return rows.length > 0;
  }

  /** Deletes the document row; chunks, FTS rows and local vectors go with it (ON DELETE CASCADE). */
  async delete(userId: string, id: string): Promise<void> {
    // Chunks go in bounded batches (each also updates the FTS index through its trigger), so a large
    // document never holds D1 in one long statement; the cascade then has nothing left to do.
    for (;;) {
      const r = await this.d1
        .prepare("DELETE FROM knowledge_chunks WHERE rowid IN (SELECT rowid FROM knowledge_chunks WHERE document_id = ? AND user_id = ? LIMIT 500)")
        .bind(id, userId)
        .run();
      if (!r.meta.changes) break;
    }
    await this.db.delete(knowledgeDocuments).where(and(eq(knowledgeDocuments.id, id), eq(knowledgeDocuments.userId, userId)));
  }

  /** Characters of the user's stored chunks, other than this document's (it is about to be replaced). */
  async storedChars(userId: string, exceptDocumentId: string): Promise<number> {
    const row = await this.d1
      .prepare("SELECT COALESCE(SUM(LENGTH(content)), 0) AS n FROM knowledge_chunks WHERE user_id = ? AND document_id != ?")
      .bind(userId, exceptDocumentId)
      .first<{ n: number }>();
    return row?.n ?? 0;
  }

  async chunkIds(documentId: string): Promise<string[]> {
    const rows = await this.db.select({ id: knowledgeChunks.id }).from(knowledgeChunks).where(eq(knowledgeChunks.documentId, documentId)).all();
    return rows.map((r) => r.id);
  }

  async chunkIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.db.select({ id: knowledgeChunks.id }).from(knowledgeChunks).where(eq(knowledgeChunks.userId, userId)).all();
    return rows.map((r) => r.id);
  }

  exportChunks(userId: string) {
    const c = knowledgeChunks;
    return this.db
      .select({ id: c.id, documentId: c.documentId, position: c.position, heading: c.heading, content: c.content })
      .from(c)
      .where(eq(c.userId, userId))
      .orderBy(c.documentId, c.position)
      .all();
  }

  /**
   * Replaces a document's chunks: delete then insert, so a
   * redelivered indexing job leaves exactly one set of chunks, never duplicates.
   */
  async replaceChunks(doc: Pick<KnowledgeDocument, "id" | "userId">, chunks: NewChunk[]): Promise<void> {
    const t = now();
    const insert = this.d1.prepare(
      "INSERT INTO knowledge_chunks (id, document_id, user_id, position, heading, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const rows = chunks.map((c) => insert.bind(c.id, doc.id, doc.userId, c.position, c.heading, c.content, t));
    // Batches stay bounded for long documents; a crash between them is repaired by the next
    // delivery, which starts again with the delete.
    await this.d1.batch([this.d1.prepare("DELETE FROM knowledge_chunks WHERE document_id = ?").bind(doc.id), ...rows.slice(0, INSERT_BATCH)]);
    for (let i = INSERT_BATCH; i < rows.length; i += INSERT_BATCH) await this.d1.batch(rows.slice(i, i + INSERT_BATCH));
  }

  /** The user's ready documents whose vectors were made by another embedder than `embedderId` (what a re-index redoes). */
  async readyNotEmbeddedBy(userId: string, embedderId: string): Promise<string[]> {
    const { results } = await this.d1
      .prepare("SELECT id FROM knowledge_documents WHERE user_id = ? AND status = 'ready' AND (embedder IS NULL OR embedder != ?) ORDER BY created_at, id")
      .bind(userId, embedderId)
      .all<{ id: string }>();
    return results.map((r) => r.id);
  }

  /** Ready documents of the user, and how many of them are embedded by `embedderId`. */
  async embedderCoverage(userId: string, embedderId: string): Promise<{ ready: number; current: number }> {
    const row = await this.d1
      .prepare("SELECT COUNT(*) AS ready, COALESCE(SUM(embedder = ?), 0) AS current FROM knowledge_documents WHERE user_id = ? AND status = 'ready'")
      .bind(embedderId, userId)
      .first<{ ready: number; current: number }>();
    return { ready: row?.ready ?? 0, current: row?.current ?? 0 };
  }

  /** A document's chunks in order, as the indexer embedded them (heading and content). */
  async chunksOf(documentId: string) {
    const c = knowledgeChunks;
    return this.db.select({ id: c.id, heading: c.heading, content: c.content }).from(c).where(eq(c.documentId, documentId)).orderBy(c.position).all();
  }

  /**
   * The user's knowledge version (migration 0014): bumped by triggers on every change a search can
   * see (chunks, their documents' status/title/kind/address, vectors); 0 before the first chunk.
   */
  async knowledgeVersion(userId: string): Promise<number> {
    return versionOf(await this.versionQuery(userId));
  }

  /** `knowledgeVersion`'s query, unexecuted, for a batch (read its rows with versionOf). */
  versionQuery(userId: string) {
    return this.db.select({ version: knowledgeVersions.version }).from(knowledgeVersions).where(eq(knowledgeVersions.userId, userId));
  }

  /** How many ready chunks the user has and their characters (content and heading): sizes an in-memory index before it is built. */
  async readySize(userId: string): Promise<{ chunks: number; chars: number }> {
    const row = await this.d1
      .prepare(
        `SELECT COUNT(*) AS chunks, COALESCE(SUM(length(c.content) + length(c.heading)), 0) AS chars
           FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
          WHERE c.user_id = ? AND d.status = 'ready'`,
      )
      .bind(userId)
      .first<{ chunks: number; chars: number }>();
    return { chunks: row?.chunks ?? 0, chars: row?.chars ?? 0 };
  }

  /** Every ready chunk of the user with what a search result shows, in rowid order (FTS5's order among equal ranks). */
  async allReadyChunks(userId: string): Promise<ReadyChunkRow[]> {
    return this.d1
      .prepare(
        `SELECT c.id, c.document_id, d.title, d.kind, d.source_url, c.position, c.heading, c.content
           FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
          WHERE c.user_id = ? AND d.status = 'ready' ORDER BY c.rowid`,
      )
      .bind(userId)
      .raw<ReadyChunkRow>();
  }

  /** Chunks by id, only the user's and only of ready documents (what a search may return). */
  async readyChunks(userId: string, ids: string[]) {
    if (!ids.length) return [];
    const { results } = await this.d1
      .prepare(
        `SELECT c.id, c.document_id, d.title, d.kind, d.source_url, c.position, c.heading, c.content
           FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
          WHERE c.user_id = ? AND d.status = 'ready' AND c.id IN (${ids.map(() => "?").join(",")})`,
      )
      .bind(userId, ...ids)
      .all<ChunkRow>();
    return results;
  }
}

/** id, document_id, title, kind, source_url, position, heading, content (allReadyChunks, as raw rows). */
export type ReadyChunkRow = [string, string, string, KnowledgeDocument["kind"], string | null, number, string, string];
