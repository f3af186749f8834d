import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, bearer } from "../lib/router";
import { requireAuth } from "../middleware/auth";
import { ACCEPTED_AVATAR_TYPES } from "../services/avatars";

export const AvatarSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["video", "photo"]),
    mimeType: z.string(),
    sizeBytes: z.number(),
    status: z.enum(["queued", "processing", "ready", "failed"]),
    progress: z.number(),
    error: z.string().nullable(),
    provider: z.string().nullable(),
    previewUrl: z.string().nullable().openapi({ description: "Signed, short-lived /api/media URL of the upload" }),
    posterUrl: z.string().nullable().openapi({ description: "Signed URL of the reference still (after training)" }),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("Avatar");

const auth = { security: bearer, middleware: requireAuth };
const binary = z.string().openapi({ type: "string", format: "binary" });

export const avatarRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/upload",
      tags: ["avatars"],
      summary: "Upload your avatar (video or photo); replaces the current one and starts training",
      description:
        "Either the file itself as the body with its Content-Type and Content-Length, or multipart/form-data with the " +
        "file in a `file` field (the seed's form). The content is sniffed; either way it is streamed to storage, never " +
        "buffered whole. Training runs as an `avatar.train` job.",
      ...auth,
      request: {
        body: {
          required: true,
          content: {
            ...Object.fromEntries(ACCEPTED_AVATAR_TYPES.map((t) => [t, { schema: binary }])),
            // A plain OpenAPI schema, not zod: a zod one would make @hono/zod-openapi parse (buffer) the whole form.
            "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", format: "binary" } }, required: ["file"] } },
          },
        },
      },
      responses: { 202: json(AvatarSchema, "Stored; training queued"), ...errors(400, 401, 411, 413, 415, 422) },
    }),
    async (c) => {
      const avatars = c.get("services").avatars;
      const input = {
        contentType: c.req.header("content-type"),
        contentLength: c.req.header("content-length"),
        body: c.req.raw.body,
        origin: new URL(c.req.url).origin,
      };
      const form = /^multipart\/form-data\b/i.test(input.contentType ?? "");
      const avatar = await (form ? avatars.uploadForm(c.get("auth").userId, input) : avatars.upload(c.get("auth").userId, input));
      return c.json(avatar, 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/my-avatar",
      tags: ["avatars"],
      summary: "Your current avatar, or null when you have none yet",
      ...auth,
      responses: { 200: json(AvatarSchema.nullable()), ...errors(401) },
    }),
    async (c) => c.json(await c.get("services").avatars.current(c.get("auth").userId), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/my-avatar",
      tags: ["avatars"],
      summary: "Delete your avatar and its files",
      ...auth,
      responses: { 204: { description: "Deleted" }, ...errors(401, 404) },
    }),
    async (c) => {
      await c.get("services").avatars.deleteAll(c.get("auth").userId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/status/{avatar_id}",
      tags: ["avatars"],
      summary: "Training status of one of your avatars",
      ...auth,
      request: { params: z.object({ avatar_id: z.string().max(64) }) },
      responses: { 200: json(AvatarSchema), ...errors(401, 404) },
    }),
    async (c) => c.json(await c.get("services").avatars.status(c.get("auth").userId, c.req.valid("param").avatar_id), 200),
  );
