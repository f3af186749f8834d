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

/** GET /api/avatars/my-avatar: the avatar in use, and a newer upload that has not replaced it. */
export const MyAvatarSchema = AvatarSchema.extend({
  replacement: AvatarSchema.nullable().openapi({
    description:
      "A newer upload that is not in use yet: still training (it replaces this avatar once ready) or failed (see its error; this avatar stays in use). null when there is none",
  }),
}).openapi("MyAvatar");

export type MyAvatarView = z.infer<typeof MyAvatarSchema>;
