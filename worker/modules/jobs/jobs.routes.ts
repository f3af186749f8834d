import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { notFound } from "../../shared/errors";
import { jobView } from "./jobs.service";

export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    subjectId: z.string().nullable(),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    progress: z.number(),
    attempts: z.number(),
    error: z.string().nullable(),
    result: z.unknown(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("Job");

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
  async (c) => {
    const job = await c.get("services").jobs.repo.findForUser(c.get("auth").userId, c.req.valid("param").id);
    if (!job) throw notFound("Job");
    return c.json(jobView(job), 200);
  },
);
