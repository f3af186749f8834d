import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { ConversationDetailSchema, IdParam, MessageSchema, pageQuery } from "../chat";
import {
  AnalyticsSchema,
  AudienceQuery,
  GuardrailsSchema,
  InboxSchema,
  MessageIdParam,
  RevisionBodySchema,
  RevisionSchema,
  VisitorConversationSchema,
} from "./audience.schemas";

const auth = { security: bearer, middleware: requireAuth, tags: ["audience"] };

export const audienceRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/conversations",
      summary: "Your visitors' conversations (every share link), most recently active first; filter by link, visitor or text",
      ...auth,
      request: { query: AudienceQuery },
      responses: { 200: json(z.object({ items: z.array(VisitorConversationSchema), nextCursor: z.string().nullable() })), ...errors(401, 422) },
    }),
    async (c) => c.json(await c.get("services").audience.conversations(c.get("auth").userId, c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/conversations/{id}",
      summary: "One visitor conversation, read-only, with its newest messages",
      ...auth,
      request: { params: IdParam },
      responses: { 200: json(ConversationDetailSchema), ...errors(401, 404) },
    }),
    async (c) => c.json(await c.get("services").audience.transcript(c.get("auth").userId, c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/conversations/{id}/messages",
      summary: "Older messages of a visitor conversation",
      ...auth,
      request: { params: IdParam, query: z.object(pageQuery) },
      responses: { 200: json(z.object({ items: z.array(MessageSchema), nextCursor: z.string().nullable() })), ...errors(401, 404, 422) },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(await c.get("services").audience.messages(c.get("auth").userId, c.req.valid("param").id, limit, cursor), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/inbox",
      summary: "Questions your clone could not answer (your chats and visitors'), similar ones grouped, newest first",
      ...auth,
      request: { query: z.object({ status: z.enum(["open", "all"]).default("open") }) },
      responses: { 200: json(InboxSchema), ...errors(401, 422) },
    }),
    async (c) => c.json(await c.get("services").audience.inbox(c.get("auth").userId, { open: c.req.valid("query").status === "open" }), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/revisions",
      summary: "Your revisions: the answers you wrote instead of your clone's, most recent first",
      ...auth,
      responses: { 200: json(z.object({ items: z.array(RevisionSchema) })), ...errors(401) },
    }),
    async (c) => c.json({ items: await c.get("services").audience.revisions(c.get("auth").userId) }, 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/revisions/{messageId}",
      summary: "Write (or rewrite) your answer to a reply of your clone; it becomes knowledge your clone prefers and cites",
      ...auth,
      request: { params: MessageIdParam, ...jsonBody(RevisionBodySchema) },
      responses: { 200: json(RevisionSchema), ...errors(401, 404, 422, 503) },
    }),
    async (c) => c.json(await c.get("services").audience.revise(c.get("auth").userId, c.req.valid("param").messageId, c.req.valid("json").answer), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/revisions/{messageId}",
      summary: "Delete a revision; it is removed from retrieval and the original reply shows again",
      ...auth,
      request: { params: MessageIdParam },
      responses: { 204: { description: "Deleted" }, ...errors(401, 404) },
    }),
    async (c) => {
      await c.get("services").audience.deleteRevision(c.get("auth").userId, c.req.valid("param").messageId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/guardrails",
      summary: "Topics your clone must not discuss, and its refusal line",
      ...auth,
      responses: { 200: json(GuardrailsSchema), ...errors(401) },
    }),
    async (c) => c.json(await c.get("services").audience.guardrails(c.get("auth").userId, c.get("auth").epoch), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/guardrails",
      summary: "Replace the topics your clone must not discuss and its refusal line",
      ...auth,
      request: jsonBody(GuardrailsSchema.strict()),
      responses: { 200: json(GuardrailsSchema), ...errors(401, 422) },
    }),
    async (c) => c.json(await c.get("services").audience.saveGuardrails(c.get("auth").userId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/analytics",
      summary: "Conversations and questions per day over 30 days (own vs visitors), visitors per link, unanswered share, top topics",
      ...auth,
      responses: { 200: json(AnalyticsSchema), ...errors(401) },
    }),
    async (c) => c.json(await c.get("services").audience.analytics(c.get("auth").userId), 200),
  );
