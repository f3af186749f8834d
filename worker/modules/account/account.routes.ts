import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { limitPasswordChecks } from "../../http/rate-limit";

const auth = { security: bearer, middleware: requireAuth };

const ExportQuery = z.object({
  format: z.enum(["json", "zip"]).optional().openapi({ description: "zip: export.json plus every uploaded file (also chosen by Accept: application/zip)" }),
});
const DeleteAccountBody = z
  .object({ password: z.string({ error: "your current password is required" }).min(1, "your current password is required").max(256) })
  .openapi("DeleteAccount");

// Mounted under /api/users beside the profile routes.
export const accountRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/me/export",
      tags: ["users"],
      summary: "Download all of your data: JSON, or a ZIP with the JSON and your uploaded files",
      ...auth,
      request: { query: ExportQuery },
      responses: {
        200: {
          description: "Export document (JSON), or a ZIP of export.json + files/…",
          content: {
            "application/json": { schema: z.record(z.string(), z.unknown()) },
            "application/zip": { schema: z.string().openapi({ format: "binary" }) },
          },
        },
        ...errors(401, 422, 429),
      },
    }),
    async (c) => {
      const { userId } = c.get("auth");
      const name = `digital-self-export-${new Date().toISOString().slice(0, 10)}`;
      const format = c.req.valid("query").format ?? (c.req.header("accept")?.includes("application/zip") ? "zip" : "json");
      if (format === "zip") {
        return new Response(await c.get("services").account.exportZip(userId), {
          headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${name}.zip"` },
        });
      }
      c.header("Content-Disposition", `attachment; filename="${name}.json"`);
      return c.json(await c.get("services").account.export(userId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/me",
      tags: ["users"],
      summary: "Delete your account and everything it owns (send your current password)",
      security: bearer,
      middleware: [requireAuth, limitPasswordChecks] as const,
      request: jsonBody(DeleteAccountBody),
      responses: { 204: { description: "Deleted" }, ...errors(401, 403, 422, 429) },
    }),
    async (c) => {
      await c.get("services").account.delete(c.get("auth").userId, c.req.valid("json").password);
      return c.body(null, 204);
    },
  );
