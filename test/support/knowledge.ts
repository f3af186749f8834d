import { env, createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { expect, vi } from "vitest";
import worker from "../../worker/index";
import { api } from "./client";

export function form(file: Blob, name: string, title?: string) {
  const fd = new FormData();
  fd.append("file", file, name);
  if (title !== undefined) fd.append("title", title);
  return fd;
}

export const upload = (token: string, file: Blob, name: string, title?: string) =>
  api("POST", "/api/knowledge/upload", { token, raw: form(file, name, title) });

/** Waits for the real JOBS queue consumer (worker.queue → runJob) to finish the document. */
export async function waitForStatus(token: string, id: string, status: string | string[] = "ready", timeout = 40_000) {
  const want = ([] as string[]).concat(status);
  return vi.waitFor(
    async () => {
      const res = await api("GET", `/api/knowledge/${id}`, { token });
      expect(want).toContain(res.body.status);
      return res.body;
    },
    { timeout, interval: 100 },
  );
}

/** Delivers a message to the Worker's queue() handler as Cloudflare Queues would, and returns what it did. */
export async function deliver(jobId: string, { attempts = 1, queue = "digital-self-jobs" } = {}) {
  const batch = createMessageBatch(queue, [{ id: `m-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body: { jobId } }]);
  // getQueueResult does not report retry delays; record them on the way through.
  const delays: (number | undefined)[] = [];
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (opts) => {
      delays.push(opts?.delaySeconds);
      retry(opts);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

export async function chunkRows(documentId: string) {
  const { results } = await env.DB.prepare("SELECT id, position FROM knowledge_chunks WHERE document_id = ? ORDER BY position")
    .bind(documentId)
    .all<{ id: string; position: number }>();
  return results;
}

export async function vectorCount(documentId: string) {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM knowledge_vectors WHERE document_id = ?").bind(documentId).first<number>("n")) ?? 0;
}

export async function r2Keys(userId: string) {
  return (await env.BUCKET.list({ prefix: `users/${userId}/` })).objects.map((o) => o.key);
}
