import type { Job } from "../../platform/db/schema";
import { defineJob, PermanentJobError, type JobContext } from "../jobs";
import { jobPayloads } from "../../contracts/jobs";
import type { Embedder } from "../../platform/embedder/port";
import type { VectorStore } from "../../platform/vector-store/port";
import type { KnowledgeRepository } from "./knowledge.repo";
import type { KnowledgeDocument } from "../../platform/db/schema";
import { now } from "../../shared/ids";
import { sniffKnowledgeFile } from "../../shared/sniff";
import { extractDocument, UnreadableDocumentError, type ExtractLimits } from "./extract";
import { fetchPage, WebFetchError, type WebFetchPolicy } from "./web-fetch";
import { fileTitle } from "./file-title";

export interface KnowledgeJobDeps {
  repo: KnowledgeRepository;
  embedder: Embedder;
  vectors: VectorStore;
  bucket: R2Bucket;
  limits: ExtractLimits & { maxUserChars: number };
  webFetch: WebFetchPolicy;
  /** The fetch web pages are read with (tests put a scripted one in place). */
  fetchImpl?: typeof fetch;
}

const EMBED_BATCH = 32;

/** Stable per (document, position): a redelivered job rewrites the same ids instead of adding new ones. */
export const chunkId = (docId: string, position: number) => `chk_${docId.replace(/^doc_/, "")}_${position}`;

/**
 * knowledge.index: extract → chunk → embed → store chunks and vectors → ready.
 * Safe to run again for the same document: chunks and vectors are replaced, not appended.
 */
export const createKnowledgeJobs = (deps: KnowledgeJobDeps) => [
  defineJob({
    kind: "knowledge.index",
    payload: jobPayloads["knowledge.index"],
    async run(_payload, job, ctx) {
      try {
        return await indexDocument(deps, job, ctx);
      } catch (err) {
        // A failure that will be retried is shown on the document too, so the user sees why it waits.
        if (!(err instanceof PermanentJobError) && !ctx.lastAttempt && job.subjectId) {
          await deps.repo.update(job.subjectId, { status: "queued", error: `Will retry: ${(err as Error).message}` });
        }
        throw err;
      }
    },
    async onFailed(job, reason) {
      if (!job.subjectId) return;
      const doc = await deps.repo.find(job.subjectId);
      // A web page whose re-fetch failed keeps answering from the version fetched before.
      if (doc?.kind === "web_page" && doc.fetchedAt && doc.chunkCount > 0) {
        await deps.repo.update(doc.id, { status: "ready", progress: 100, error: `The last re-fetch failed: ${reason}` });
      } else await deps.repo.update(job.subjectId, { status: "failed", error: reason });
    },
  }),
  defineJob({
    kind: "knowledge.reindex",
    payload: jobPayloads["knowledge.reindex"],
    run: (_payload, job, ctx) => reindexUser(deps, job.userId, ctx),
  }),
];

/**
 * knowledge.reindex: re-embeds every ready document of the user that another embedder indexed,
 * from its stored chunks (nothing is re-extracted). Chunks and their keyword index are never
 * touched, so keyword search keeps finding every document throughout; each document switches
 * to the new vectors in one upsert (same chunk ids) and then records the embedder. Safe to run
 * again: documents already on the current embedder are skipped, so a retry resumes.
 */
async function reindexUser(deps: KnowledgeJobDeps, userId: string, ctx: JobContext) {
  const { repo, embedder, vectors } = deps;
  const ids = await repo.readyNotEmbeddedBy(userId, embedder.id);
  let chunks = 0;
  for (const [n, id] of ids.entries()) {
    const rows = await repo.chunksOf(id);
    const vecs: Float32Array[] = [];
    for (let i = 0; i < rows.length; i += EMBED_BATCH) {
      vecs.push(...(await embedder.embed(rows.slice(i, i + EMBED_BATCH).map(embedText), "document")));
    }
    await vectors.upsert(
      userId,
      embedder.id,
      rows.map((r, i) => ({ chunkId: r.id, documentId: id, vector: vecs[i]! })),
    );
    // Deleted meanwhile: take back what was just written to an external store (D1 rows went with the chunks).
    if (!(await repo.update(id, { embedder: embedder.id }))) {
      await vectors.delete(
        userId,
        rows.map((r) => r.id),
      );
    }
    chunks += rows.length;
    await ctx.progress(Math.round((100 * (n + 1)) / ids.length));
  }
  return { documents: ids.length, chunks, embedder: embedder.id };
}

/** What is embedded for a chunk: its heading path gives a short chunk its context. */
const embedText = (c: { heading: string; content: string }) => (c.heading ? `${c.heading}\n${c.content}` : c.content);

