import { hc, type ClientResponse } from "hono/client";
import type { AppType } from "@worker/app";
import { session } from "../stores/session";

/** Thrown for any non-2xx answer; carries the server's one error shape (and its Retry-After, in seconds, when it sent one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly extra: { details?: unknown; retryAfter?: number } = {},
  ) {
    super(message);
  }
}

let refreshing: Promise<boolean> | null = null;

const REFRESH_LOCK = "digital-self.refresh";

/**
 * Runs `fn` holding the cross-tab refresh lock (Web Locks API), so two tabs never spend one
 * refresh token at once. Without the API it just runs: the server answers requests racing within
 * its grace window with the same pair, so racing tabs still stay signed in.
 */
function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  return locks ? (locks.request(REFRESH_LOCK, fn) as Promise<T>) : fn();
}

/** Exchanges the refresh token once for everyone waiting (in this tab and others); false means "sign in again". */
export async function refreshTokens(): Promise<boolean> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return false;
  refreshing ??= withRefreshLock(async () => {
    // Another tab may have refreshed while this one waited for the lock: use its pair.
    const stored = session.reload();
    if (!stored) return false;
    if (stored !== refreshToken) return true;
    const res = await fetch("/api/auth/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    });
    if (!res.ok) {
      session.clear();
      return false;
    }
    session.setTokens(await res.json());
    return true;
  }).finally(() => (refreshing = null));
  return refreshing;
}

/** fetch with the access token, one transparent refresh on 401. */
export async function authFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const withAuth = (): RequestInit => {
    const headers = new Headers(init.headers);
    const token = session.accessToken();
    if (token) headers.set("authorization", `Bearer ${token}`);
    return { ...init, headers };
  };
  let res = await fetch(input, withAuth());
  if (res.status === 401 && session.refreshToken() && (await refreshTokens())) res = await fetch(input, withAuth());
  return res;
}

// An absolute same-origin base: hc's $url() builds a URL object, which a bare "/" cannot be.
export const origin = typeof location !== "undefined" && location.origin.startsWith("http") ? location.origin : "http://localhost";
export const client = hc<AppType>(origin, { fetch: authFetch });
/** The same API without the account: a share-page visitor must never send the owner's bearer token. */
export const anonymousClient = hc<AppType>(origin);

/** The server's one error shape as an ApiError (also used by the fetch/XHR paths: SSE, uploads). */
export function apiErrorFrom(status: number, body: unknown, headers?: Headers): ApiError {
  const e = (body as { error?: { code?: string; message?: string; requestId?: string; details?: unknown } } | null)?.error;
  return new ApiError(status, e?.code ?? "error", e?.message ?? STATUS_REASONS[status] ?? `Request failed (${status})`, e?.requestId ?? null, {
    details: e?.details,
    retryAfter: retryAfterSeconds(headers?.get("retry-after")),
  });
}

/** Retry-After as seconds: either form HTTP allows (delay-seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterSeconds(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

// When the body is not the API's error shape (a proxy or the platform answered), still say why.
const STATUS_REASONS: Record<number, string> = {
  408: "The server took too long to receive the request (408)",
  413: "The file is too large for the server (413)",
  429: "Too many requests; wait a moment and try again (429)",
  500: "The server failed on its side (500)",
  502: "The server is unreachable right now (502)",
  503: "The service is unavailable right now; try again shortly (503)",
  504: "The server took too long to answer (504)",
};

/** The body type of a typed hono/client response's 2xx answers (undefined for 204). */
export type OkBody<R> = R extends ClientResponse<infer B, infer S, infer _F> ? (S extends 204 ? undefined : S extends 200 | 201 | 202 ? B : never) : never;

/** Unwraps a typed hono/client response to its 2xx body, or throws ApiError with the server's message. */
export async function unwrap<R extends ClientResponse<unknown>>(p: Promise<R>): Promise<OkBody<R>> {
  const res = await p;
  if (res.status === 204) return undefined as OkBody<R>;
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw apiErrorFrom(res.status, body, res.headers);
  return body as OkBody<R>;
}
