import { z } from "@hono/zod-openapi";

export const VideoStatusSchema = z
  .object({
    jobId: z.string(),
    messageId: z.string(),
    status: z.enum(["queued", "processing", "ready", "failed"]),
    progress: z.number(),
    error: z.string().nullable(),
    videoUrl: z.string().nullable().openapi({ description: "Signed, short-lived /api/media URL (Range requests supported)" }),
    durationSeconds: z.number().nullable(),
  })
  .openapi("VideoStatus");

export type VideoStatusView = z.infer<typeof VideoStatusSchema>;
