import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  /** A retried chat send (client_message_id) whose first attempt is still answering: try again shortly. */
  | "answer_in_progress"
  | "length_required"
  | "payload_too_large"
  | "unsupported_media_type"
  | "range_not_satisfiable"
  | "rate_limited"
  | "upstream_unavailable"
  | "service_unavailable"
  | "internal_error";

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  answer_in_progress: 409,
  length_required: 411,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  rate_limited: 429,
  upstream_unavailable: 503,
  service_unavailable: 503,
  internal_error: 500,
};

/** The one error type: thrown anywhere, rendered by the one onError as {error:{code,message,requestId}}. */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);

/** Thrown by a background job for failures a retry cannot fix (a corrupt file, a missing subject): no retries. */
export class PermanentJobError extends Error {}
