import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json } from "../worker/http/router";
import { AppError } from "../worker/shared/errors";
import { backoffSeconds, jobMessageSchema } from "../worker/contracts/jobs";
import { jobRuntime, runJob } from "./runner";

/**
 * QStash push delivery of jobs: the same runJob as the Queues consumer. Only requests signed
 * with our QStash signing keys (Upstash-Signature JWT over the URL and body) are accepted.
 * A job that should be retried answers 503 so QStash redelivers it with its backoff.
 */
export const internalJobRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/run",
    tags: ["internal"],
    summary: "QStash delivery endpoint for background jobs (signature required)",
    request: { headers: z.object({ "upstash-signature": z.string().max(4096).optional() }) },
    responses: {
      200: json(z.object({ jobId: z.string(), outcome: z.enum(["succeeded", "failed", "skipped"]) })),
      ...errors(401, 404, 422, 503),
    },
  }),
  async (c) => {
    const receiver = c.get("services").qstashReceiver;
    if (!receiver) throw new AppError("not_found", "QStash delivery is not configured");
    const signature = c.req.valid("header")["upstash-signature"];
    if (!signature) throw new AppError("unauthorized", "Upstash-Signature header required");
    const body = await c.req.text();
    const valid = await receiver.verify({ signature, body, url: c.req.url }).catch(() => false);
    if (!valid) throw new AppError("unauthorized", "Invalid QStash signature");
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      throw new AppError("bad_request", "Body must be JSON");
    }
    const parsed = jobMessageSchema.safeParse(message);
    if (!parsed.success) throw new AppError("validation_failed", "Body must be {jobId}");
    const outcome = await runJob(jobRuntime(c.get("services")), parsed.data.jobId);
    if (outcome === "retry") {
      const job = await c.get("services").jobs.find(parsed.data.jobId);
      throw new AppError("upstream_unavailable", job?.error ?? "Job will be retried", undefined, {
        "Retry-After": String(backoffSeconds(job?.attempts ?? 1)),
      });
    }
    return c.json({ jobId: parsed.data.jobId, outcome }, 200);
  },
);
