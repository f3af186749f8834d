import { describe, it, expect } from "vitest";
import { SignJWT } from "jose";
import { env } from "cloudflare:test";
import { api, registerUser, expectErrorShape } from "../../support/client";

const SECRET = new TextEncoder().encode("test-secret-that-is-long-enough-for-hs256-signing");

describe("auth: happy path", () => {
  it("register → login → me → refresh → logout, and the old refresh token is refused", async () => {
    const email = `Ada.${Date.now()}@Example.COM`;
    const reg = await api("POST", "/api/auth/register", { body: { name: " Ada ", email, password: "analytical-engine" } });
    expect(reg.status).toBe(201);
    expect(reg.body.user.email).toBe(email.toLowerCase());
    expect(reg.body.user.name).toBe("Ada");
    expect(reg.body.tokens.expiresIn).toBe(30 * 60);

    const login = await api("POST", "/api/auth/login", { body: { email: email.toUpperCase(), password: "analytical-engine" } });
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = login.body.tokens;

    const me = await api("GET", "/api/auth/me", { token: accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: reg.body.user.id, email: email.toLowerCase() });

    const refreshed = await api("POST", "/api/auth/refresh", { body: { refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(refreshToken);
    expect((await api("GET", "/api/auth/me", { token: refreshed.body.accessToken })).status).toBe(200);

    // Within the grace window (another tab refreshing at once) it answers with the same pair…
    const twin = await api("POST", "/api/auth/refresh", { body: { refreshToken } });
    expect(twin.status).toBe(200);
    expect(twin.body).toEqual(refreshed.body);
    // …after it (aged here instead of waited for), the rotated-out token no longer works…
    await env.DB.prepare("UPDATE refresh_tokens SET used_at = used_at - 60000 WHERE user_id = ? AND used_at IS NOT NULL").bind(reg.body.user.id).run();
    const replay = await api("POST", "/api/auth/refresh", { body: { refreshToken } });
    expect(replay.status).toBe(401);
    expectErrorShape(replay.body, "unauthorized");
    // …and its replay revoked the session, so the new pair is dead too (theft response).
    expect((await api("POST", "/api/auth/refresh", { body: { refreshToken: refreshed.body.refreshToken } })).status).toBe(401);
  });

  it("logout ends the session at once: access and refresh tokens stop working", async () => {
    const u = await registerUser();
    expect((await api("POST", "/api/auth/logout", { token: u.token })).status).toBe(204);
    const me = await api("GET", "/api/auth/me", { token: u.token });
    expect(me.status).toBe(401);
    expectErrorShape(me.body, "unauthorized");
    expect((await api("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } })).status).toBe(401);
    // Other sessions of the same user are unaffected.
    const again = await api("POST", "/api/auth/login", { body: { email: u.email, password: u.password } });
    expect((await api("GET", "/api/auth/me", { token: again.body.tokens.accessToken })).status).toBe(200);
  });
});

describe("auth: errors", () => {
  it("duplicate email (any case) → 409", async () => {
    const u = await registerUser();
    const res = await api("POST", "/api/auth/register", { body: { name: "X", email: u.email.toUpperCase(), password: "another-password" } });
    expect(res.status).toBe(409);
    expectErrorShape(res.body, "conflict");
  });

  it("wrong password and unknown email give the same 401", async () => {
    const u = await registerUser();
    const wrong = await api("POST", "/api/auth/login", { body: { email: u.email, password: "wrong-password" } });
    const unknown = await api("POST", "/api/auth/login", { body: { email: `nobody-${Date.now()}@example.com`, password: "wrong-password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it.each([
    ["missing fields", {}],
    ["bad email", { name: "A", email: "not-an-email", password: "long-enough" }],
    ["short password", { name: "A", email: "a@example.com", password: "short" }],
    ["empty name", { name: "   ", email: "a@example.com", password: "long-enough" }],
    ["wrong types", { name: 5, email: true, password: [] }],
  ])("register with %s → 422 in the error shape", async (_label, body) => {
    const res = await api("POST", "/api/auth/register", { body });
    expect(res.status).toBe(422);
    expectErrorShape(res.body, "validation_failed");
    expect(Array.isArray(res.body.error.details)).toBe(true);
  });

  it("malformed JSON → 400", async () => {
    const res = await api("POST", "/api/auth/login", { raw: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, "bad_request");
  });

  it("a JSON body over 1 MiB → 413", async () => {
    const res = await api("POST", "/api/auth/login", { body: { email: "a@example.com", password: "x".repeat(1_100_000) } });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, "payload_too_large");
  });

  it("refresh with an unknown token → 401", async () => {
    const res = await api("POST", "/api/auth/refresh", { body: { refreshToken: "definitely-not-a-real-token" } });
    expect(res.status).toBe(401);
    expectErrorShape(res.body);
  });
});

describe("auth: security", () => {
  async function session() {
    const u = await registerUser();
    const [header, payload] = u.token.split(".");
    const claims = JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")));
    return { u, header: header!, claims };
  }
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

  it("no token, garbage and a non-Bearer scheme → 401 with WWW-Authenticate", async () => {
    for (const headers of [{}, { authorization: "Bearer garbage" }, { authorization: "Basic YTpi" }] as Record<string, string>[]) {
      const res = await api("GET", "/api/users/profile", { headers });
      expect(res.status).toBe(401);
      expectErrorShape(res.body, "unauthorized");
    }
    expect((await api("GET", "/api/auth/me")).headers.get("www-authenticate")).toContain("Bearer");
  });

  it("tampered payload → 401", async () => {
    const { u, claims } = await session();
    const [h, , sig] = u.token.split(".");
    const forged = `${h}.${b64({ ...claims, sub: "usr_someone_else" })}.${sig}`;
    expect((await api("GET", "/api/auth/me", { token: forged })).status).toBe(401);
  });

  it("alg: none → 401", async () => {
    const { claims } = await session();
    const none = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
    expect((await api("GET", "/api/auth/me", { token: none })).status).toBe(401);
  });

  it("signed with another key → 401", async () => {
    const { claims } = await session();
    const other = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("another-secret-another-secret-another"));
    expect((await api("GET", "/api/auth/me", { token: other })).status).toBe(401);
  });

  it("expired → 401 'Token expired'", async () => {
    const { claims } = await session();
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }).setProtectedHeader({ alg: "HS256" }).sign(SECRET);
    const res = await api("GET", "/api/auth/me", { token: expired });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe("Token expired");
  });

  it("a correctly signed token of another type (a WebSocket ticket) is not an access token", async () => {
    const { claims } = await session();
    const ticket = await new SignJWT({ ...claims, typ: "ws" }).setProtectedHeader({ alg: "HS256" }).sign(SECRET);
    expect((await api("GET", "/api/auth/me", { token: ticket })).status).toBe(401);
  });

  it("passwords are stored as versioned PBKDF2 hashes, never in clear", async () => {
    const { env } = await import("cloudflare:test");
    const u = await registerUser();
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(u.user.id).first<{ password_hash: string }>();
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[\w-]+\$[\w-]+$/);
    expect(row!.password_hash).not.toContain(u.password);
  });
});

describe("auth: the OAuth2 token shape for snake_case clients (RFC 6749 §5.1, §6)", () => {
  it("login gives refresh_token beside access_token, and refresh takes and gives it in the same form", async () => {
    const email = `oauth.${Date.now()}@example.com`;
    await api("POST", "/api/auth/register", { body: { name: "Oauth", email, password: "analytical-engine" } });
    const login = await api("POST", "/api/auth/login", { body: { email, password: "analytical-engine" } });
    expect(login.body.refresh_token).toBe(login.body.tokens.refreshToken);
    const refreshed = await api("POST", "/api/auth/refresh", { body: { refresh_token: login.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBe(refreshed.body.refreshToken);
    expect((await api("GET", "/api/auth/me", { token: refreshed.body.access_token })).status).toBe(200);
    // Neither field: still the one 422.
    const none = await api("POST", "/api/auth/refresh", { body: {} });
    expect(none.status).toBe(422);
    expectErrorShape(none.body);
  });
});
