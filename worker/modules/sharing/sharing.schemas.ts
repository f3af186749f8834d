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

// Any length is looked up: a cut-off link is "not found" (404), not a validation error.
export const TokenParam = z.object({ token: z.string().min(1).max(100) });

export type ShareLinkView = z.infer<typeof ShareLinkSchema>;
export type PublicProfile = z.infer<typeof PublicProfileSchema>;
export type VisitorVideoStatus = z.infer<typeof VisitorVideoStatusSchema>;

// A visitor's chat and reply videos have the owner's shapes.
export { ConversationSchema, IdParam, MessageSchema, SendBodySchema, SendResultSchema, pageQuery } from "../chat";

/** One thing the clone remembers about a returning visitor (from their earlier conversations through the link). */
export const VisitorNoteSchema = z
  .object({
    kind: z.enum(["asked", "said"]).openapi({ description: "a question they asked, or something they said about themselves" }),
    text: z.string(),
    at: z.number(),
  })
  .openapi("VisitorNote");

export const VisitorMemorySchema = z.object({ notes: z.array(VisitorNoteSchema) }).openapi("VisitorMemory");

export const LinkVisitorsSchema = z
  .object({
    items: z.array(z.object({ visitorId: z.string(), conversations: z.number(), lastSeenAt: z.number(), notes: z.array(VisitorNoteSchema) })),
  })
  .openapi("LinkVisitorMemories");
