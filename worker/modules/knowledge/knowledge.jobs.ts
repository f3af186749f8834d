import type { Job } from "../../platform/db/schema";
import { defineJob, PermanentJobError, type JobContext } from "../jobs";
import { jobPayloads } from "../../contracts/jobs";
import type { Embedder } from "../../platform/embedder/port";
import type { VectorStore } from "../../platform/vector-store/port";
import type { KnowledgeRepository } from "./knowledge.repo";
import { extractChunks, UnreadableDocumentError, type ExtractLimits } from "./extract";

export interface KnowledgeJobDeps {
  repo: KnowledgeRepository;
  embedder: Embedder;
  vectors: VectorStore;
  bucket: R2Bucket;
  limits: ExtractLimits & { maxUserChars: number };
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
      if (job.subjectId) await deps.repo.update(job.subjectId, { status: "failed", error: reason });
    },
  }),
];

/** extract → chunk → embed → replace chunks and vectors → ready. */
async function indexDocument(deps: KnowledgeJobDeps, job: Job, ctx: JobContext) {
  const { repo, embedder, vectors } = deps;
  const doc = job.subjectId ? await repo.find(job.subjectId) : undefined;
  if (!doc || doc.userId !== job.userId) throw new PermanentJobError("The document no longer exists");
  await repo.update(doc.id, { status: "indexing", progress: 0, error: null });

  let bytes: Uint8Array;
  if (doc.source === "note") bytes = new TextEncoder().encode(doc.body ?? "");
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
  try {
    chunks = await extractChunks(bytes, doc.mimeType, undefined, extractLimits);
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
    vecs.push(
      ...(await embedder.embed(
        batch.map((c) => (c.heading ? `${c.heading}\n${c.content}` : c.content)),
        "document",
      )),
    );
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
  await repo.update(doc.id, { status: "ready", progress: 100, chunkCount: rows.length, embedder: embedder.id, error: null });
  return { chunks: rows.length, embedder: embedder.id };
}
