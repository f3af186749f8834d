import { describe, it, expect } from "vitest";
import { env, createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { SignJWT, decodeJwt } from "jose";
import worker from "../../../worker/index";
import { api, registerUser, expectErrorShape } from "../../support/client";
import { base64url } from "../../../worker/shared/ids";
import { container } from "../../support/container";

// The constant the repository used to ship: anything signed with it must never be accepted again.
const FORMER_DEV_SECRET = "digital-self-local-development-secret-do-not-use-in-production";
const enc = new TextEncoder();

/** The Worker under an env with some vars overridden (undefined removes one). */
async function call(vars: Record<string, string | undefined>, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const e: Record<string, unknown> = { ...env, ...vars };
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete e[k];
  if (body !== undefined) headers["content-type"] = "application/json";
  const ctx = createExecutionContext();
  const res = await worker.fetch!(
    new Request(`http://example.com${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }) as any,
    e as any,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // media bytes stay text
  }
  return { status: res.status, body: parsed };
}

function forgeAccess(secret: string, sub: string, sid: string, opts: { exp?: boolean } = {}) {
  let jwt = new SignJWT({ sid, typ: "access" }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setSubject(sub).setIssuedAt().setIssuer("digital-self");
  if (opts.exp !== false) jwt = jwt.setExpirationTime("1h");
  return jwt.sign(enc.encode(secret));
}

/** A media URL in the former scheme: HMAC("media-url:v1:<secret>", "<key>\n<exp>"). */
async function forgeMediaUrl(secret: string, r2Key: string) {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const k = await crypto.subtle.importKey("raw", enc.encode(`media-url:v1:${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(`${r2Key}\n${exp}`)));
  return `/api/media/${base64url(enc.encode(r2Key))}?exp=${exp}&sig=${base64url(sig)}`;
}

const STAGING = { ENVIRONMENT: "staging", JWT_SECRET: undefined };

describe("secrets: no built-in secret", () => {
  it("an environment without JWT_SECRET refuses clearly: health says why, requests get a 503 in the error shape", async () => {
    const health = await call(STAGING, "GET", "/api/health");
    expect(health.status).toBe(503);
    expect(health.body.status).toBe("misconfigured");
    expect(health.body.problems.join(" ")).toMatch(/JWT_SECRET/);
    const login = await call(STAGING, "POST", "/api/auth/login", {}, { email: "a@example.com", password: "correct horse battery" });
    expect(login.status).toBe(503);
    expectErrorShape(login.body, "service_unavailable");
    expect(login.body.error.message).toMatch(/JWT_SECRET/);
    // Production without the secret is the same clear 503, not a bare 500.
    expect((await call({ ENVIRONMENT: "production", JWT_SECRET: undefined }, "GET", "/api/users/profile")).status).toBe(503);
    expect((await call({ ENVIRONMENT: "development", JWT_SECRET: undefined }, "GET", "/api/users/profile")).status).toBe(503);
  });

  it("a token forged with the former constant secret is refused (staging-like env and the configured one)", async () => {
    const a = await registerUser();
    const { sid } = decodeJwt(a.token) as { sid: string };
    const forged = await forgeAccess(FORMER_DEV_SECRET, a.user.id, sid);
    expect((await call(STAGING, "GET", "/api/users/profile", { authorization: `Bearer ${forged}` })).status).toBe(503);
    const r = await api("GET", "/api/users/profile", { token: forged });
    expect(r.status).toBe(401);
  });

  it("a media URL forged with the former constant secret (or in the former scheme) grants nothing", async () => {
    const a = await registerUser();
    const key = `users/${a.user.id}/knowledge/doc_forged`;
    await env.BUCKET.put(key, "the owner's original file");
    expect((await call(STAGING, "GET", await forgeMediaUrl(FORMER_DEV_SECRET, key))).status).toBe(503);
    expect((await api("GET", await forgeMediaUrl(FORMER_DEV_SECRET, key))).status).toBe(403);
    // Even with the real secret, the former derivation is not the media key any more.
    expect((await api("GET", await forgeMediaUrl(env.JWT_SECRET as string, key))).status).toBe(403);
  });

  it("media URLs grant only avatar/video objects, bound to their owner and expiry, verified exactly", async () => {
    const a = await registerUser();
    const urls = container(env as any).media.urls;
    // Knowledge originals are never media: the app refuses to sign them.
    await expect(urls.sign(`users/${a.user.id}/knowledge/doc_x`)).rejects.toThrow();
    const key = `users/${a.user.id}/videos/vid_test.mp4`;
    await env.BUCKET.put(key, "video bytes");
    const url = await urls.sign(key);
    expect((await api("GET", url)).status).toBe(200);
    const u = new URL(url, "http://x");
    const tamperedExp = new URL(u);
    tamperedExp.searchParams.set("exp", String(Number(u.searchParams.get("exp")) + 60));
    expect((await api("GET", tamperedExp.pathname + tamperedExp.search)).status).toBe(403);
    const other = await registerUser();
    const otherKey = `users/${other.user.id}/videos/vid_test.mp4`;
    const swapped = `/api/media/${base64url(enc.encode(otherKey))}${u.search}`;
    expect((await api("GET", swapped)).status).toBe(403);
  });

  it("every token needs exp, iss, type and session", async () => {
    const a = await registerUser();
    const { sid } = decodeJwt(a.token) as { sid: string };
    const noExp = await forgeAccess(env.JWT_SECRET as string, a.user.id, sid, { exp: false });
    expect((await api("GET", "/api/users/profile", { token: noExp })).status).toBe(401);
    const noIss = await new SignJWT({ sid, typ: "access" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(a.user.id)
      .setExpirationTime("1h")
      .sign(enc.encode(env.JWT_SECRET as string));
    expect((await api("GET", "/api/users/profile", { token: noIss })).status).toBe(401);
  });

  it("a visitor token does not reveal the owner's user id", async () => {
    const a = await registerUser();
    const link = (await api("POST", "/api/shares", { token: a.token, body: { label: "x" } })).body;
    const v = await api("POST", `/api/public/${link.token}/conversations`);
    expect(v.status).toBe(201);
    const raw = JSON.stringify(decodeJwt(v.body.visitorToken));
    expect(raw).not.toContain(a.user.id);
    // And it still works for that link.
    const history = await api("GET", `/api/public/${link.token}/conversations/${v.body.conversation.id}/messages`, {
      headers: { "x-visitor-token": v.body.visitorToken },
    });
    expect(history.status).toBe(200);
  });
});
