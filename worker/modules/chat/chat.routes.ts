import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { OwnerSendBodySchema, OwnerSendResultSchema, SendBodySchema } from "./chat.schemas";
import { AppError } from "../../shared/errors";
import { jsonTurn, streamTurn, wantsEventStream } from "./chat.respond";

const sse = {
  "text/event-stream": {
    schema: z.string().openapi({ description: "events: meta {conversationId,userMessage}, token {text}, done {reply}, error {code,message}" }),
  },
};
const auth = { security: bearer, middleware: requireAuth, tags: ["chat"] };

export const chatRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/send",
      summary: "Send a message to your digital self; JSON reply, or SSE with Accept: text/event-stream",
      ...auth,
      request: jsonBody(OwnerSendBodySchema),
      responses: {
        200: { description: "The stored question and reply", content: { ...json(OwnerSendResultSchema).content, ...sse } },
        ...errors(401, 404, 409, 422, 429, 503),
      },
    }),
    async (c) => {
      const { conversation_id, message, client_message_id, generate_video } = c.req.valid("json");
      const s = c.get("services");
      const userId = c.get("auth").userId;
      const scope = { kind: "owner" as const, ownerId: userId };
      if (wantsEventStream(c)) return streamTurn(c, scope, conversation_id, message, client_message_id);
      const result = await jsonTurn(c, scope, conversation_id, message, client_message_id);
      let video_job_id: string | null = null;
      let video_error: string | null = null;
      if (generate_video ?? (await s.profiles.get(userId)).alwaysVideoReplies) {
        // The reply stands on its own: a video that cannot be made is reported, not an error.
        try {
          video_job_id = (await s.videos.request(userId, result.reply.id, new URL(c.req.url).origin)).jobId;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          video_error = err.message;
        }
      }
      return c.json({ ...result, reply: { ...result.reply, videoJobId: video_job_id ?? result.reply.videoJobId }, video_job_id, video_error }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/stream",
      summary: "Same as /send, always streamed as server-sent events",
      ...auth,
      request: jsonBody(SendBodySchema),
      responses: { 200: { description: "SSE stream", content: sse }, ...errors(401, 404, 409, 422) },
    }),
    async (c) => {
      const { conversation_id, message, client_message_id } = c.req.valid("json");
      return streamTurn(c, { kind: "owner", ownerId: c.get("auth").userId }, conversation_id, message, client_message_id);
    },
  );
