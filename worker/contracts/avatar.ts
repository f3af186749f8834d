// The avatar as the API returns it and as the user's socket pushes it ({type:"avatar", avatar}).
// The OpenAPI schema (modules/avatar/avatar.schemas.ts) extends this one.
import { z } from "zod";

export const avatarStatusSchema = z.enum(["queued", "processing", "ready", "failed"]);

export const avatarSchema = z.object({
  id: z.string(),
  kind: z.enum(["video", "photo"]),
  mimeType: z.string(),
  sizeBytes: z.number(),
  status: avatarStatusSchema,
  progress: z.number(),
  error: z.string().nullable(),
  provider: z.string().nullable(),
  previewUrl: z.string().nullable(),
  posterUrl: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
