import type { Services } from "../worker/container";
import { jobMessageSchema } from "../worker/contracts/jobs";
import { jobHandlers } from "./registry";
import { PermanentJobError } from "../worker/modules/jobs/define-job";
import { JOB_LEASE_MS } from "../worker/modules/jobs/jobs.repo";

export const MAX_JOB_ATTEMPTS = 5;
export const backoffSeconds = (attempts: number) => Math.min(2 ** attempts, 15 * 60);

export type JobOutcome = "succeeded" | "retry" | "failed" | "skipped";

/**
 * Runs one job by id: the single path used by the Queues consumer and the QStash route.
 * Idempotent: a finished job is skipped, so redelivery does nothing twice.
 */
export async function runJob(services: Services, jobId: string): Promise<JobOutcome> {
  const { jobs } = services;
  const job = await jobs.repo.claim(jobId);
  if (!job) return "skipped";
  await jobs.announce(job);
  const handler = jobHandlers[job.kind];
  const lastAttempt = job.attempts >= MAX_JOB_ATTEMPTS;
  try {
    if (!handler) throw new PermanentJobError(`No handler for job kind "${job.kind}"`);
    const result = await handler.run(job, {
      services,
      lastAttempt,
      progress: (p) => jobs.progress(job, p),
    });
    const done = await jobs.repo.update(job.id, { status: "succeeded", progress: 100, result: JSON.stringify(result ?? null), error: null });
    if (done) await jobs.announce(done);
    return "succeeded";
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentJobError || lastAttempt) {
      await failJob(services, job.id, reason);
      return "failed";
    }
    // The lease covers the retry delay too, so a lost retry message is swept as well.
    const delayMs = backoffSeconds(job.attempts) * 1000;
    const queued = await jobs.repo.update(job.id, { status: "queued", error: reason, leaseUntil: Date.now() + delayMs + JOB_LEASE_MS });
    if (queued) await jobs.announce(queued);
    return "retry";
  }
}

/** Marks a job failed once and lets its handler record the failure on its subject. */
export async function failJob(services: Services, jobId: string, reason: string): Promise<void> {
  const job = await services.jobs.repo.find(jobId);
  if (!job || job.status === "failed" || job.status === "succeeded") return;
  const failed = await services.jobs.repo.update(job.id, { status: "failed", error: reason });
  await jobHandlers[job.kind]?.onFailed?.(job, reason, services);
  if (failed) await services.jobs.announce(failed);
}

/**
 * The Cron Trigger's sweep: every unfinished job past its lease (its worker died mid-run, or its
 * queue message was lost, e.g. a local queue across a restart) is re-queued, or failed with the
 * reason once it has used its attempts, so every job ends succeeded or failed.
 */
export async function sweepExpiredJobs(services: Services): Promise<{ requeued: number; failed: number }> {
  const { jobs } = services;
  let requeued = 0;
  let failed = 0;
  for (const job of await jobs.repo.expired()) {
    if (job.attempts >= MAX_JOB_ATTEMPTS) {
      await failJob(services, job.id, `The job stopped without finishing (its lease expired) after ${job.attempts} attempts`);
      failed++;
      continue;
    }
    const queued = await jobs.repo.update(job.id, { status: "queued", error: "Its worker stopped (lease expired): re-queued", leaseUntil: Date.now() + JOB_LEASE_MS });
    if (!queued) continue;
    await jobs.resend(queued);
    await jobs.announce(queued);
    requeued++;
  }
  return { requeued, failed };
}

/** The Worker's queue() handler: main queue runs jobs; the dead-letter queue records give-ups. */
export async function handleJobBatch(batch: MessageBatch<unknown>, services: Services): Promise<void> {
  const deadLetter = batch.queue.endsWith("-dlq");
  for (const msg of batch.messages) {
    const parsed = jobMessageSchema.safeParse(msg.body);
    if (!parsed.success) {
      console.error("dropping malformed job message", msg.id);
      msg.ack();
      continue;
    }
    try {
      if (deadLetter) {
        await failJob(services, parsed.data.jobId, `Gave up after ${msg.attempts} deliveries`);
        msg.ack();
        continue;
      }
      const outcome = await runJob(services, parsed.data.jobId);
      if (outcome === "retry") msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
      else msg.ack();
    } catch (err) {
      // Our own bookkeeping failed (e.g. D1 briefly unavailable): let the queue redeliver.
      console.error("job bookkeeping failed", (err as Error).message);
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
    }
  }
}
