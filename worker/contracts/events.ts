// Socket events: what the user's live socket (/api/realtime/ws, the UserHub Durable Object) and a
// conversation's socket (/api/conversations/{id}/ws, the ConversationRoom) send. The server
// publishes only these (Publisher<UserEvent>, Publisher<RoomEvent>); the web client parses them.
import { z } from "zod";
import { clientMessageIdSchema, messageSchema } from "./chat";
import { jobStatusSchema } from "./jobs";
import { avatarSchema } from "./avatar";

export const jobEventSchema = z.object({
  type: z.literal("job"),
  job: z.object({
    id: z.string(),
    kind: z.string(),
    subjectId: z.string().nullable(),
    status: jobStatusSchema,
    progress: z.number(),
    error: z.string().nullable(),
  }),
});

/** A reply video's state; the same shape on the user's socket and the conversation's. */
export const videoEventSchema = z.object({
  type: z.literal("video"),
  messageId: z.string(),
  jobId: z.string(),
  status: z.enum(["queued", "processing", "ready", "failed"]),
  videoUrl: z.string().nullable(),
  progress: z.number(),
  error: z.string().nullable(),
});

/** The avatar's training state, the avatar as GET /api/avatars/my-avatar returns it. */
export const avatarEventSchema = z.object({ type: z.literal("avatar"), avatar: avatarSchema });

export const readyEventSchema = z.object({ type: z.literal("ready"), conversationId: z.string().optional() });
export const pongEventSchema = z.object({ type: z.literal("pong") });

export const userEventSchema = z.discriminatedUnion("type", [jobEventSchema, videoEventSchema, avatarEventSchema]);
/** Published to one user's sockets. */
export type UserEvent = z.infer<typeof userEventSchema>;

/**
 * An error on a conversation's socket, in the one error shape's terms: what an HTTP answer to the same
 * send would say, its Retry-After header as `retryAfter` (seconds to wait before sending again).
 */
export const socketErrorEventSchema = z.object({
  type: z.literal("error"),
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
  retryAfter: z.number().int().positive().optional(),
});

export const roomEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("token"), text: z.string() }),
  z.object({ type: z.literal("message"), message: messageSchema }),
  socketErrorEventSchema,
  videoEventSchema,
]);
/** Published to the sockets watching one conversation. */
export type RoomEvent = z.infer<typeof roomEventSchema>;

/** Everything a socket may receive, including the sockets' own `ready`/`pong` frames. */
export const socketEventSchema = z.discriminatedUnion("type", [
  jobEventSchema,
  videoEventSchema,
  avatarEventSchema,
  readyEventSchema,
  pongEventSchema,
  z.object({ type: z.literal("token"), text: z.string() }),
  z.object({ type: z.literal("message"), message: messageSchema }),
  socketErrorEventSchema,
]);
export type SocketEvent = z.infer<typeof socketEventSchema>;

/** What the user's live socket delivers: their events, after a `ready` when it opens. */
export type UserSocketEvent = UserEvent | z.infer<typeof readyEventSchema>;

/** What a client may send on a conversation's socket. */
export const roomClientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("send"), message: z.string().trim().min(1).max(4000), client_message_id: clientMessageIdSchema.optional() }),
  z.object({ type: z.literal("ping") }),
]);
export type VideoEvent = z.infer<typeof videoEventSchema>;
export type JobEvent = z.infer<typeof jobEventSchema>;
export type AvatarEvent = z.infer<typeof avatarEventSchema>;
