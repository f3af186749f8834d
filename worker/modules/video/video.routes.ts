import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { VideoStatusSchema } from "./video.schemas";

const auth = { security: bearer, middleware: requireAuth };

// Mounted under /api/chat beside the chat routes (same prefix as the seed's video-status).
export const videoRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/messages/{messageId}/video",
      tags: ["video"],
      summary: "Render one of your clone's replies as a talking-avatar video (a `video.generate` job)",
      ...auth,
      request: { params: z.object({ messageId: z.string().max(64) }) },
      responses: {
        202: json(z.object({ jobId: z.string(), status: z.enum(["queued", "processing", "ready", "failed"]) }), "Queued (or the existing video of this reply)"),
        ...errors(401, 404, 409, 429, 503),
      },
    }),
    async (c) => {
      const out = await c.get("services").videos.request(c.get("auth").userId, c.req.valid("param").messageId, new URL(c.req.url).origin);
      return c.json(out, 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/video-status/{job_id}",
      tags: ["video"],
      summary: "Status of a reply video, with its signed URL once ready",
      ...auth,
      request: { params: z.object({ job_id: z.string().max(64) }) },
      responses: { 200: json(VideoStatusSchema), ...errors(401, 404) },
    }),
    async (c) => c.json(await c.get("services").videos.status(c.get("auth").userId, c.req.valid("param").job_id), 200),
  );
