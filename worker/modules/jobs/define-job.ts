import type { Job } from "../../platform/db/schema";
import type { Services } from "../../container";

export interface JobContext {
  services: Services;
  /** Stores and pushes progress (0–100) to the user's open sockets. */
  progress(percent: number): Promise<void>;
  /** True on the last try: handlers may record the failure on their subject. */
  lastAttempt: boolean;
}

export interface JobHandler {
  run(job: Job, ctx: JobContext): Promise<unknown>;
  /** Called once when the job is given up on (retries exhausted, permanent error or dead-lettered). */
  onFailed?(job: Job, reason: string, services: Services): Promise<void>;
}

/** Thrown for failures a retry cannot fix (a corrupt file, a missing subject): no retries. */
export class PermanentJobError extends Error {}
