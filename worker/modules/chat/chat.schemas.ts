import { z } from "@hono/zod-openapi";
import { citationSchema, clientMessageIdSchema, messageSchema } from "../../contracts/chat";
import { skipParam } from "../../http/paging";

/**
 * Who is looking at conversations. The owner sees only their own chats with the clone;
 * a visitor (through a share link) sees only the chats they started through that link.
 * Every query goes through the repository's `scopeWhere`, so a foreign id is simply "not found".
 */
export type ConversationScope =
  | { kind: "owner"; ownerId: string }
  | { kind: "visitor"; ownerId: string; shareLinkId: string; visitorId: string }
  // The owner reading their visitors' conversations (the Audience page): every share link's, read-only.
  | { kind: "audience"; ownerId: string };

export const ConversationSchema = z
  .object({ id: z.string(), title: z.string(), createdAt: z.number(), updatedAt: z.number(), lastMessagePreview: z.string().nullable() })
  .openapi("Conversation");

// The wire shapes live in contracts/ (the web client parses SSE frames with them); here they get their OpenAPI names.
export const CitationSchema = citationSchema.openapi("Citation");

export const MessageSchema = messageSchema
  .extend({
    citations: z.array(CitationSchema),
    model: z.string().nullable().openapi({ description: '"offline-extractive" when no LLM key is configured' }),
    replyTo: z.string().nullable().openapi({ description: "For a reply, the id of the question it answers (concurrent sends interleave in time)" }),
    clientMessageId: clientMessageIdSchema.optional().openapi({
      description: "Only in conversation listings, on a question sent with client_message_id: that id, so a Retry after a reload names the same question",
    }),
    answering: z
      .literal(true)
      .optional()
      .openapi({
        description:
          "Only in conversation listings, on a question: true while a send of it (with client_message_id) is still being answered " +
          "(its answering lease is live and no reply is saved yet), so a client that reloads shows it as in progress, not failed. " +
          "Absent otherwise: once the reply is saved, or the answer failed or was abandoned (a retry then answers it).",
      }),
  })
  .openapi("Message");

export const SendBodySchema = z
  .object({
    conversation_id: z.string().min(1).max(64),
    message: z.string().trim().min(1).max(4000),
    client_message_id: clientMessageIdSchema.optional().openapi({
      description:
        "The client's id for this question (e.g. a UUID), sent again when retrying it: if the conversation already has a question " +
        "with this id, it is answered (or its stored reply returned) instead of being stored a second time. While an earlier " +
        "send of it is still being answered, a retry is 409 `answer_in_progress` with Retry-After (it is not answered twice). " +
        "Another text with an id already used in the conversation is 409 `conflict`. Without it every send stores a new question.",
      example: "2b6f0c1e-8d1a-4c55-9f0e-0a7c3d9e4b21",
    }),
  })
  .openapi("ChatSend");

export const SendResultSchema = z.object({ conversationId: z.string(), userMessage: MessageSchema, reply: MessageSchema }).openapi("ChatSendResult");

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

/** GET /api/conversations/{id} (the seed's "Get conversation"): the conversation and its newest messages. */
export const ConversationDetailSchema = ConversationSchema.extend({
  messages: z.array(MessageSchema),
  messagesNextCursor: z.string().nullable().openapi({ description: "cursor for GET /{id}/messages to older messages; null when these are all" }),
}).openapi("ConversationDetail");

export type ConversationView = z.infer<typeof ConversationSchema>;
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>;
export type MessageView = z.infer<typeof MessageSchema>;
export type Citation = z.infer<typeof CitationSchema>;
