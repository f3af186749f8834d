import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createRouter, errors, json, jsonBody } from "../../http/router";
import { AppError, notFound } from "../../shared/errors";
import { newId } from "../../shared/ids";
import type { AppEnv } from "../../container";
import { limitByIp } from "../../http/rate-limit";
import type { ConversationScope } from "../chat/conversations.repo";
import type { ShareLinkRow } from "./sharing.repo";
import { conversationView, messagePage } from "../chat/chat.service";
import { ConversationSchema, MessageSchema, SendBodySchema, SendResultSchema, pageQuery } from "../chat/chat.schemas";
import { jsonTurn, streamTurn, wantsEventStream } from "../chat/chat.respond";

// Visitors keep chatting for a while without an account; revoking the link ends every visitor token at once.
const VISITOR_TTL_SECONDS = 7 * 24 * 3600;
const TokenParam = z.object({ token: z.string().min(10).max(100) });
const tags = ["public"];

/** A live share link, or 404 (unknown and revoked look the same). */
async function liveLink(c: Context<AppEnv>, token: string): Promise<ShareLinkRow> {
  const link = await c.get("services").shareLinks.findActiveByToken(token);
  if (!link) throw notFound("Share link");
  return link;
}

/** The visitor's scope: only conversations they started through this very link. */
async function visitorScope(c: Context<AppEnv>, link: ShareLinkRow): Promise<ConversationScope> {
  const raw = c.req.header("x-visitor-token");
  if (!raw) throw new AppError("unauthorized", "X-Visitor-Token header required");
  const claims = await c.get("services").tokens.verify(raw, "visitor");
  // The subject is the visitor (never the owner's user id, which a visitor must not learn); the owner comes from the link.
  if (claims.sessionId !== link.id || !claims.userId.startsWith("vis_")) throw new AppError("unauthorized", "Visitor token is not for this link");
  return { kind: "visitor", ownerId: link.userId, shareLinkId: link.id, visitorId: claims.userId };
}

const router = createRouter();
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
      responses: { 200: json(z.object({ name: z.string(), headline: z.string(), bio: z.string(), avatarReady: z.boolean() }).openapi("PublicProfile")), ...errors(404, 422) },
    }),
    async (c) => {
      const s = c.get("services");
      const link = await liveLink(c, c.req.valid("param").token);
      const [p, avatar] = await Promise.all([
        s.profiles.get(link.userId),
        s.d1.prepare("SELECT 1 AS ok FROM avatars WHERE user_id = ? AND status = 'ready' LIMIT 1").bind(link.userId).first(),
      ]);
      return c.json({ name: p.name, headline: p.headline, bio: p.bio, avatarReady: !!avatar }, 200);
    },
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
    async (c) => {
      const s = c.get("services");
      const link = await liveLink(c, c.req.valid("param").token);
      // A visitor who already has a token keeps their identity across conversations.
      let scope: ConversationScope;
      try {
        scope = await visitorScope(c, link);
      } catch {
        scope = { kind: "visitor", ownerId: link.userId, shareLinkId: link.id, visitorId: newId("vis") };
      }
      if (scope.kind !== "visitor") throw new AppError("internal_error", "unreachable");
      const conv = await s.conversations.create(scope);
      const visitorToken = await s.tokens.sign({ userId: scope.visitorId, sessionId: link.id }, "visitor", VISITOR_TTL_SECONDS);
      return c.json({ conversation: conversationView(conv), visitorToken }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{token}/chat",
      tags,
      summary: "Chat with the shared clone (header X-Visitor-Token); JSON, or SSE with Accept: text/event-stream",
      request: { params: TokenParam, ...jsonBody(SendBodySchema) },
      responses: { 200: json(SendResultSchema), ...errors(401, 404, 422, 429, 503) },
    }),
    async (c) => {
      const link = await liveLink(c, c.req.valid("param").token);
      const scope = await visitorScope(c, link);
      const { conversation_id, message } = c.req.valid("json");
      if (wantsEventStream(c)) return streamTurn(c, scope, conversation_id, message);
      return c.json(await jsonTurn(c, scope, conversation_id, message), 200);
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
      const s = c.get("services");
      const { token, id } = c.req.valid("param");
      const scope = await visitorScope(c, await liveLink(c, token));
      if (!(await s.conversations.find(scope, id))) throw notFound("Conversation");
      const { limit, cursor } = c.req.valid("query");
      return c.json(await messagePage(s.messages, id, limit, cursor), 200);
    },
  );
