import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { makePdf } from "../../support/fixtures/pdf";
import { chunkRows, deliver, upload, vectorCount, waitForStatus } from "../../support/knowledge";
import { container, localAdapters, repos } from "../../support/container";
import { DurableObjectPublisher } from "../../../worker/platform/realtime/publisher";
import type { UserEvent } from "../../../worker/contracts/events";
import { KNOWLEDGE_INDEX_JOB, KnowledgeService, knowledgeKey } from "../../../worker/modules/knowledge/knowledge.service";
import { JobService } from "../../../worker/modules/jobs/jobs.service";
import { AppError } from "../../../worker/shared/errors";
import { MAX_JOB_ATTEMPTS } from "../../../queue-consumers/index";

const services = () => container(env);

/** A document and its job row, without sending on the JOBS queue: the test delivers the messages itself. */
async function pendingUpload(userId: string, opts: { bytes?: Uint8Array; mimeType?: string } = {}) {
  const s = services();
  const doc = await repos().knowledge.create({
    userId,
    title: "Pending",
    source: "upload",
    mimeType: opts.mimeType ?? "application/pdf",
    sizeBytes: opts.bytes?.length ?? 0,
    body: null,
    r2Key: null,
  });
  const key = knowledgeKey(userId, doc.id);
  await env.DB.prepare("UPDATE knowledge_documents SET r2_key = ? WHERE id = ?").bind(key, doc.id).run();
  if (opts.bytes) await env.BUCKET.put(key, opts.bytes);
  const job = await repos().jobs.create({ userId, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id });
  return { doc, job };
}

describe("knowledge.index job: happy path and redelivery", () => {
  it("runs from a queue message to ready", async () => {
    const u = await registerUser();
    const { doc, job } = await pendingUpload(u.user.id, { bytes: makePdf([["Page one text about sailing."], ["Page two about the Azores."]]) });
    const result = await deliver(job.id);
    expect(result.explicitAcks).toHaveLength(1);
    const after = await repos().knowledge.find(doc.id);
    expect(after).toMatchObject({ status: "ready", progress: 100, chunkCount: 2, embedder: "lexical-hash-v5@512", error: null });
    expect(await repos().jobs.find(job.id)).toMatchObject({ status: "succeeded", progress: 100, attempts: 1 });
    const hits = await services().knowledge.search(u.user.id, "Azores", 5);
    expect(hits[0]).toMatchObject({ documentId: doc.id, heading: "Page 2", position: 1 });
  });

  it("a redelivered message (job already done) changes nothing", async () => {
    const u = await registerUser();
    const res = await upload(u.token, new Blob([makePdf([["alpha"], ["beta"], ["gamma"]])]), "three.pdf");
    await waitForStatus(u.token, res.body.id);
    const before = await chunkRows(res.body.id);
    const again = await deliver(res.body.jobId, { attempts: 2 });
    expect(again.explicitAcks).toHaveLength(1);
    expect(again.retryMessages).toEqual([]);
    expect(await chunkRows(res.body.id)).toEqual(before);
    expect(await vectorCount(res.body.id)).toBe(3);
  });

  it("re-running the job after a crash before its ack replaces chunks instead of duplicating them", async () => {
    const u = await registerUser();
    const res = await upload(u.token, new Blob([makePdf([["alpha"], ["beta"], ["gamma"]])]), "three.pdf");
    await waitForStatus(u.token, res.body.id);
    const before = await chunkRows(res.body.id);
    // As if the worker died after writing chunks but before marking the job done.
    await env.DB.prepare("UPDATE jobs SET status = 'running' WHERE id = ?").bind(res.body.jobId).run();
    await deliver(res.body.jobId, { attempts: 2 });
    await deliver(res.body.jobId, { attempts: 3 });
    expect(await chunkRows(res.body.id)).toEqual(before);
    expect(before.map((c) => c.position)).toEqual([0, 1, 2]);
    expect(await vectorCount(res.body.id)).toBe(3);
    const fts = await env.DB.prepare("SELECT COUNT(*) AS n FROM knowledge_chunks_fts WHERE knowledge_chunks_fts MATCH 'gamma'").first<number>("n");
    expect(fts).toBeGreaterThanOrEqual(1);
    const hits = await services().knowledge.search(u.user.id, "gamma", 5);
    expect(new Set(hits.map((h) => h.chunkId)).size).toBe(hits.length);
    expect(hits.filter((h) => h.content.includes("gamma"))).toHaveLength(1);
  });
});

