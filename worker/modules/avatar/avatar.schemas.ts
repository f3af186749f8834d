import { z } from "@hono/zod-openapi";
import { avatarSchema } from "../../contracts/avatar";

// The wire shape lives in contracts/ (the user's socket pushes it too); here it gets its OpenAPI name and descriptions.
export const AvatarSchema = avatarSchema
  .extend({
    previewUrl: z.string().nullable().openapi({ description: "Signed, short-lived /api/media URL of the upload" }),
    posterUrl: z.string().nullable().openapi({ description: "Signed URL of the reference still (after training)" }),
  })
  .openapi("Avatar");

export type AvatarView = z.infer<typeof AvatarSchema>;
