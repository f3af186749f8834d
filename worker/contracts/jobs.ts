// The job contract shared by the producer (modules, via JobService.enqueue), the transports
// (Cloudflare Queues, QStash) and the runner in queue-consumers/: which kinds exist, what each
// payload holds, what a queue message carries, and the retry policy both transports obey.
import { z } from "zod";

/** Every queue/QStash message names a job; the job row holds kind, payload and state. */
export const jobMessageSchema = z.object({ jobId: z.string().regex(/^job_[A-Za-z0-9_-]+$/) });
export type JobMessage = z.infer<typeof jobMessageSchema>;

/** Each job kind and its payload; `enqueue` and `defineJob` are typed by this map. */
export const jobPayloads = {
  "knowledge.index": z.object({}),
  "knowledge.reindex": z.object({}),
  "avatar.train": z.object({ avatarId: z.string(), origin: z.string().url() }),
  "video.generate": z.object({ videoId: z.string(), origin: z.string().url() }),
};
export type JobKind = keyof typeof jobPayloads;
export type JobPayload<K extends JobKind> = z.infer<(typeof jobPayloads)[K]>;

export const jobStatusSchema = z.enum(["queued", "running", "succeeded", "failed"]);

/** A job is given up on after this many runs (the same for Queues and QStash deliveries). */
export const MAX_JOB_ATTEMPTS = 5;
/** Retry delay after the nth attempt: 2^n seconds, capped at 15 minutes. */
export const backoffSeconds = (attempts: number) => Math.min(2 ** attempts, 15 * 60);
/**
 * How long a job may run without reporting progress (each progress report renews it), and how
 * long a queued job may wait past its retry delay before the sweeper assumes its message was lost.
 */
export const JOB_LEASE_MS = 10 * 60 * 1000;