describe("knowledge.index job: failures", () => {
  it("a poisoned document (its file is gone) is retried with backoff, then marked failed with the reason", async () => {
    const u = await registerUser();
    const { doc, job } = await pendingUpload(u.user.id); // no R2 object
    const delays: number[] = [];
    for (let attempt = 1; attempt < MAX_JOB_ATTEMPTS; attempt++) {
      const r = await deliver(job.id, { attempts: attempt });
      expect(r.retryMessages).toHaveLength(1);
      delays.push(r.delays[0]!);
      expect(await repos().knowledge.find(doc.id)).toMatchObject({ status: "queued", error: "Will retry: The uploaded file is missing from storage" });
    }
    expect(delays).toEqual([2, 4, 8, 16]);
    const last = await deliver(job.id, { attempts: MAX_JOB_ATTEMPTS });
    expect(last.explicitAcks).toHaveLength(1);
    expect(await repos().knowledge.find(doc.id)).toMatchObject({ status: "failed", error: "The uploaded file is missing from storage" });
    expect(await repos().jobs.find(job.id)).toMatchObject({ status: "failed", attempts: MAX_JOB_ATTEMPTS });
    const view = await api("GET", `/api/knowledge/${doc.id}`, { token: u.token });
    expect(view.body).toMatchObject({ status: "failed", error: "The uploaded file is missing from storage", jobId: job.id });
  });

  it("a corrupt PDF fails at once (no retry can fix it) with the reason shown", async () => {
    const u = await registerUser();
    const res = await upload(u.token, new Blob(["%PDF-1.7\nthis is not really a pdf at all"]), "broken.pdf");
    expect(res.status).toBe(202);
    const doc = await waitForStatus(u.token, res.body.id, "failed");
    expect(doc.error).toMatch(/^The PDF could not be read/);
    expect((await repos().jobs.find(res.body.jobId))!.attempts).toBe(1);
  });

  it("a message on the dead-letter queue marks the document failed", async () => {
    const u = await registerUser();
    const { doc, job } = await pendingUpload(u.user.id);
    await deliver(job.id, { queue: "digital-self-jobs-dlq", attempts: 6 });
    expect(await repos().knowledge.find(doc.id)).toMatchObject({ status: "failed", error: "Gave up after 6 deliveries" });
  });

  it("a job whose document was deleted fails without touching anything", async () => {
    const u = await registerUser();
    const { doc, job } = await pendingUpload(u.user.id, { bytes: makePdf([["x"]]) });
    await services().knowledgeBase.delete(u.user.id, doc.id);
    const r = await deliver(job.id);
    expect(r.explicitAcks).toHaveLength(1);
    expect(await repos().jobs.find(job.id)).toMatchObject({ status: "failed", error: "The document no longer exists" });
  });
});

describe("knowledge uploads when the job queue is down", () => {
  it("answers 503 and keeps nothing: no document row, no R2 object", async () => {
    const u = await registerUser();
    const s = services();
    const downQueue = {
      kind: "cloudflare-queues" as const,
      send: async () => {
        throw new Error("queue unavailable");
      },
    };
    const events = new DurableObjectPublisher<UserEvent>(env.USER_HUB, "event");
    const kb = new KnowledgeService(repos().knowledge, new JobService(repos().jobs, downQueue, events), env.BUCKET, localAdapters().vectors, 1024 * 1024);
    const file = new File(["Some notes."], "notes.txt", { type: "text/plain" });
    const err = await kb.upload(u.user.id, file).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(503);
    expect((await env.BUCKET.list({ prefix: `users/${u.user.id}/` })).objects).toEqual([]);
    expect((await s.knowledgeBase.list(u.user.id, { limit: 10 })).items).toEqual([]);
    await expect(kb.addNote(u.user.id, "t", "c")).rejects.toThrow(/could not be queued/);
  });
});
