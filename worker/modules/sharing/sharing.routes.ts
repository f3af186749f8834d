import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { IdParam, LinkVisitorsSchema, ShareLinkSchema } from "./sharing.schemas";
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
    async (c) => c.json(await c.get("services").sharing.create(c.get("auth").userId, c.req.valid("json").label ?? ""), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      summary: "Your share links (revoked ones included)",
      ...auth,
      responses: { 200: json(z.object({ items: z.array(ShareLinkSchema) })), ...errors(401) },
    }),
    async (c) => c.json({ items: await c.get("services").sharing.list(c.get("auth").userId) }, 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/visitors",
      summary: "Visitors of your link and what your clone remembers about each (what they asked, what they said about themselves)",
      ...auth,
      request: { params: IdParam },
      responses: { 200: json(LinkVisitorsSchema), ...errors(401, 404) },
    }),
    async (c) => c.json(await c.get("services").sharing.visitorMemories(c.get("auth").userId, c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      summary: "Revoke a share link (its public routes answer 404 from then on)",
      ...auth,
      request: { params: IdParam },
      responses: { 204: { description: "Revoked" }, ...errors(401, 404) },
    }),
    async (c) => {
      await c.get("services").sharing.revoke(c.get("auth").userId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
