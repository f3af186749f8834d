import type { Job } from "../../platform/db/schema";
import type { JobRepository } from "./jobs.repo";
import { now } from "../../shared/ids";
import { notFound } from "../../shared/errors";
import type { UserEventPublisher } from "../../platform/realtime/port";
import type { JobQueue } from "../../platform/queue/port";
import type { TaskCheckpoint } from "../../platform/video/port";
import { JOB_LEASE_MS, type JobKind, type JobPayload } from "../../contracts/jobs";
import type { JobView } from "./jobs.schemas";

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

export interface EnqueueInput<K extends JobKind> {
  userId: string;
  kind: K;
  subjectId?: string | null;
  payload: JobPayload<K>;
}

/** Creates, tracks and announces background jobs; the job runner in queue-consumers/ drives its state changes. */
export class JobService {
  constructor(
    private readonly repo: JobRepository,
    private readonly queue: JobQueue,
    private readonly events: UserEventPublisher,
  ) {}

  /** A user's own job (another user's is a 404). */
  async get(userId: string, id: string): Promise<JobView> {
    const job = await this.repo.findForUser(userId, id);
    if (!job) throw notFound("Job");
    return jobView(job);
  }

  /** `prepare` runs after the job row exists and before the message is sent (e.g. to store its subject). */
  async enqueue<K extends JobKind>(input: EnqueueInput<K>, prepare?: (job: Job) => Promise<void>): Promise<Job> {
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

  latestForSubject(userId: string, subjectId: string): Promise<Job | undefined> {
    return this.repo.latestForSubject(userId, subjectId);
  }

  /** The newest job id of each subject, in one query (for list pages). */
  latestIdsForSubjects(userId: string, subjectIds: string[]): Promise<Map<string, string>> {
    return this.repo.latestIdsForSubjects(userId, subjectIds);
  }

  // ── state changes made by the job runner (queue-consumers/) ──

  find(id: string): Promise<Job | undefined> {
    return this.repo.find(id);
  }

  /** Moves a job to running unless it is finished (the guard that makes redelivery harmless) and announces it. */
  async claim(id: string): Promise<Job | undefined> {
    const job = await this.repo.claim(id);
    if (job) await this.announce(job);
    return job;
  }

  async succeed(job: Job, result: unknown): Promise<void> {
    await this.change(job.id, { status: "succeeded", progress: 100, result: JSON.stringify(result ?? null), error: null });
  }

  /** Back to queued with the reason; the lease covers `delayMs` too, so a lost retry message is swept as well. */
  async requeue(job: Job, reason: string, delayMs = 0): Promise<Job | undefined> {
    return this.change(job.id, { status: "queued", error: reason, leaseUntil: now() + delayMs + JOB_LEASE_MS });
  }

  /** Marks a job failed unless it already finished; returns it (before the failure is announced) or undefined. */
  async markFailed(jobId: string, reason: string): Promise<{ job: Job; announce: () => Promise<void> } | undefined> {
    const job = await this.repo.find(jobId);
    if (!job || job.status === "failed" || job.status === "succeeded") return undefined;
    const failed = await this.repo.update(job.id, { status: "failed", error: reason });
    return { job, announce: async () => (failed ? this.announce(failed) : undefined) };
  }

  /**
   * Provider task ids kept on the job row (jobs.result, which holds the outcome only once the job
   * succeeds): each attempt of a job sees what the earlier ones started.
   */
  checkpoint(job: Job): TaskCheckpoint {
    let tasks: Record<string, string> = {};
    try {
      const saved = JSON.parse(job.result ?? "null") as { providerTasks?: Record<string, string> } | null;
      if (saved?.providerTasks && typeof saved.providerTasks === "object") tasks = { ...saved.providerTasks };
    } catch {
      // not a checkpoint: start afresh
    }
    return {
      get: async (step) => tasks[step] ?? null,
      set: async (step, taskId) => {
        tasks[step] = taskId;
        await this.repo.update(job.id, { result: JSON.stringify({ providerTasks: tasks }) });
      },
    };
  }

  /** Unfinished jobs past their lease (oldest first, a bounded batch per sweep). */
  expired(): Promise<Job[]> {
    return this.repo.expired();
  }

  /** Sends the job's message again (the sweeper, for a job whose worker or message was lost). */
  async resend(job: Job): Promise<void> {
    await this.queue.send({ jobId: job.id });
  }

  async announce(job: Job): Promise<void> {
    const { id, kind, subjectId, status, progress, error } = job;
    await this.events.publish(job.userId, { type: "job", job: { id, kind, subjectId, status, progress, error } });
  }

  private async change(id: string, patch: Parameters<JobRepository["update"]>[1]): Promise<Job | undefined> {
    const updated = await this.repo.update(id, patch);
    if (updated) await this.announce(updated);
    return updated;
  }
}
