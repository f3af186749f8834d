import { z } from "@hono/zod-openapi";

export const AvatarSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["video", "photo"]),
    mimeType: z.string(),
    sizeBytes: z.number(),
    status: z.enum(["queued", "processing", "ready", "failed"]),
    progress: z.number(),
    error: z.string().nullable(),
    provider: z.string().nullable(),
    previewUrl: z.string().nullable().openapi({ description: "Signed, short-lived /api/media URL of the upload" }),
    posterUrl: z.string().nullable().openapi({ description: "Signed URL of the reference still (after training)" }),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("Avatar");

export type AvatarView = z.infer<typeof AvatarSchema>;
