import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError } from "../shared/errors";
import type { AppEnv } from "./app-env";

/**
 * Every resource router: zod failures become the one error shape (422) with the issues listed.
 * `beforeInvalid` runs first when a request fails validation and may throw its own error: the public
 * routes say 404 for a link that does not exist, whatever the body, as a signed-in route says 401 first.
 */
export function createRouter(opts: { beforeInvalid?: (c: Context<AppEnv>) => Promise<unknown> } = {}) {
  const router = new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: async (result, c) => {
      if (!result.success) {
        await opts.beforeInvalid?.(c);
        const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        const first = issues[0];
        throw new AppError("validation_failed", first ? `${first.path || "request"}: ${first.message}` : "Request is invalid", issues);
      }
    },
  });
  // A body that is not JSON at all fails in Hono's validator, before the hook above: the same check runs first there too.
  // Either error is thrown on to the app's handler, which gives it the one error shape.
  const { beforeInvalid } = opts;
  if (beforeInvalid)
    router.onError(async (err, c) => {
      if (err instanceof HTTPException && err.status === 400) await beforeInvalid(c);
      throw err;
    });
  return router;
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string(),
      requestId: z.string().nullable(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

const DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request",
  401: "Missing, invalid or expired credentials",
  403: "Not allowed",
  404: "Not found (or not yours)",
  409: "Conflict",
  411: "Content-Length required",
  413: "Too large",
  415: "Unsupported media type",
  416: "Range not satisfiable",
  422: "Validation failed",
  429: "Rate limited",
  503: "A provider is unavailable",
};

/** OpenAPI response entries for the listed error statuses, all in the one error shape. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, { description: DESCRIPTIONS[s] ?? "Error", content: { "application/json": { schema: ErrorSchema } } }]));
}

export const json = <T extends z.ZodType>(schema: T, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

// Either scheme authorizes: a pasted JWT (Bearer) or Swagger UI's OAuth2 password flow.
export const bearer: Record<string, string[]>[] = [{ Bearer: [] }, { OAuth2: [] }];
