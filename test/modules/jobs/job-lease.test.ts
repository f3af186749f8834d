import { describe, it, expect } from "vitest";
import { env, createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../../worker/index";
import { registerUser } from "../../support/client";
import { waitForStatus } from "../../support/knowledge";
import { container, repos } from "../../support/container";
import { KNOWLEDGE_INDEX_JOB } from "../../../worker/modules/knowledge/knowledge.service";
import { MAX_JOB_ATTEMPTS } from "../../../queue-consumers/index";

const services = () => container(env);

/** A note document whose job was claimed by a worker that then died: running, its lease in the past. */
async function killedMidRun(userId: string, attempts: number) {
  const s = services();
  const doc = await repos().knowledge.create({
    userId,
    title: "Killed",
    source: "note",
    mimeType: "text/plain",
    sizeBytes: 20,
    body: "I sail in the Azores every June.",
    r2Key: null,
  });
  const job = await repos().jobs.create({ userId, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id });
  const claimed = await repos().jobs.claim(job.id);
  expect(claimed?.status).toBe("running");
  expect(claimed?.leaseUntil).toBeGreaterThan(Date.now());
  await repos().knowledge.update(doc.id, { status: "indexing", progress: 23 });
  // The process died (its queue message is gone with it); time passes beyond the lease.
  await env.DB.prepare("UPDATE jobs SET lease_until = ?, attempts = ? WHERE id = ?")
    .bind(Date.now() - 1000, attempts, job.id)
    .run();
  return { doc, job };
}

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env as any, ctx);
  await waitOnExecutionContext(ctx);
}

describe("job lease and sweeper", () => {
  it("a job killed mid-run is re-queued by the sweeper after its lease and ends succeeded", async () => {
    const u = await registerUser();
    const { doc, job } = await killedMidRun(u.user.id, 1);
    await runCron();
    const finished = await waitForStatus(u.token, doc.id, "ready");
    expect(finished.chunkCount).toBeGreaterThan(0);
    expect((await repos().jobs.find(job.id))?.status).toBe("succeeded");
  });

  it("a job killed on its last attempt ends failed with the reason, on the job and its document", async () => {
    const u = await registerUser();
    const { doc, job } = await killedMidRun(u.user.id, MAX_JOB_ATTEMPTS);
    await runCron();
    const after = await repos().jobs.find(job.id);
    expect(after?.status).toBe("failed");
    expect(after?.error).toMatch(/lease/i);
    const d = await waitForStatus(u.token, doc.id, "failed");
    expect(d.error).toMatch(/lease/i);
  });

  it("a running job whose lease is live is left alone", async () => {
    const u = await registerUser();
    const s = services();
    const job = await repos().jobs.create({ userId: u.user.id, kind: KNOWLEDGE_INDEX_JOB, subjectId: null });
    await repos().jobs.claim(job.id);
    await runCron();
    expect((await repos().jobs.find(job.id))?.status).toBe("running");
  });
});
