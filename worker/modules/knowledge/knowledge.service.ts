import { fileTitle } from "./file-title";
import type { KnowledgeDocument, KnowledgeStatus } from "../../platform/db/schema";
import type { KnowledgeRepository } from "./knowledge.repo";
import type { KnowledgeDocumentView, UploadedDocumentView } from "./knowledge.schemas";
import { contentHash } from "./content-hash";
import type { JobService } from "../jobs";
import type { VectorStore } from "../../platform/vector-store/port";
import { userPrefix } from "../../shared/r2";
import { AppError, notFound } from "../../shared/errors";
import { decodeCursor, paginate } from "../../shared/cursor";
import { newId } from "../../shared/ids";
import { DOCX_MIME, sniffKnowledgeFile } from "../../shared/sniff";
import { isDocx } from "./docx-extract";
import { refusedReason } from "./web-fetch";
import { IMPORT_ZIP_LIMITS, isZip, listZip, readZipEntry, ZipRefusedError } from "./zip";

export const KNOWLEDGE_INDEX_JOB = "knowledge.index" as const;
export const KNOWLEDGE_REINDEX_JOB = "knowledge.reindex" as const;
/** The subject of a user's re-index jobs (one per user at a time). */
const REINDEX_SUBJECT = "knowledge.reindex";

export interface KnowledgeServiceOptions {
  /** The embedder new vectors are made with (a re-index moves every document to it). */
  embedderId?: string;
  /** Whether loopback URLs may be added (never in production); checked again, with redirects, when fetched. */
  allowLoopbackUrls?: boolean;
}

/** One file of an imported ZIP: queued as a document, or skipped with the reason. */
export type ImportResult = { name: string; status: "queued"; document: UploadedDocumentView } | { name: string; status: "skipped"; reason: string };

// Files a notes export carries that are not notes.
const JUNK = /(^|\/)(__MACOSX\/|\.[^/]*$|Thumbs\.db$|desktop\.ini$)/i;

export const knowledgeKey = (userId: string, docId: string) => `${userPrefix(userId)}knowledge/${docId}`;

/** A refusal of the archive itself (bomb, unsafe path, too big) rather than "this is not a ZIP". */
const isZipRefusal = (err: ZipRefusedError) => !err.message.startsWith("The file is not a readable ZIP");

/** Adding, listing and removing a user's knowledge; indexing happens in the knowledge.index job. */
export class KnowledgeService {
  constructor(
    private readonly repo: KnowledgeRepository,
    private readonly jobs: JobService,
    private readonly bucket: R2Bucket,
    private readonly vectors: VectorStore,
    private readonly maxUploadSize: number,
    private readonly options: KnowledgeServiceOptions = {},
  ) {}

