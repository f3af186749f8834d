import { z } from "zod";

/** Every queue/QStash message names a job; the job row holds kind, payload and state. */
export const jobMessageSchema = z.object({ jobId: z.string().regex(/^job_[A-Za-z0-9_-]+$/) });
