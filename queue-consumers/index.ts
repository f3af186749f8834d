// The Queues/QStash entry of background jobs: worker/index.ts hands it queue batches, cron sweeps
// and the /internal/jobs push route; the jobs themselves are defined by the worker's modules.
import { backoffSeconds, jobMessageSchema } from "../worker/contracts/jobs";
import { failJob, runJob, type JobRuntime } from "./runner";

export { jobRuntime, runJob, failJob, sweepExpiredJobs, type JobRuntime, type JobOutcome } from "./runner";
export { internalJobRoutes } from "./qstash-route";
export { MAX_JOB_ATTEMPTS, backoffSeconds } from "../worker/contracts/jobs";

/** The Worker's queue() handler: main queue runs jobs; the dead-letter queue records give-ups. */
export async function handleJobBatch(batch: MessageBatch<unknown>, rt: JobRuntime): Promise<void> {
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
        await failJob(rt, parsed.data.jobId, `Gave up after ${msg.attempts} deliveries`);
        msg.ack();
        continue;
      }
      const outcome = await runJob(rt, parsed.data.jobId);
      if (outcome === "retry") msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
      else msg.ack();
    } catch (err) {
      // Our own bookkeeping failed (e.g. D1 briefly unavailable): let the queue redeliver.
      console.error("job bookkeeping failed", (err as Error).message);
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
    }
  }
}
