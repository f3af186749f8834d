// The one job runner, used by the Queues consumer, the QStash push route and the cron sweeper:
// claim (idempotent by job id), run the kind's definition, retry with 2^n s backoff, fail after
// MAX_JOB_ATTEMPTS or on a permanent error, and record/announce every state change.
import { MAX_JOB_ATTEMPTS, backoffSeconds } from "../worker/contracts/jobs";
import { PermanentJobError, parsePayload, type JobDefinition, type JobService } from "../worker/modules/jobs";

/** What the runner needs from the worker: the jobs service and the explicit list of job definitions. */
export interface JobRuntime {
  jobs: JobService;
  definitions: ReadonlyMap<string, JobDefinition>;
}

export function jobRuntime(container: { jobs: JobService; jobDefinitions: readonly JobDefinition[] }): JobRuntime {
  return { jobs: container.jobs, definitions: new Map(container.jobDefinitions.map((d) => [d.kind, d])) };
}

export type JobOutcome = "succeeded" | "retry" | "failed" | "skipped";

/**
 * Runs one job by id: the single path used by the Queues consumer and the QStash route.
 * Idempotent: a finished job is skipped, so redelivery does nothing twice.
 */
export async function runJob(rt: JobRuntime, jobId: string): Promise<JobOutcome> {
  const { jobs } = rt;
  const job = await jobs.claim(jobId);
  if (!job) return "skipped";
  const definition = rt.definitions.get(job.kind);
  const lastAttempt = job.attempts >= MAX_JOB_ATTEMPTS;
  try {
    if (!definition) throw new PermanentJobError(`No handler for job kind "${job.kind}"`);
    const result = await definition.run(parsePayload(definition, job), job, {
      lastAttempt,
      progress: (p) => jobs.progress(job, p),
      checkpoint: jobs.checkpoint(job),
    });
    await jobs.succeed(job, result);
    return "succeeded";
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentJobError || lastAttempt) {
      await failJob(rt, job.id, reason);
      return "failed";
    }
    await jobs.requeue(job, reason, backoffSeconds(job.attempts) * 1000);
    return "retry";
  }
}

/** Marks a job failed once and lets its definition record the failure on its subject. */
export async function failJob(rt: JobRuntime, jobId: string, reason: string): Promise<void> {
  const failed = await rt.jobs.markFailed(jobId, reason);
  if (!failed) return;
  await rt.definitions.get(failed.job.kind)?.onFailed?.(failed.job, reason);
  await failed.announce();
}

/**
 * The Cron Trigger's sweep: every unfinished job past its lease (its worker died mid-run, or its
 * queue message was lost, e.g. a local queue across a restart) is re-queued, or failed with the
 * reason once it has used its attempts, so every job ends succeeded or failed.
 */
export async function sweepExpiredJobs(rt: JobRuntime): Promise<{ requeued: number; failed: number }> {
  const { jobs } = rt;
  let requeued = 0;
  let failed = 0;
  for (const job of await jobs.expired()) {
    if (job.attempts >= MAX_JOB_ATTEMPTS) {
      await failJob(rt, job.id, `The job stopped without finishing (its lease expired) after ${job.attempts} attempts`);
      failed++;
      continue;
    }
    const queued = await jobs.requeue(job, "Its worker stopped (lease expired): re-queued");
    if (!queued) continue;
    await jobs.resend(queued);
    requeued++;
  }
  return { requeued, failed };
}
