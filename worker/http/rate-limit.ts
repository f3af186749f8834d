import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { AppError } from "../shared/errors";
import type { Admission, RateLimitResult } from "../platform/rate-limit/port";
import type { AppEnv } from "./app-env";

const WINDOW_SECONDS = 60;
let lastWarn = 0;

/** Both header families: the IETF draft's RateLimit-* (reset = seconds left) and the common X-RateLimit-* (reset = epoch seconds). */
export function rateLimitHeaders(r: RateLimitResult, now = Date.now()): Record<string, string> {
  const secondsLeft = String(Math.max(1, Math.ceil((r.reset - now) / 1000)));
  return {
    "RateLimit-Limit": String(r.limit),
    "RateLimit-Remaining": String(r.remaining),
    "RateLimit-Reset": secondsLeft,
    "X-RateLimit-Limit": String(r.limit),
    "X-RateLimit-Remaining": String(r.remaining),
    "X-RateLimit-Reset": String(Math.ceil(r.reset / 1000)),
  };
}

/**
 * Counts this request against `key`; sets the headers on the response, or throws a 429 in the
 * one error shape with Retry-After. A failing limiter lets the request through (fails open):
 * an outage of the counter store must not take the API down with it.
 */
export async function enforceRateLimit(c: Context<AppEnv>, key: string, limit: number): Promise<void> {
  const r = await failOpen(() => c.get("services").rateLimiter.limit(key, limit, WINDOW_SECONDS));
  const rejection = r && applyLimit(c, r);
  if (rejection) throw rejection;
}

async function failOpen<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (Date.now() - lastWarn > 10_000) {
      lastWarn = Date.now();
      console.warn(JSON.stringify({ level: "warn", msg: "rate limiter failed; allowing the request", error: String(err) }));
    }
    return null;
  }
}

/** Sets the headers of an allowed request; returns the 429 (in the one error shape, with Retry-After) of a refused one. */
function applyLimit(c: Context<AppEnv>, r: RateLimitResult): AppError | null {
  const headers = rateLimitHeaders(r);
  if (!r.success) {
    return new AppError("rate_limited", `Too many requests; try again in ${headers["RateLimit-Reset"]} s`, undefined, {
      ...headers,
      "Retry-After": headers["RateLimit-Reset"]!,
    });
  }
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return null;
}

/**
 * Who the caller is for the per-IP buckets. Behind Cloudflare (config.trustClientIpHeader) that
 * is CF-Connecting-IP, which the edge sets and clients cannot forge. Anywhere else the header is
 * whatever the client sent (wrangler/miniflare only fills it in when it is absent), so rotating
 * it must not buy fresh buckets: locally the caller is the one machine the dev server listens
 * on, the only connection identity a Worker can see there. A trusted deployment that somehow
 * gets no header falls back to the caller's network (ASN + colo from request.cf), never to one
 * bucket shared by everybody.
 */
export function clientIdentity(c: Context<AppEnv>): string {
  if (!c.get("services").config.trustClientIpHeader) return "local";
  const ip = c.req.header("cf-connecting-ip")?.trim();
  if (ip) return ip;
  const cf = (c.req.raw as { cf?: { asn?: unknown; colo?: unknown } }).cf;
  return `net:${String(cf?.asn ?? "?")}:${String(cf?.colo ?? "?")}`;
}

/**
 * Per-IP limit for routes used without an access token, each bucket counted separately:
 * "credentials" (login, register) the strict AUTH_RATE_LIMIT_PER_MINUTE, "refresh" the general
 * RATE_LIMIT_PER_MINUTE, "public" (share-link visitors) PUBLIC_RATE_LIMIT_PER_MINUTE.
 */
export const limitByIp = (bucket: "credentials" | "refresh" | "public") =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { config } = c.get("services");
    const limit = { credentials: config.authRateLimitPerMinute, refresh: config.rateLimitPerMinute, public: config.publicRateLimitPerMinute }[bucket];
    await enforceRateLimit(c, `ip:${bucket}:${clientIdentity(c)}`, limit);
    await next();
  });

/**
 * Per-user limit (RATE_LIMIT_PER_MINUTE), which requireAuth applies to every authenticated route,
 * and in the same round trip the user's cache epoch (RateLimiter.admit). The 429 is returned, not
 * thrown, so requireAuth can still answer 401 for a dead session. A failing limiter lets the
 * request through without an epoch (then nothing is served from this isolate's first level).
 */
export async function admitUser(c: Context<AppEnv>, userId: string, scope: string): Promise<{ epoch?: number; rejection: AppError | null }> {
  const { rateLimiter, config } = c.get("services");
  const waitUntil = executionContext(c)?.waitUntil.bind(c.executionCtx);
  const r: Admission | null = await failOpen(() => rateLimiter.admit(`user:${userId}`, config.rateLimitPerMinute, WINDOW_SECONDS, scope, { waitUntil }));
  if (!r) return { rejection: null };
  return { epoch: r.epoch, rejection: applyLimit(c, r) };
}

/** The request's ExecutionContext; Hono's getter throws when the app is called without one (app.request in tests). */
function executionContext(c: Context<AppEnv>): Context<AppEnv>["executionCtx"] | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/**
 * Routes that check a signed-in user's password (change it, delete the account): per user under
 * the strict AUTH_RATE_LIMIT_PER_MINUTE, so a stolen access token cannot guess the password at the
 * general rate. Per user rather than per IP: locally every caller is one IP and shares login's bucket.
 * Goes after requireAuth.
 */
export const limitPasswordChecks = createMiddleware<AppEnv>(async (c, next) => {
  await enforceRateLimit(c, `user-credentials:${c.get("auth").userId}`, c.get("services").config.authRateLimitPerMinute);
  await next();
});
