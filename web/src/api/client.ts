import { hc } from "hono/client";
import type { AppType } from "@worker/app";
import { session } from "../stores/session";

/** Thrown for any non-2xx answer; carries the server's one error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token once for everyone waiting; false means "sign in again". */
export async function refreshTokens(): Promise<boolean> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return false;
  refreshing ??= (async () => {
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
  })().finally(() => (refreshing = null));
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
const origin = typeof location !== "undefined" && location.origin.startsWith("http") ? location.origin : "http://localhost";
export const client = hc<AppType>(origin, { fetch: authFetch });

/** The server's one error shape as an ApiError (also used by the fetch/XHR paths: SSE, uploads). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; requestId?: string } } | null)?.error;
  return new ApiError(status, e?.code ?? "error", e?.message ?? `Request failed (${status})`, e?.requestId ?? null);
}

/** Unwraps a typed hono/client response or throws ApiError with the server's message. */
export async function unwrap<T>(p: Promise<{ ok: boolean; status: number; json(): Promise<T> } & Response>): Promise<T> {
  const res = await p;
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as any;
  if (!res.ok) throw apiErrorFrom(res.status, body);
  return body as T;
}
