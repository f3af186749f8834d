import { z } from "@hono/zod-openapi";

export const ConversationSchema = z
  .object({ id: z.string(), title: z.string(), createdAt: z.number(), updatedAt: z.number(), lastMessagePreview: z.string().nullable() })
  .openapi("Conversation");

export const CitationSchema = z
  .object({ documentId: z.string(), chunkId: z.string(), title: z.string(), position: z.number(), snippet: z.string() })
  .openapi("Citation");

export const MessageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    role: z.enum(["user", "assistant"]),
    content: z.string(),
    citations: z.array(CitationSchema),
    model: z.string().nullable().openapi({ description: '"offline-extractive" when no LLM key is configured' }),
    videoJobId: z.string().nullable(),
    createdAt: z.number(),
    replyTo: z.string().nullable().openapi({ description: "For a reply, the id of the question it answers (concurrent sends interleave in time)" }),
  })
  .openapi("Message");

export const SendBodySchema = z
  .object({
    conversation_id: z.string().min(1).max(64),
    message: z.string().trim().min(1).max(4000),
  })
  .openapi("ChatSend");

export const SendResultSchema = z
  .object({ conversationId: z.string(), userMessage: MessageSchema, reply: MessageSchema })
  .openapi("ChatSendResult");

/**
 * The seed's clients page with skip/limit. Lists here are keyset-paged, so an offset would be
 * slow and unstable under inserts: skip=0 (the start) is accepted, any other skip is refused with
 * the way to page instead, never silently ignored.
 */
export const skipParam = z.coerce
  .number()
  .int()
  .min(0)
  .optional()
  .refine((v) => !v, "skip is not supported: pass the previous page's nextCursor as cursor (skip=0 is accepted)")
  .openapi({ description: "Only 0 is accepted; page with cursor" });

/** The owner's chat/send also takes the seed's generate_video (visitors cannot spend the owner's video quota). */
export const OwnerSendBodySchema = SendBodySchema.extend({
  generate_video: z.boolean().optional().openapi({ description: "Queue a talking-avatar video of the reply; default: the profile's alwaysVideoReplies" }),
}).openapi("ChatSendOwner");

export const OwnerSendResultSchema = SendResultSchema.extend({
  video_job_id: z.string().nullable().openapi({ description: "Poll GET /api/chat/video-status/{job_id}; null when no video was made" }),
  video_error: z.string().nullable().openapi({ description: "Why no video was made although one was asked for (e.g. no ready avatar)" }),
}).openapi("ChatSendOwnerResult");

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  skip: skipParam,
};

export const IdParam = z.object({ id: z.string().min(1).max(64) });
