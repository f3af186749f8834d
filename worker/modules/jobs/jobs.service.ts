import type { Job } from "../../platform/db/schema";
import { JOB_LEASE_MS, type JobRepository } from "./jobs.repo";
import { now } from "../../shared/ids";
import type { EventPublisher } from "../../platform/realtime/publisher";
import type { JobMessage } from "../../env";

export interface JobView {
  id: string;
  kind: string;
  subjectId: string | null;
  status: Job["status"];
  progress: number;
  attempts: number;
  error: string | null;
  result: unknown;
  createdAt: number;
  updatedAt: number;
}

export const jobView = (j: Job): JobView => ({
  id: j.id,
  kind: j.kind,
  subjectId: j.subjectId,
  status: j.status,
  progress: j.progress,
  attempts: j.attempts,
  error: j.error,
  result: j.result ? JSON.parse(j.result) : null,
  createdAt: j.createdAt,
  updatedAt: j.updatedAt,
});

/** The port through which jobs leave the request: Cloudflare Queues or QStash. */
export interface JobQueue {
  readonly kind: "cloudflare-queues" | "qstash";
  send(message: JobMessage): Promise<void>;
}

export class QueuesJobQueue implements JobQueue {
  readonly kind = "cloudflare-queues" as const;
  constructor(private readonly queue: Queue<JobMessage>) {}
  async send(message: JobMessage) {
    await this.queue.send(message, { contentType: "json" });
  }
}

/** Creates, tracks and announces background jobs. */
export class JobService {
  constructor(
    readonly repo: JobRepository,
    private readonly queue: JobQueue,
    private readonly events: EventPublisher,
  ) {}

  /** Sends the job's message again (the sweeper, for a job whose worker or message was lost). */
  async resend(job: Job): Promise<void> {
    await this.queue.send({ jobId: job.id });
  }

  /** `prepare` runs after the job row exists and before the message is sent (e.g. to store its subject). */
  async enqueue(input: { userId: string; kind: string; subjectId?: string | null; payload?: unknown }, prepare?: (job: Job) => Promise<void>): Promise<Job> {
    const job = await this.repo.create(input);
    if (prepare) await prepare(job);
    await this.queue.send({ jobId: job.id });
    await this.announce(job);
    return job;
  }

  async progress(job: Job, progress: number): Promise<void> {
    // Reporting progress renews the lease: a long job that keeps working is never swept.
    const updated = await this.repo.update(job.id, { progress: Math.max(0, Math.min(100, Math.round(progress))), leaseUntil: now() + JOB_LEASE_MS });
    if (updated) await this.announce(updated);
  }

  async announce(job: Job): Promise<void> {
    const { id, kind, subjectId, status, progress, error } = job;
    await this.events.publish(job.userId, { type: "job", job: { id, kind, subjectId, status, progress, error } });
  }
}
