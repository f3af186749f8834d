import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./services";

const enc = new TextEncoder();

/**
 * CSP for what the Worker answers under /api: JSON, SSE, media bytes. None of it is a document
 * that should run anything or be framed. (The SPA's HTML and assets get theirs from
 * web/public/_headers, served by the static-assets server.)
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const setHeader = (res: Response, name: string, value: string) => {
  try {
    res.headers.set(name, value);
  } catch {
    // immutable headers (a WebSocket upgrade answered by a Durable Object): nothing to protect there
  }
};

/** Sets API_CSP on every /api response that did not set its own (the docs page does). */
export const apiCsp = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has("content-security-policy")) setHeader(c.res, "Content-Security-Policy", API_CSP);
});

const sha256 = async (s: string) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(s)))));

/**
 * CSP for the Swagger UI page: its bundle and stylesheet are same-origin (/vendor); its one
 * inline bootstrap script is allowed by its hash, computed from the page actually served, so a
 * library update cannot silently break it and no other inline script can run. Swagger UI sets
 * inline styles, hence 'unsafe-inline' for styles only.
 */
export const docsCsp = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const html = await c.res.clone().text();
  const hashes = await Promise.all([...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(async (m) => `'sha256-${await sha256(m[1]!)}'`));
  setHeader(
    c.res,
    "Content-Security-Policy",
    `default-src 'self'; script-src 'self' ${hashes.join(" ")}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
  );
});
