import { z } from "@hono/zod-openapi";
import { pageQuery } from "../chat";

export const VisitorConversationSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
    shareLinkId: z.string(),
    shareLabel: z.string(),
    visitorId: z.string(),
    messageCount: z.number(),
    lastMessagePreview: z.string().nullable(),
  })
  .openapi("VisitorConversation");

export const AudienceQuery = z.object({
  ...pageQuery,
  shareLinkId: z.string().max(64).optional(),
  visitorId: z.string().max(64).optional(),
  q: z.string().trim().max(100).optional(),
});

export const InboxItemSchema = z.object({
  replyId: z.string().openapi({ description: "The clone's reply that could not answer; revise it to answer" }),
  question: z.string(),
  reply: z.string(),
  conversationId: z.string(),
  source: z.enum(["own", "visitor"]),
  shareLinkId: z.string().nullable(),
  shareLabel: z.string().nullable(),
  askedOwnerAt: z.number().nullable().openapi({ description: "Set when the visitor left the question for you (ask the real me)" }),
  answer: z.string().nullable().openapi({ description: "Your answer, once given" }),
  createdAt: z.number(),
});

export const InboxSchema = z
  .object({
    openCount: z.number().openapi({ description: "Unanswered questions you have not answered yet" }),
    groups: z.array(z.object({ question: z.string(), count: z.number(), latestAt: z.number(), items: z.array(InboxItemSchema) })),
  })
  .openapi("Inbox");

export const RevisionSchema = z
  .object({
    messageId: z.string(),
    conversationId: z.string(),
    source: z.enum(["own", "visitor"]),
    question: z.string(),
    original: z.string(),
    answer: z.string(),
    documentId: z.string().nullable(),
    revisedAt: z.number(),
  })
  .openapi("Revision");

export const RevisionBodySchema = z.object({ answer: z.string().trim().min(1).max(4000) }).strict();

export const GuardrailsSchema = z
  .object({
    topics: z.array(z.string().trim().max(80)).max(30).openapi({ description: 'Topics the clone must not discuss, e.g. "politics", "my children"' }),
    refusal: z.string().trim().max(300).openapi({ description: "What the clone says instead; empty: a polite default" }),
  })
  .openapi("Guardrails");

const counts = z.object({
  day: z.string(),
  ownConversations: z.number(),
  visitorConversations: z.number(),
  ownQuestions: z.number(),
  visitorQuestions: z.number(),
});
export const AnalyticsSchema = z
  .object({
    days: z.number(),
    from: z.string(),
    to: z.string(),
    daily: z.array(counts),
    shareLinks: z.array(
      z.object({ shareLinkId: z.string(), label: z.string(), revoked: z.boolean(), visitors: z.number(), conversations: z.number(), questions: z.number() }),
    ),
    questions: z.object({ total: z.number(), answered: z.number(), unanswered: z.number(), declined: z.number(), unansweredShare: z.number() }),
    topics: z.array(z.object({ topic: z.string(), count: z.number() })),
  })
  .openapi("Analytics");

export const MessageIdParam = z.object({ messageId: z.string().min(1).max(64) });

export type InboxItem = z.infer<typeof InboxItemSchema>;
export type Inbox = z.infer<typeof InboxSchema>;
export type Revision = z.infer<typeof RevisionSchema>;
