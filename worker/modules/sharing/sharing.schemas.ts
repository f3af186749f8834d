import { z } from "@hono/zod-openapi";
import { VisitorVideoStatusSchema } from "../video";

export { VisitorVideoStatusSchema };

export const ShareLinkSchema = z
  .object({ id: z.string(), label: z.string(), url: z.string(), token: z.string(), createdAt: z.number(), revokedAt: z.number().nullable() })
  .openapi("ShareLink");

export const PublicProfileSchema = z
  .object({
    name: z.string(),
    headline: z.string(),
    bio: z.string(),
    avatarReady: z.boolean(),
    posterUrl: z.string().nullable().openapi({ description: "Signed URL of the avatar's still (its face), once the avatar is ready" }),
  })
  .openapi("PublicProfile");

export const TokenParam = z.object({ token: z.string().min(10).max(100) });

export type ShareLinkView = z.infer<typeof ShareLinkSchema>;
export type PublicProfile = z.infer<typeof PublicProfileSchema>;
export type VisitorVideoStatus = z.infer<typeof VisitorVideoStatusSchema>;

// A visitor's chat and reply videos have the owner's shapes.
export { ConversationSchema, IdParam, MessageSchema, SendBodySchema, SendResultSchema, pageQuery } from "../chat";
