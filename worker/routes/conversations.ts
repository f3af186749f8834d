import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../lib/router";
import { requireAuth } from "../middleware/auth";
import { TICKET_TTL_SECONDS } from "../services/tokens";
import { AppError, notFound } from "../lib/errors";
import type { ConversationScope } from "../db/repositories/conversations";
import { decodeCursor, paginate } from "../lib/cursor";
import { conversationView, messagePage } from "../services/chat";
import { ConversationSchema, IdParam, MessageSchema, pageQuery } from "./chat-schemas";

const auth = { security: bearer, middleware: requireAuth, tags: ["conversations"] };
// Browsers cannot set headers on WebSocket requests: the socket URL carries a 60 s ticket.

/** How many of the newest messages GET /{id} carries (the seed's "Get conversation"). */
const RECENT_MESSAGES = 50;
const ConversationDetailSchema = ConversationSchema.extend({
  messages: z.array(MessageSchema),
  messagesNextCursor: z.string().nullable().openapi({ description: "cursor for GET /{id}/messages to older messages; null when these are all" }),
}).openapi("ConversationDetail");

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
    async (c) => {
      const s = c.get("services");
      const conv = await s.conversations.create(ownerScope(c.get("auth").userId), c.req.valid("json").title ?? "");
      return c.json(conversationView(conv), 201);
    },
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
    async (c) => {
      const { limit, cursor, q } = c.req.valid("query");
      const rows = await c.get("services").conversations.list(ownerScope(c.get("auth").userId), { limit: limit + 1, after: decodeCursor(cursor), q: q || undefined });
      const { page, nextCursor } = paginate(rows, limit, (r) => ({ t: r.updatedAt, id: r.id }));
      return c.json({ items: page.map(conversationView), nextCursor }, 200);
    },
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
    async (c) => {
      const s = c.get("services");
      const conv = await s.conversations.find(ownerScope(c.get("auth").userId), c.req.valid("param").id);
      if (!conv) throw notFound("Conversation");
      const recent = await messagePage(s.messages, conv.id, RECENT_MESSAGES, undefined);
      return c.json({ ...conversationView(conv), messages: recent.items, messagesNextCursor: recent.nextCursor }, 200);
    },
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
    async (c) => {
      const s = c.get("services");
      const scope = ownerScope(c.get("auth").userId);
      const { id } = c.req.valid("param");
      if (!(await s.conversations.rename(scope, id, c.req.valid("json").title))) throw notFound("Conversation");
      return c.json(conversationView((await s.conversations.find(scope, id))!), 200);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/{id}", summary: "Delete a conversation and its messages", ...auth, request: { params: IdParam }, responses: { 204: { description: "Deleted" }, ...errors(401, 404) } }),
    async (c) => {
      const s = c.get("services");
      const { id } = c.req.valid("param");
      if (!(await s.conversations.delete(ownerScope(c.get("auth").userId), id))) throw notFound("Conversation");
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
      const s = c.get("services");
      const { id } = c.req.valid("param");
      const { limit, cursor } = c.req.valid("query");
      if (!(await s.conversations.find(ownerScope(c.get("auth").userId), id))) throw notFound("Conversation");
      return c.json(await messagePage(s.messages, id, limit, cursor), 200);
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
    async (c) => {
      const s = c.get("services");
      const { id } = c.req.valid("param");
      if (!(await s.conversations.find(ownerScope(c.get("auth").userId), id))) throw notFound("Conversation");
      const ticket = await s.tokens.sign(c.get("auth"), "conversation-ws", TICKET_TTL_SECONDS, { cnv: id });
      return c.json({ ticket, expiresIn: TICKET_TTL_SECONDS, url: `/api/conversations/${id}/ws?ticket=${encodeURIComponent(ticket)}` }, 200);
    },
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
      const s = c.get("services");
      const { id } = c.req.valid("param");
      const claims = await s.auth.verifySession(c.req.valid("query").ticket, "conversation-ws");
      // A ticket opens only the conversation it was issued for, and only the owner's.
      const conv = claims.payload.cnv === id ? await s.conversations.find(ownerScope(claims.userId), id) : undefined;
      if (!conv) throw notFound("Conversation");
      const headers = new Headers(c.req.raw.headers);
      headers.set("x-room-scope", JSON.stringify({ scope: ownerScope(claims.userId), conversationId: id, sessionId: claims.sessionId, userId: claims.userId }));
      return s.rooms.stub(id).fetch(new Request(c.req.raw.url, { headers })) as unknown as Response;
    },
  );
