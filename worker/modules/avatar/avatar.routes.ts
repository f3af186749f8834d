import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors, json, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { AvatarSchema } from "./avatar.schemas";
import { ACCEPTED_AVATAR_TYPES } from "./avatar.service";

const auth = { security: bearer, middleware: requireAuth };
const binary = z.string().openapi({ type: "string", format: "binary" });

export const avatarRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/upload",
      tags: ["avatars"],
      summary: "Upload your avatar (video or photo) as the raw request body; replaces the current one and starts training",
      description:
        "Send the file itself as the body with its Content-Type and Content-Length (no multipart). The content is sniffed; " +
        "it is streamed to storage, never buffered whole. Training runs as an `avatar.train` job.",
      ...auth,
      request: { body: { required: true, content: Object.fromEntries(ACCEPTED_AVATAR_TYPES.map((t) => [t, { schema: binary }])) } },
      responses: { 202: json(AvatarSchema, "Stored; training queued"), ...errors(400, 401, 411, 413, 415) },
    }),
    async (c) => {
      const avatar = await c.get("services").avatars.upload(c.get("auth").userId, {
        contentType: c.req.header("content-type"),
        contentLength: c.req.header("content-length"),
        body: c.req.raw.body,
        origin: new URL(c.req.url).origin,
      });
      return c.json(avatar, 202);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/my-avatar", tags: ["avatars"], summary: "Your current avatar", ...auth, responses: { 200: json(AvatarSchema), ...errors(401, 404) } }),
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