/** A web page's current content, fetched (SSRF-checked) and kept in R2 as the original. */
async function fetchWebPage(deps: KnowledgeJobDeps, doc: KnowledgeDocument): Promise<{ bytes: Uint8Array; mimeType: string }> {
  if (!doc.sourceUrl || !doc.r2Key) throw new PermanentJobError("The web page has no URL");
  let page;
  try {
    page = await fetchPage(doc.sourceUrl, deps.webFetch, deps.fetchImpl);
  } catch (err) {
    // Refusals and 4xx will not change on retry; timeouts and 5xx may.
    if (err instanceof WebFetchError && !/did not answer|HTTP 5\d\d|could not be fetched/.test(err.message)) throw new PermanentJobError(err.message);
    throw err;
  }
  const declared = page.contentType;
  const mimeType =
    declared === "text/html" || declared === "application/xhtml+xml"
      ? "text/html"
      : sniffKnowledgeFile(page.bytes.subarray(0, 4096), new URL(page.url).pathname, declared) === "application/pdf"
        ? "application/pdf"
        : declared === "text/plain" || declared === "text/markdown"
          ? declared
          : null;
  if (!mimeType) throw new PermanentJobError(`The page is ${declared || "of an unknown type"}; only HTML, plain text and PDF pages can be added`);
  await deps.bucket.put(doc.r2Key, page.bytes, { httpMetadata: { contentType: mimeType } });
  return { bytes: page.bytes, mimeType };
}

/** extract → chunk → embed → replace chunks and vectors → ready. */
async function indexDocument(deps: KnowledgeJobDeps, job: Job, ctx: JobContext) {
  const { repo, embedder, vectors } = deps;
  const doc = job.subjectId ? await repo.find(job.subjectId) : undefined;
  if (!doc || doc.userId !== job.userId) throw new PermanentJobError("The document no longer exists");
  await repo.update(doc.id, { status: "indexing", progress: 0, error: null });

  let bytes: Uint8Array;
  let mimeType = doc.mimeType;
  if (doc.kind === "web_page") ({ bytes, mimeType } = await fetchWebPage(deps, doc));
  else if (doc.source === "note") bytes = new TextEncoder().encode(doc.body ?? "");
  else {
    const object = doc.r2Key ? await deps.bucket.get(doc.r2Key) : null;
    // Retried: R2 reads are strongly consistent, but a transient error should not fail the document.
    if (!object) throw new Error("The uploaded file is missing from storage");
    bytes = new Uint8Array(await object.arrayBuffer());
  }
  // The user's stored total bounds this document too: what is left of it is the character budget.
  const limits = deps.limits;
  const left = Math.max(0, limits.maxUserChars - (await repo.storedChars(doc.userId, doc.id)));
  const extractLimits = {
    ...limits,
    maxChars: Math.min(limits.maxChars, left),
    charsReason:
      left < limits.maxChars
        ? `This document would take your stored knowledge over its limit of ${limits.maxUserChars} characters (${left} left); delete some documents first`
        : undefined,
  };
  let chunks;
  let pageTitle = "";
  try {
    ({ chunks, title: pageTitle } = await extractDocument(bytes, mimeType, undefined, extractLimits, { mainContent: doc.kind === "web_page" }));
  } catch (err) {
    if (err instanceof UnreadableDocumentError) throw new PermanentJobError(err.message);
    throw err;
  }
  const step = async (p: number) => {
    await repo.update(doc.id, { progress: p });
    await ctx.progress(p);
  };
  await step(10);

  const vecs: Float32Array[] = [];
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    const batch = chunks.slice(i, i + EMBED_BATCH);
    vecs.push(...(await embedder.embed(batch.map(embedText), "document")));
    await step(10 + Math.round((80 * Math.min(i + EMBED_BATCH, chunks.length)) / chunks.length));
  }

  const rows = chunks.map((c) => ({ ...c, id: chunkId(doc.id, c.position) }));
  const previous = await repo.chunkIds(doc.id);
  const stale = previous.filter((id) => !rows.some((r) => r.id === id));
  if (stale.length) await vectors.delete(doc.userId, stale);
  await repo.replaceChunks(doc, rows);
  await vectors.upsert(
    doc.userId,
    embedder.id,
    rows.map((r, i) => ({ chunkId: r.id, documentId: doc.id, vector: vecs[i]! })),
  );
  // Deleted while we worked: take back what we just wrote to the external store.
  if (!(await repo.find(doc.id))) {
    await vectors.delete(
      doc.userId,
      rows.map((r) => r.id),
    );
    throw new PermanentJobError("The document was deleted while it was being indexed");
  }
  const page =
    doc.kind === "web_page"
      ? {
          fetchedAt: now(),
          mimeType,
          sizeBytes: bytes.length,
          // The page's own title (HTML <title>, PDF Title), else its file name, replaces the URL shown until the first fetch (a title the user typed stays).
          ...(doc.sourceUrl && doc.title === doc.sourceUrl ? { title: (pageTitle || fileNameOf(doc.sourceUrl) || doc.sourceUrl).slice(0, 200) } : {}),
        }
      : {};
  await repo.update(doc.id, { status: "ready", progress: 100, chunkCount: rows.length, embedder: embedder.id, error: null, ...page });
  return { chunks: rows.length, embedder: embedder.id };
}

/** A URL's file name as a title ("…/papers/rock-pools-2024.pdf" → "rock-pools-2024"), for a page with no title of its own. */
function fileNameOf(url: string): string {
  try {
    return fileTitle(decodeURIComponent(new URL(url).pathname));
  } catch {
    return "";
  }
}
