import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errors } from "../../http/router";
import { AppError, notFound } from "../../shared/errors";

/** Parses a single `bytes=` range against `size`; null = serve the whole object (absent, multi or malformed). */
export function parseRange(header: string | undefined, size: number): { offset: number; length: number } | "unsatisfiable" | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    const offset = Math.max(0, size - n);
    return { offset, length: size - offset };
  }
  const start = Number(m[1]);
  if (start >= size) return "unsatisfiable";
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (end < start) return null;
  return { offset: start, length: end - start + 1 };
}

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
    const { mediaUrls, bucket } = c.get("services");
    const key = await mediaUrls.verify(token, exp, sig);
    if (!key) throw new AppError("forbidden", "This media link is invalid or has expired; reload to get a fresh one");
    const head = await bucket.head(key);
    if (!head) throw notFound("Media");

    const range = parseRange(c.req.header("range"), head.size);
    if (range === "unsatisfiable") {
      throw new AppError("range_not_satisfiable", `The file has ${head.size} bytes`, undefined, { "Content-Range": `bytes */${head.size}` });
    }
    const obj = await bucket.get(key, range ? { range } : undefined);
    if (!obj) throw notFound("Media");
    const headers = new Headers({
      "Content-Type": head.httpMetadata?.contentType ?? "application/octet-stream",
      "Accept-Ranges": "bytes",
      "Cache-Control": `private, max-age=${Math.max(0, exp - Math.floor(Date.now() / 1000))}`,
      ETag: head.httpEtag,
      "Content-Length": String(range ? range.length : head.size),
    });
    if (range) headers.set("Content-Range", `bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}`);
    return new Response(obj.body, { status: range ? 206 : 200, headers });
  },
);
