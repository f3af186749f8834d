import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { AvatarSchema, MyAvatarSchema } from "./avatar.schemas";
import { ACCEPTED_AVATAR_TYPES } from "./avatar.service";

const auth = { security: bearer, middleware: requireAuth };
const binary = z.string().openapi({ type: "string", format: "binary" });

export const avatarRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/upload",
      tags: ["avatars"],
      summary: "Upload your avatar (video or photo) and start training; it replaces the current one once trained",
      description:
        "Either the file itself as the body with its Content-Type and Content-Length, or multipart/form-data with the " +
        "file in a `file` field (the seed's form). The content is sniffed; either way it is streamed to storage, never " +
        "buffered whole. Training runs as an `avatar.train` job; a ready avatar stays in use until the new one is ready " +
        "(and stays if it fails).",
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
      summary: "Your avatar in use (the newest ready one, else your latest upload), or null when you have none yet",
      description:
        "A newer upload that has not replaced it yet is its `replacement`: still training, or failed with the reason in its `error` " +
        "(the avatar in use stays). Video replies use the avatar in use while it is ready.",
      ...auth,
      responses: { 200: json(MyAvatarSchema.nullable()), ...errors(401) },
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
