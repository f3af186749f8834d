// The chat shapes the web client reads off the wire outside the typed JSON routes: the SSE frames
// of a chat turn and the messages they carry. The OpenAPI schemas extend these (chat.schemas.ts).
import { z } from "zod";

export const citationSchema = z.object({
  documentId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  position: z.number(),
  snippet: z.string(),
  /**
   * The number the prompt gave this source, i.e. the `[n]` the reply text uses for it. A reply need not cite
   * every source (or cite them in order), so the citation's place in the list is not its number. Absent on
   * replies stored before the field existed.
   */
  n: z.number().int().positive().optional(),
  /** The cited source is the owner's own answer to a question (a revision), not a document. */
  ownerAnswer: z.boolean().optional(),
  /** What was cited: a memory is shown as "from your memories"; absent on replies stored before kinds existed. */
  kind: z.enum(["document", "web_page", "revision", "memory"]).optional(),
  /** Set when the source is a web page: where the quoted text lives. */
  url: z.string().optional(),
  /** The section of the document the quote is from, when it has headings (two sections of one document read apart). */
  heading: z.string().optional(),
});

/** The responder's structured signal on a reply: it could not answer from what the owner shared, or declined an off-limits topic. */
export const answerStatusSchema = z.enum(["answered", "unanswered", "declined"]);

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  citations: z.array(citationSchema),
  model: z.string().nullable(),
  videoJobId: z.string().nullable(),
  createdAt: z.number(),
  /** For a reply, the id of the question it answers (concurrent sends interleave in time). */
  replyTo: z.string().nullable(),
  /** On a reply: answered, unanswered or declined; null on questions (and replies older than the signal). */
  answerStatus: answerStatusSchema.nullable().optional(),
  /** On a reply: the answer the owner wrote instead (the original content is kept). */
  ownerAnswer: z.object({ content: z.string(), revisedAt: z.number() }).nullable().optional(),
  /** On a reply of a visitor conversation: when the visitor left its question for the owner ("ask the real me"). */
  askedOwnerAt: z.number().nullable().optional(),
});
export type Message = z.infer<typeof messageSchema>;

/**
 * A question's id chosen by the client that sends it (client_message_id on a chat send): the retry of a
 * failed send names the same question again, so the server answers the question it stored instead of
 * storing it twice. Unique within a conversation; a UUID fits.
 */
export const clientMessageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, '-' or '_'");

export const chatErrorCodeSchema = z.enum(["rate_limited", "upstream_unavailable", "internal_error"]);

/** The SSE frames of POST /api/chat/send (Accept: text/event-stream), /api/chat/stream and /api/public/{token}/chat: `event` is the SSE event name, `data` its JSON. */
export const chatStreamEventSchema = z.discriminatedUnion("event", [
  z.object({ event: z.literal("meta"), data: z.object({ conversationId: z.string(), userMessage: messageSchema }) }),
  z.object({ event: z.literal("token"), data: z.object({ text: z.string() }) }),
  z.object({ event: z.literal("done"), data: z.object({ reply: messageSchema }) }),
  z.object({ event: z.literal("error"), data: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ChatStreamEvent = z.infer<typeof chatStreamEventSchema>;
