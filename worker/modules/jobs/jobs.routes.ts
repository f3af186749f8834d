import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { JobSchema } from "./jobs.schemas";

export const jobRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    tags: ["jobs"],
    summary: "Status and progress of one of your background jobs",
    security: bearer,
    middleware: requireAuth,
    request: { params: z.object({ id: z.string().max(64) }) },
    responses: { 200: json(JobSchema), ...errors(401, 404, 429) },
  }),
  async (c) => c.json(await c.get("services").jobs.get(c.get("auth").userId, c.req.valid("param").id), 200),
);
