import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { SendBodySchema, SendResultSchema } from "./chat.schemas";
import { jsonTurn, streamTurn, wantsEventStream } from "./chat.respond";

const sse = { "text/event-stream": { schema: z.string().openapi({ description: "events: meta {conversationId,userMessage}, token {text}, done {reply}, error {code,message}" }) } };
const auth = { security: bearer, middleware: requireAuth, tags: ["chat"] };

export const chatRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/send",
      summary: "Send a message to your digital self; JSON reply, or SSE with Accept: text/event-stream",
      ...auth,
      request: jsonBody(SendBodySchema),
      responses: { 200: { description: "The stored question and reply", content: { ...json(SendResultSchema).content, ...sse } }, ...errors(401, 404, 422, 429, 503) },
    }),
    async (c) => {
      const { conversation_id, message } = c.req.valid("json");
      const scope = { kind: "owner" as const, ownerId: c.get("auth").userId };
      if (wantsEventStream(c)) return streamTurn(c, scope, conversation_id, message);
      return c.json(await jsonTurn(c, scope, conversation_id, message), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/stream",
      summary: "Same as /send, always streamed as server-sent events",
      ...auth,
      request: jsonBody(SendBodySchema),
      responses: { 200: { description: "SSE stream", content: sse }, ...errors(401, 404, 422) },
    }),
    async (c) => {
      const { conversation_id, message } = c.req.valid("json");
      return streamTurn(c, { kind: "owner", ownerId: c.get("auth").userId }, conversation_id, message);
    },
  );