  async view(doc: KnowledgeDocument, jobId?: string | null): Promise<KnowledgeDocumentView> {
    const id = jobId !== undefined ? jobId : ((await this.jobs.latestForSubject(doc.userId, doc.id))?.id ?? null);
    return {
      id: doc.id,
      title: doc.title,
      source: doc.source,
      kind: doc.kind,
      url: doc.sourceUrl,
      fetchedAt: doc.fetchedAt,
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
    const doc = await this.owned(userId, id);
    const job = await this.jobs.enqueue({ userId, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id, payload: {} });
    return this.view(doc, job.id);
  }

  /** Checks size and real type BEFORE anything is stored, then keeps the original in R2. */
  async upload(userId: string, file: File, title?: string): Promise<UploadedDocumentView> {
    if (file.size > this.maxUploadSize) throw new AppError("payload_too_large", `Files are limited to ${this.maxUploadSize} bytes`);
    if (file.size === 0) throw new AppError("bad_request", "The file is empty");
    // A PDF is recognised from its first bytes and handed to R2 as the Blob it already is, so a
    // large upload is not copied a second time in the isolate; text must be checked whole.
    const head = new Uint8Array(await file.slice(0, 1029).arrayBuffer());
    const isPdf = sniffKnowledgeFile(head, file.name, file.type) === "application/pdf";
    const body: Blob | Uint8Array = isPdf ? file : new Uint8Array(await file.arrayBuffer());
    const mimeType = isPdf ? "application/pdf" : this.sniff(body as Uint8Array, file.name, file.type);
    if (mimeType === "application/zip")
      throw new AppError("unsupported_media_type", "A ZIP archive of notes is imported with POST /api/knowledge/import, one document per file");
    if (!mimeType) throw new AppError("unsupported_media_type", "Only PDF, Word (.docx), HTML, plain text and Markdown files are accepted");
    return this.store(userId, body, mimeType, file.name, file.size, title);
  }

  /** The knowledge type of a file's bytes; a ZIP is a Word document or an archive by its entries (an unreadable one is neither). */
  private sniff(bytes: Uint8Array, name: string, declared: string): string | null {
    if (!isZip(bytes)) return sniffKnowledgeFile(bytes, name, declared);
    try {
      return isDocx(listZip(bytes).map((e) => e.name)) ? DOCX_MIME : "application/zip";
    } catch (err) {
      if (err instanceof ZipRefusedError && isZipRefusal(err)) throw new AppError("validation_failed", err.message);
      return null;
    }
  }

  /** Keeps the file in R2 and queues its indexing; a file the user already added is kept too, and the answer names the first copy. */
  private async store(
    userId: string,
    body: Blob | Uint8Array,
    mimeType: string,
    fileName: string,
    size: number,
    title?: string,
  ): Promise<UploadedDocumentView> {
    const id = newId("doc");
    const key = knowledgeKey(userId, id);
    // The hash (and the look-up it feeds) runs beside the R2 write: a large PDF's digest need not delay storing it.
    const hashed = contentHash(body).then(async (hash) => ({ hash, duplicateOf: await this.repo.firstWithHash(userId, hash) }));
    const [{ hash, duplicateOf }] = await Promise.all([hashed, this.bucket.put(key, body, { httpMetadata: { contentType: mimeType } })]);
    const name = fileTitle(fileName);
    const doc = await this.repo.create({
      contentHash: hash,
      id,
      userId,
      title: (title?.trim() || name || "Untitled upload").slice(0, 200),
      source: "upload",
      mimeType,
      sizeBytes: size,
      body: null,
      r2Key: key,
    });
    return { ...(await this.index(doc)), duplicateOf: duplicateOf ?? null };
  }

  /**
   * A ZIP of notes (Markdown, HTML, text, PDF, Word): every entry is checked before anything is
   * stored (unsafe paths, bombs and oversize archives refuse the whole file), then each supported
   * file becomes its own document, queued for indexing; the rest are reported as skipped.
   */
  async importZip(userId: string, file: File): Promise<{ results: ImportResult[] }> {
    if (file.size > this.maxUploadSize) throw new AppError("payload_too_large", `Files are limited to ${this.maxUploadSize} bytes`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!isZip(bytes)) throw new AppError("unsupported_media_type", "Only a ZIP archive can be imported here");
    let names: string[];
    try {
      names = listZip(bytes, IMPORT_ZIP_LIMITS)
        .map((e) => e.name)
        .filter((name) => !JUNK.test(name))
        .sort((a, b) => a.localeCompare(b));
    } catch (err) {
      throw new AppError("validation_failed", (err as Error).message);
    }
    const results: ImportResult[] = [];
    for (const name of names) {
      let mimeType: string | null;
      let data: Uint8Array;
      try {
        data = readZipEntry(bytes, name) ?? new Uint8Array();
        mimeType = this.sniff(data, name, "");
      } catch (err) {
        results.push({ name, status: "skipped", reason: (err as Error).message });
        continue;
      }
      if (mimeType === "application/zip") results.push({ name, status: "skipped", reason: "Archives inside the archive are not imported" });
      else if (!mimeType) results.push({ name, status: "skipped", reason: "Not a PDF, Word, HTML, plain text or Markdown file" });
      else {
        try {
          results.push({ name, status: "queued", document: await this.store(userId, data, mimeType, name, data.length) });
        } catch (err) {
          results.push({ name, status: "skipped", reason: (err as Error).message });
        }
      }
    }
    return { results };
  }

  /** A web page: checked now (scheme, private addresses), fetched and extracted by the indexing job. */
  async addUrl(userId: string, url: string, title?: string): Promise<KnowledgeDocumentView> {
    const refused = refusedReason(url, this.options.allowLoopbackUrls ?? false);
    if (refused) throw new AppError("validation_failed", refused);
    const normalized = new URL(url).toString();
    const id = newId("doc");
    const doc = await this.repo.create({
      id,
      userId,
      // The URL until the first fetch gives the page's own title.
      title: (title?.trim() || normalized).slice(0, 200),
      source: "upload", // its bytes (the fetched page) are kept in R2 like an upload's
      kind: "web_page",
      mimeType: "text/html",
      sizeBytes: 0,
      body: null,
      r2Key: knowledgeKey(userId, id),
      sourceUrl: normalized,
    });
    return this.index(doc);
  }

  /** Fetches a web page again and replaces its chunks; the old version stays searchable if the fetch fails. */
  async refetch(userId: string, id: string): Promise<KnowledgeDocumentView> {
    const doc = await this.owned(userId, id);
    if (doc.kind !== "web_page") throw new AppError("conflict", "Only web pages can be re-fetched");
    const latest = await this.jobs.latestForSubject(userId, doc.id);
    if (latest && (latest.status === "queued" || latest.status === "running")) return this.view(doc, latest.id);
    const job = await this.jobs.enqueue({ userId, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id, payload: {} });
    return this.view(doc, job.id);
  }

  /** Starts re-embedding every document with the current embedder (one run per user at a time). */
  async reindex(userId: string) {
    const latest = await this.jobs.latestForSubject(userId, REINDEX_SUBJECT);
    if (!latest || (latest.status !== "queued" && latest.status !== "running")) {
      await this.jobs.enqueue({ userId, kind: KNOWLEDGE_REINDEX_JOB, subjectId: REINDEX_SUBJECT, payload: {} });
    }
    return this.reindexStatus(userId);
  }

  /** How many ready documents use the current embedder, and the latest re-index run. */
  async reindexStatus(userId: string) {
    const embedder = this.options.embedderId ?? "";
    const [coverage, job] = await Promise.all([this.repo.embedderCoverage(userId, embedder), this.jobs.latestForSubject(userId, REINDEX_SUBJECT)]);
    return {
      embedder,
      documents: coverage.ready,
      current: coverage.current,
      job: job ? { id: job.id, status: job.status, progress: job.progress, error: job.error } : null,
    };
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
    const doc = await this.owned(userId, id);
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
  /**
   * The Knowledge page's delete. Revisions and memories are also linked from a reply or a memory
   * row, so they are deleted where they are managed (which also clears that link), never from here.
   */
  async deleteDocument(userId: string, id: string): Promise<void> {
    const doc = await this.owned(userId, id);
    if (doc.kind === "memory") throw new AppError("conflict", "This is one of your memories: delete it on the Memories page");
    if (doc.kind === "revision") throw new AppError("conflict", "This is your own answer to a question: delete it in Audience → Your answers");
    await this.remove(userId, doc);
  }

  /** Deletes any entry with its chunks, vectors and file (the features owning revisions and memories call this). */
  async delete(userId: string, id: string): Promise<void> {
    await this.remove(userId, await this.owned(userId, id));
  }

  /** The user's document, or 404 (another user's id is the same 404). */
  private async owned(userId: string, id: string): Promise<KnowledgeDocument> {
    const doc = await this.repo.findForUser(userId, id);
    if (!doc) throw notFound("Document");
    return doc;
  }

  private async remove(userId: string, doc: KnowledgeDocument): Promise<void> {
    await this.vectors.delete(userId, await this.repo.chunkIds(doc.id));
    if (doc.r2Key) await this.bucket.delete(doc.r2Key);
    await this.repo.delete(userId, doc.id);
  }
}
