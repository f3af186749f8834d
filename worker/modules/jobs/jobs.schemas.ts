import { z } from "@hono/zod-openapi";

export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    subjectId: z.string().nullable(),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    progress: z.number(),
    attempts: z.number(),
    error: z.string().nullable(),
    result: z.unknown(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("Job");

export type JobView = z.infer<typeof JobSchema>;
