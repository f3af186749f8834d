import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { AppError } from "../../shared/errors";

// Browsers cannot set headers on WebSocket requests, so the socket URL carries a
// 60-second single-purpose ticket instead of the long-lived access token.

export const realtimeRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/ticket",
      tags: ["realtime"],
      summary: "A short-lived ticket for opening the live events WebSocket",
      security: bearer,
      middleware: requireAuth,
      responses: { 200: json(z.object({ ticket: z.string(), expiresIn: z.number(), url: z.string() })), ...errors(401, 429) },
    }),
    async (c) => c.json(await c.get("services").realtime.ticket(c.get("auth")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/ws",
      tags: ["realtime"],
      summary: "WebSocket of live events (job progress, new messages) for the ticket's user",
      request: { query: z.object({ ticket: z.string().min(10) }) },
      responses: { 101: { description: "Switching protocols" }, ...errors(401, 422, 426) },
    }),
    async (c) => {
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new AppError("bad_request", "Expected a WebSocket upgrade");
      return c.get("services").realtime.connect(c.req.valid("query").ticket, c.req.raw);
    },
  );
