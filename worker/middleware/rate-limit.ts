import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { AppError } from "../lib/errors";
import type { RateLimitResult } from "../ports/rate-limiter";
import type { AppEnv } from "./services";

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
  let r: RateLimitResult;
  try {
    r = await c.get("services").rateLimiter.limit(key, limit, WINDOW_SECONDS);
  } catch (err) {
    if (Date.now() - lastWarn > 10_000) {
      lastWarn = Date.now();
      console.warn(JSON.stringify({ level: "warn", msg: "rate limiter failed; allowing the request", error: String(err) }));
    }
    return;
  }
  const headers = rateLimitHeaders(r);
  if (!r.success) {
    throw new AppError("rate_limited", `Too many requests; try again in ${headers["RateLimit-Reset"]} s`, undefined, {
      ...headers,
      "Retry-After": headers["RateLimit-Reset"]!,
    });
  }
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
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

/** Per-user limit (RATE_LIMIT_PER_MINUTE); requireAuth applies it to every authenticated route. */
export const limitUser = (c: Context<AppEnv>, userId: string) => enforceRateLimit(c, `user:${userId}`, c.get("services").config.rateLimitPerMinute);
