import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";

const auth = { security: bearer, middleware: requireAuth };

// Mounted under /api/users beside the profile routes.
export const accountRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/me/export",
      tags: ["users"],
      summary: "Download all of your data as JSON",
      ...auth,
      responses: { 200: json(z.record(z.string(), z.unknown()), "Export document"), ...errors(401, 429) },
    }),
    async (c) => {
      const data = await c.get("services").account.export(c.get("auth").userId);
      c.header("Content-Disposition", `attachment; filename="digital-self-export-${new Date().toISOString().slice(0, 10)}.json"`);
      return c.json(data, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/me",
      tags: ["users"],
      summary: "Delete your account and everything it owns",
      ...auth,
      responses: { 204: { description: "Deleted" }, ...errors(401, 429) },
    }),
    async (c) => {
      await c.get("services").account.delete(c.get("auth").userId);
      return c.body(null, 204);
    },
  );
