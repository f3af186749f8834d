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

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
};

export const IdParam = z.object({ id: z.string().min(1).max(64) });
