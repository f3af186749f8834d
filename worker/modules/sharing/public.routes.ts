import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody } from "../../http/router";
import { limitByIp } from "../../http/rate-limit";
import { jsonTurn, streamTurn, wantsEventStream } from "../chat";
import { VISITOR_VIDEOS_PER_DAY } from "../video";
import {
  ConversationSchema,
  MessageSchema,
  PublicProfileSchema,
  SendBodySchema,
  SendResultSchema,
  TokenParam,
  VisitorMemorySchema,
  VisitorVideoStatusSchema,
  pageQuery,
} from "./sharing.schemas";

const tags = ["public"];
const visitorToken = (c: { req: { header(name: string): string | undefined } }) => c.req.header("x-visitor-token");

// A link that does not exist (or was revoked) is a 404 whatever the body or query: checked before a validation error is reported.
const router = createRouter({ beforeInvalid: (c) => c.get("services").sharing.liveLink(c.req.param("token") ?? "") });
// Anyone with the link can call these: a stricter per-IP budget than signed-in users get.
router.use("*", limitByIp("public"));

export const publicRoutes = router
  .openapi(
    createRoute({
      method: "get",
      path: "/{token}",
      tags,
      summary: "Public card of a shared digital self",
      request: { params: TokenParam },
      responses: { 200: json(PublicProfileSchema), ...errors(404, 422) },
    }),
    async (c) => c.json(await c.get("services").sharing.publicProfile(c.req.valid("param").token), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{token}/conversations",
      tags,
      summary: "Start a visitor conversation; returns the visitor token to send as X-Visitor-Token",
      request: { params: TokenParam },
      responses: { 201: json(z.object({ conversation: ConversationSchema, visitorToken: z.string() }), "Created"), ...errors(404, 422) },
    }),
    async (c) => c.json(await c.get("services").sharing.startConversation(c.req.valid("param").token, visitorToken(c)), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{token}/memory",
      tags,
      summary: "What the clone remembers about you from your earlier conversations through this link (header X-Visitor-Token)",
      request: { params: TokenParam },
      responses: { 200: json(VisitorMemorySchema), ...errors(401, 404, 422, 429) },
    }),
    async (c) => c.json(await c.get("services").sharing.memory(c.req.valid("param").token, visitorToken(c)), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{token}/memory",
      tags,
      summary: "Clear what the clone remembers about you; only what you say afterwards is remembered (header X-Visitor-Token)",
      request: { params: TokenParam },
      responses: { 204: { description: "Cleared" }, ...errors(401, 404, 422, 429) },
    }),
    async (c) => {
      await c.get("services").sharing.forget(c.req.valid("param").token, visitorToken(c));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{token}/chat",
      tags,
      summary: "Chat with the shared clone (header X-Visitor-Token); JSON, or SSE with Accept: text/event-stream",
      request: { params: TokenParam, ...jsonBody(SendBodySchema) },
      responses: { 200: json(SendResultSchema), ...errors(401, 404, 409, 422, 429, 503) },
    }),
    async (c) => {
      const scope = await c.get("services").sharing.visitorScope(c.req.valid("param").token, visitorToken(c));
      const { conversation_id, message, client_message_id } = c.req.valid("json");
      if (wantsEventStream(c)) return streamTurn(c, scope, conversation_id, message, client_message_id);
      return c.json(await jsonTurn(c, scope, conversation_id, message, client_message_id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{token}/messages/{messageId}/video",
      tags,
      summary: `Render a reply of the visitor's own conversation as a talking-avatar video (header X-Visitor-Token; ${VISITOR_VIDEOS_PER_DAY} per visitor per link per day)`,
      request: { params: TokenParam.extend({ messageId: z.string().min(1).max(64) }) },
      responses: {
        202: json(z.object({ jobId: z.string(), status: z.enum(["queued", "processing", "ready", "failed"]) }), "Queued (or the existing video of this reply)"),
        ...errors(401, 404, 409, 429, 503),
      },
    }),
    async (c) => {
      const { token, messageId } = c.req.valid("param");
      return c.json(await c.get("services").sharing.requestVideo(token, visitorToken(c), messageId, new URL(c.req.url).origin), 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{token}/video-status/{jobId}",
      tags,
      summary: "Status of a visitor's reply video, with its signed URL once ready (header X-Visitor-Token)",
      request: { params: TokenParam.extend({ jobId: z.string().min(1).max(64) }) },
      responses: { 200: json(VisitorVideoStatusSchema), ...errors(401, 404, 422) },
    }),
    async (c) => {
      const { token, jobId } = c.req.valid("param");
      return c.json(await c.get("services").sharing.videoStatus(token, visitorToken(c), jobId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{token}/conversations/{id}/messages",
      tags,
      summary: "A visitor's own conversation, so the shared page survives a reload (header X-Visitor-Token)",
      request: { params: TokenParam.extend({ id: z.string().min(1).max(64) }), query: z.object(pageQuery) },
      responses: { 200: json(z.object({ items: z.array(MessageSchema), nextCursor: z.string().nullable() })), ...errors(401, 404, 422, 429) },
    }),
    async (c) => {
      const { token, id } = c.req.valid("param");
      const { limit, cursor } = c.req.valid("query");
      return c.json(await c.get("services").sharing.messages(token, visitorToken(c), id, limit, cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{token}/conversations/{id}",
      tags,
      summary: "Delete the visitor's own conversation (header X-Visitor-Token); the owner no longer sees it",
      request: { params: TokenParam.extend({ id: z.string().min(1).max(64) }) },
      responses: { 204: { description: "Deleted" }, ...errors(401, 404, 422, 429) },
    }),
    async (c) => {
      const { token, id } = c.req.valid("param");
      await c.get("services").sharing.deleteConversation(token, visitorToken(c), id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{token}/messages/{messageId}/ask-owner",
      tags,
      summary: "Ask the real me: leave a question the clone could not answer for the owner; their answer appears in this conversation",
      request: { params: TokenParam.extend({ messageId: z.string().min(1).max(64) }) },
      responses: { 200: json(z.object({ askedOwnerAt: z.number() })), ...errors(401, 404, 422, 429) },
    }),
    async (c) => {
      const { token, messageId } = c.req.valid("param");
      return c.json(await c.get("services").sharing.askOwner(token, visitorToken(c), messageId), 200);
    },
  );
