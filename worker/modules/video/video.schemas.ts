import { z } from "@hono/zod-openapi";

/** A reply video's state, as its owner and a share-link visitor both see it. */
const videoStatusFields = {
  jobId: z.string(),
  messageId: z.string(),
  status: z.enum(["queued", "processing", "ready", "failed"]),
  progress: z.number(),
  error: z.string().nullable(),
  videoUrl: z.string().nullable(),
  durationSeconds: z.number().nullable(),
};

export const VideoStatusSchema = z
  .object({
    ...videoStatusFields,
    videoUrl: videoStatusFields.videoUrl.openapi({ description: "Signed, short-lived /api/media URL (Range requests supported)" }),
  })
  .openapi("VideoStatus");

/** The same state on the share page (GET /api/public/{token}/video-status/{jobId}). */
export const VisitorVideoStatusSchema = z.object(videoStatusFields).openapi("VisitorVideoStatus");

export type VideoStatusView = z.infer<typeof VideoStatusSchema>;
