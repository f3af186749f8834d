import type { ZodType, z } from "zod";
import type { Job } from "../../platform/db/schema";
import { PermanentJobError } from "../../shared/errors";
import type { TaskCheckpoint } from "../../platform/video/port";

export { PermanentJobError };

export interface JobContext {
  /** Stores and pushes progress (0–100) to the user's open sockets. */
  progress(percent: number): Promise<void>;
  /** True on the last try: handlers may record the failure on their subject. */
  lastAttempt: boolean;
  /** Provider task ids kept on the job row, so a retried attempt resumes the provider's work instead of starting it again. */
  checkpoint: TaskCheckpoint;
}

/**
 * One background job: its kind, the zod schema of its payload (parsed before `run`, so `run`
 * gets a typed payload and a malformed one fails the job permanently), what it does, and what
 * it records on its subject when it is given up on. Modules build their definitions with their
 * own dependencies; the composition root lists them; queue-consumers/ runs them.
 */
export interface JobDefinition<K extends string = string, S extends ZodType = ZodType> {
  readonly kind: K;
  readonly payload: S;
  run(payload: z.infer<S>, job: Job, ctx: JobContext): Promise<unknown>;
  /** Called once when the job is given up on (retries exhausted, permanent error or dead-lettered). */
  onFailed?(job: Job, reason: string): Promise<void>;
}

export const defineJob = <K extends string, S extends ZodType>(def: JobDefinition<K, S>): JobDefinition<K, S> => def;

/** Reads a job row's payload with its definition's schema; a payload that does not match is permanent. */
export function parsePayload<S extends ZodType>(def: { payload: S }, job: Job): z.infer<S> {
  const parsed = def.payload.safeParse(JSON.parse(job.payload));
  if (!parsed.success) throw new PermanentJobError(`Malformed payload for job kind "${job.kind}"`);
  return parsed.data;
}
