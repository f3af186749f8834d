import { z } from "@hono/zod-openapi";

export const ShareLinkSchema = z
  .object({ id: z.string(), label: z.string(), url: z.string(), token: z.string(), createdAt: z.number(), revokedAt: z.number().nullable() })
  .openapi("ShareLink");

export const PublicProfileSchema = z.object({ name: z.string(), headline: z.string(), bio: z.string(), avatarReady: z.boolean() }).openapi("PublicProfile");

export const TokenParam = z.object({ token: z.string().min(10).max(100) });

export type ShareLinkView = z.infer<typeof ShareLinkSchema>;
export type PublicProfile = z.infer<typeof PublicProfileSchema>;

// A visitor's chat has the owner's chat shapes.
export { ConversationSchema, IdParam, MessageSchema, SendBodySchema, SendResultSchema, pageQuery } from "../chat";
