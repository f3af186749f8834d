import type { KnowledgeDocument, KnowledgeStatus } from "../../platform/db/schema";
import type { KnowledgeRepository } from "./knowledge.repo";
import type { KnowledgeDocumentView } from "./knowledge.schemas";
import type { JobService } from "../jobs";
import type { VectorStore } from "../../platform/vector-store/port";
import { userPrefix } from "../../shared/r2";
import { AppError, notFound } from "../../shared/errors";
import { decodeCursor, paginate } from "../../shared/cursor";
import { newId } from "../../shared/ids";
import { sniffKnowledgeFile } from "../../shared/sniff";

export const KNOWLEDGE_INDEX_JOB = "knowledge.index" as const;

export const knowledgeKey = (userId: string, docId: string) => `${userPrefix(userId)}knowledge/${docId}`;

/** Adding, listing and removing a user's knowledge; indexing happens in the knowledge.index job. */
export class KnowledgeService {
  constructor(
    private readonly repo: KnowledgeRepository,
    private readonly jobs: JobService,
    private readonly bucket: R2Bucket,
    private readonly vectors: VectorStore,
    private readonly maxUploadSize: number,
  ) {}

  async view(doc: KnowledgeDocument, jobId?: string | null): Promise<KnowledgeDocumentView> {
    const id = jobId !== undefined ? jobId : ((await this.jobs.latestForSubject(doc.userId, doc.id))?.id ?? null);
    return {
      id: doc.id,
      title: doc.title,
      source: doc.source,
      mimeType: doc.mimeType,
      sizeBytes: doc.sizeBytes,
      status: doc.status,
      progress: doc.progress,
      chunkCount: doc.chunkCount,
      error: doc.error,
      jobId: id,
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
    };
  }

  /** A typed note, queued for indexing; other features add their own kinds of entry the same way (a revision is the owner's answer to a question, a memory a fact they accepted). */
  async addNote(userId: string, title: string, content: string, kind: KnowledgeDocument["kind"] = "document"): Promise<KnowledgeDocumentView> {
    const doc = await this.repo.create({
      userId,
      kind,
      title,
      source: "note",
      mimeType: "text/markdown",
      sizeBytes: new TextEncoder().encode(content).length,
      body: content,
    });
    return this.index(doc);
  }

  /** Replaces a typed note's title and text and indexes it again (its old chunks and vectors are replaced by the job). */
  async rewriteNote(userId: string, id: string, title: string, content: string): Promise<KnowledgeDocumentView> {
    if (!(await this.repo.rewriteNote(userId, id, title, content))) throw notFound("Document");
    const doc = await this.repo.findForUser(userId, id);
    if (!doc) throw notFound("Document");
    const job = await this.jobs.enqueue({ userId, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id, payload: {} });
    return this.view(doc, job.id);
  }

  /** Checks size and real type BEFORE anything is stored, then keeps the original in R2. */
  async upload(userId: string, file: File, title?: string): Promise<KnowledgeDocumentView> {
    if (file.size > this.maxUploadSize) throw new AppError("payload_too_large", `Files are limited to ${this.maxUploadSize} bytes`);
    // A PDF is recognised from its first bytes and handed to R2 as the Blob it already is, so a
    // large upload is not copied a second time in the isolate; text must be checked whole.
    const head = new Uint8Array(await file.slice(0, 1029).arrayBuffer());
    const isPdf = sniffKnowledgeFile(head, file.name, file.type) === "application/pdf";
    const body: Blob | Uint8Array = isPdf ? file : new Uint8Array(await file.arrayBuffer());
    const mimeType = isPdf ? "application/pdf" : sniffKnowledgeFile(body as Uint8Array, file.name, file.type);
    if (!mimeType) throw new AppError("unsupported_media_type", "Only PDF, plain text and Markdown files are accepted");
    const id = newId("doc");
    const key = knowledgeKey(userId, id);
    await this.bucket.put(key, body, { httpMetadata: { contentType: mimeType } });
    const name = file.name.replace(/\.[^.]+$/, "").trim();
    const doc = await this.repo.create({
      id,
      userId,
      title: (title?.trim() || name || "Untitled upload").slice(0, 200),
      source: "upload",
      mimeType,
      sizeBytes: file.size,
      body: null,
      r2Key: key,
    });
    return this.index(doc);
  }

  /** Queues indexing; if the queue is unreachable, undoes the document so no upload is stranded "queued". */
  private async index(doc: KnowledgeDocument): Promise<KnowledgeDocumentView> {
    try {
      const job = await this.jobs.enqueue({ userId: doc.userId, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id, payload: {} });
      return this.view(doc, job.id);
    } catch (err) {
      console.error(JSON.stringify({ level: "error", message: "could not queue indexing", documentId: doc.id, error: String(err) }));
      await this.repo.delete(doc.userId, doc.id);
      if (doc.r2Key) await this.bucket.delete(doc.r2Key);
      throw new AppError("upstream_unavailable", "Indexing could not be queued; nothing was saved, please try again");
    }
  }

  async get(userId: string, id: string): Promise<KnowledgeDocumentView> {
    const doc = await this.repo.findForUser(userId, id);
    if (!doc) throw notFound("Document");
    return this.view(doc);
  }

  async list(userId: string, opts: { limit: number; cursor?: string; q?: string; status?: KnowledgeStatus }) {
    const rows = await this.repo.list(userId, {
      limit: opts.limit + 1,
      after: decodeCursor(opts.cursor) ?? undefined,
      q: opts.q?.trim() || undefined,
      status: opts.status,
    });
    const { page, nextCursor } = paginate(rows, opts.limit, (d) => ({ t: d.createdAt, id: d.id }));
    // One query for the page's job ids instead of one per document.
    const jobIds = await this.jobs.latestIdsForSubjects(
      userId,
      page.map((d) => d.id),
    );
    return {
      items: await Promise.all(page.map((d) => this.view(d, jobIds.get(d.id) ?? null))),
      nextCursor,
    };
  }

  /** Removes the document everywhere: vectors (both stores), chunks, the R2 original, the row. */
  async delete(userId: string, id: string): Promise<void> {
    const doc = await this.repo.findForUser(userId, id);
    if (!doc) throw notFound("Document");
    await this.vectors.delete(userId, await this.repo.chunkIds(doc.id));
    if (doc.r2Key) await this.bucket.delete(doc.r2Key);
    await this.repo.delete(userId, doc.id);
  }
}
