import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { notFound } from "../../shared/errors";
import type { ShareLinkRow } from "./sharing.repo";
import { IdParam } from "../chat/chat.schemas";

const ShareLinkSchema = z
  .object({ id: z.string(), label: z.string(), url: z.string(), token: z.string(), createdAt: z.number(), revokedAt: z.number().nullable() })
  .openapi("ShareLink");

/** The public page of a share link in the web client. */
export const shareUrl = (token: string) => `/share/${token}`;
const view = (r: ShareLinkRow) => ({ id: r.id, label: r.label, url: shareUrl(r.token), token: r.token, createdAt: r.createdAt, revokedAt: r.revokedAt });
const auth = { security: bearer, middleware: requireAuth, tags: ["shares"] };

export const shareRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Create a public link through which visitors chat with your clone",
      ...auth,
      request: jsonBody(z.object({ label: z.string().trim().max(100).optional() }).strict()),
      responses: { 201: json(ShareLinkSchema, "Created"), ...errors(401, 422) },
    }),
    async (c) => c.json(view(await c.get("services").shareLinks.create(c.get("auth").userId, c.req.valid("json").label ?? "")), 201),
  )
  .openapi(
    createRoute({ method: "get", path: "/", summary: "Your share links (revoked ones included)", ...auth, responses: { 200: json(z.object({ items: z.array(ShareLinkSchema) })), ...errors(401) } }),
    async (c) => c.json({ items: (await c.get("services").shareLinks.list(c.get("auth").userId)).map(view) }, 200),
  )
  .openapi(
    createRoute({ method: "delete", path: "/{id}", summary: "Revoke a share link (its public routes answer 404 from then on)", ...auth, request: { params: IdParam }, responses: { 204: { description: "Revoked" }, ...errors(401, 404) } }),
    async (c) => {
      const s = c.get("services");
      const userId = c.get("auth").userId;
      const { id } = c.req.valid("param");
      if (!(await s.shareLinks.find(userId, id))) throw notFound("Share link");
      await s.shareLinks.revoke(userId, id); // idempotent: revoking twice is fine
      return c.body(null, 204);
    },
  );
