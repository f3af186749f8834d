import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError, type ErrorCode } from "../shared/errors";
import type { AppEnv } from "./app-env";

export function errorBody(c: Context<AppEnv>, code: ErrorCode | string, message: string, details?: unknown) {
  const error: Record<string, unknown> = { code, message, requestId: c.get("requestId") ?? null };
  if (details !== undefined) error.details = details;
  return { error };
}

const HTTP_CODES: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "validation_failed",
  429: "rate_limited",
};

/** The one error renderer: AppError as-is, Hono's HTTPExceptions mapped, anything else a 500 without internals. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof AppError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    return c.json(errorBody(c, err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = HTTP_CODES[status] ?? (status >= 500 ? "internal_error" : "bad_request");
    const message = status === 413 ? "Request body is too large" : status === 415 ? unsupportedType(c) : err.message || code.replace(/_/g, " ");
    return c.json(errorBody(c, code, message), status);
  }
  if (err instanceof SyntaxError) {
    return c.json(errorBody(c, "bad_request", "Malformed JSON body"), 400);
  }
  console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), path: c.req.path, message: String(err), stack: (err as Error).stack }));
  return c.json(errorBody(c, "internal_error", "Something went wrong on our side"), 500);
};

// The OpenAPI router's media-type gate says only "Unsupported Media Type"; a client sending a raw file or a form
// needs to hear what it sent and what the API takes.
const unsupportedType = (c: Context<AppEnv>) =>
  `Content-Type "${c.req.header("content-type")?.split(";")[0] ?? "none"}" is not accepted by ${c.req.method} ${c.req.path}: JSON bodies are application/json, and file uploads are multipart/form-data with the file in a "file" field (see /api/docs)`;

export const onNotFound: NotFoundHandler<AppEnv> = (c) => c.json(errorBody(c, "not_found", `No route for ${c.req.method} ${c.req.path}`), 404);
