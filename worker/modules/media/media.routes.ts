import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors } from "../../http/router";

// Public by design: the signature in the URL is the credential (so <video src> works), and
// only owner-checked routes mint it. Served from R2 with Range support so players can seek.
export const mediaRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/{token}",
    tags: ["media"],
    summary: "An avatar or reply video by signed URL (as returned in previewUrl/posterUrl/videoUrl); supports Range",
    request: {
      params: z.object({ token: z.string().max(1024) }),
      query: z.object({ exp: z.coerce.number().int(), sig: z.string().max(128) }),
      headers: z.object({ range: z.string().max(200).optional() }),
    },
    responses: {
      200: { description: "The whole object", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      206: { description: "The requested byte range", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      ...errors(403, 404, 416),
    },
  }),
  async (c) => {
    const { token } = c.req.valid("param");
    const { exp, sig } = c.req.valid("query");
    const media = await c.get("services").media.open(token, exp, sig, c.req.header("range"));
    return new Response(media.body, { status: media.status, headers: media.headers });
  },
);
