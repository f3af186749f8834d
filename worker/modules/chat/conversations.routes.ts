import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { AppError } from "../../shared/errors";
import { ConversationDetailSchema, ConversationSchema, IdParam, MessageSchema, pageQuery, type ConversationScope } from "./chat.schemas";

const auth = { security: bearer, middleware: requireAuth, tags: ["conversations"] };
// Browsers cannot set headers on WebSocket requests: the socket URL carries a 60 s ticket.

const ownerScope = (userId: string): ConversationScope => ({ kind: "owner", ownerId: userId });

export const conversationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Start a conversation with your digital self",
      ...auth,
      request: jsonBody(z.object({ title: z.string().trim().max(120).optional() }).strict()),
      responses: { 201: json(ConversationSchema, "Created"), ...errors(401, 422) },
    }),
    async (c) => c.json(await c.get("services").chat.create(ownerScope(c.get("auth").userId), c.req.valid("json").title ?? ""), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      summary: "Your conversations, most recently active first",
      ...auth,
      request: { query: z.object({ ...pageQuery, q: z.string().trim().max(100).optional() }) },
      responses: { 200: json(z.object({ items: z.array(ConversationSchema), nextCursor: z.string().nullable() })), ...errors(401, 422) },
    }),
    async (c) => c.json(await c.get("services").chat.list(ownerScope(c.get("auth").userId), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      summary: "One conversation with its most recent messages (oldest first); messagesNextCursor pages to older ones via /{id}/messages",
      ...auth,
      request: { params: IdParam },
      responses: { 200: json(ConversationDetailSchema), ...errors(401, 404) },
    }),
    async (c) => c.json(await c.get("services").chat.detail(ownerScope(c.get("auth").userId), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      summary: "Rename a conversation",
      ...auth,
      request: { params: IdParam, ...jsonBody(z.object({ title: z.string().trim().min(1).max(120) }).strict()) },
      responses: { 200: json(ConversationSchema), ...errors(401, 404, 422) },
    }),
    async (c) => c.json(await c.get("services").chat.rename(ownerScope(c.get("auth").userId), c.req.valid("param").id, c.req.valid("json").title), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      summary: "Delete a conversation and its messages",
      ...auth,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...errors(401, 404) },
    }),
    async (c) => {
      await c.get("services").chat.delete(ownerScope(c.get("auth").userId), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/messages",
      summary: "Messages, newest page first; oldest first within a page; nextCursor pages to older messages",
      ...auth,
      request: { params: IdParam, query: z.object(pageQuery) },
      responses: { 200: json(z.object({ items: z.array(MessageSchema), nextCursor: z.string().nullable() })), ...errors(401, 404, 422) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await c.get("services").chat.messages(ownerScope(c.get("auth").userId), c.req.valid("param").id, limit, cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/ticket",
      summary: "A 60-second ticket for this conversation's WebSocket",
      ...auth,
      request: { params: IdParam },
      responses: { 200: json(z.object({ ticket: z.string(), expiresIn: z.number(), url: z.string() })), ...errors(401, 404) },
    }),
    async (c) => c.json(await c.get("services").chat.ticket(c.get("auth"), c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/ws",
      tags: ["conversations"],
      summary: "WebSocket of this conversation: streamed tokens, new messages, video events; send with {type:'send', message}",
      request: { params: IdParam, query: z.object({ ticket: z.string().min(10) }) },
      responses: { 101: { description: "Switching protocols" }, ...errors(400, 401, 404, 422) },
    }),
    async (c) => {
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new AppError("bad_request", "Expected a WebSocket upgrade");
      // A ticket opens only the conversation it was issued for, and only the owner's.
      return c.get("services").chat.connect(c.req.valid("param").id, c.req.valid("query").ticket, c.req.raw);
    },
  );
