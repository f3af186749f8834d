import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser, clientWithEnv, expectErrorShape } from "../../support/client";

const NEW_PASSWORD = "a brand new passphrase";

const login = (email: string, password: string) => api("POST", "/api/auth/login", { body: { email, password } });
const passwordHash = async (userId: string) =>
  (await env.DB.prepare("SELECT password_hash AS h FROM users WHERE id = ?").bind(userId).first<{ h: string }>())!.h;

describe("change password: happy path", () => {
  it("the new password works, the old one fails, other sessions end at once and this one keeps working", async () => {
    const u = await registerUser();
    const other = await login(u.email, u.password); // the same user signed in on another device
    expect(other.status).toBe(200);
    // Warm the session cache for the other device, so the test sees revocation beat the cache.
    expect((await api("GET", "/api/auth/me", { token: other.body.tokens.accessToken })).status).toBe(200);

    const res = await api("POST", "/api/auth/password", { token: u.token, body: { currentPassword: u.password, newPassword: NEW_PASSWORD } });
    expect(res.status).toBe(204);

    expect((await login(u.email, u.password)).status).toBe(401);
    expect((await login(u.email, NEW_PASSWORD)).status).toBe(200);
    // The other device: access token and refresh token refused.
    const me = await api("GET", "/api/auth/me", { token: other.body.tokens.accessToken });
    expect(me.status).toBe(401);
    expectErrorShape(me.body, "unauthorized");
    expect((await api("POST", "/api/auth/refresh", { body: { refreshToken: other.body.tokens.refreshToken } })).status).toBe(401);
    // The session that changed it stays signed in, refresh included.
    expect((await api("GET", "/api/auth/me", { token: u.token })).status).toBe(200);
    expect((await api("POST", "/api/auth/refresh", { body: { refreshToken: u.refreshToken } })).status).toBe(200);
  });
});

describe("change password: errors", () => {
  it("a wrong current password → 403 in the error shape, nothing changes", async () => {
    const u = await registerUser();
    const other = await login(u.email, u.password);
    const before = await passwordHash(u.userId);
    const res = await api("POST", "/api/auth/password", { token: u.token, body: { currentPassword: "not my password", newPassword: NEW_PASSWORD } });
    expect(res.status).toBe(403);
    expectErrorShape(res.body, "forbidden");
    expect(res.body.error.message).toMatch(/current password/i);
    expect(await passwordHash(u.userId)).toBe(before);
    expect((await login(u.email, u.password)).status).toBe(200);
    expect((await api("GET", "/api/auth/me", { token: other.body.tokens.accessToken })).status).toBe(200);
  });

  it.each([
    ["a new password shorter than 8", { currentPassword: "correct horse battery", newPassword: "short" }],
    ["no current password", { newPassword: NEW_PASSWORD }],
    ["no new password", { currentPassword: "correct horse battery" }],
  ])("%s → 422", async (_label, body) => {
    const u = await registerUser();
    const before = await passwordHash(u.userId);
    const res = await api("POST", "/api/auth/password", { token: u.token, body });
    expect(res.status).toBe(422);
    expectErrorShape(res.body, "validation_failed");
    expect(await passwordHash(u.userId)).toBe(before);
  });

  it("needs a signed-in user", async () => {
    const res = await api("POST", "/api/auth/password", { body: { currentPassword: "x", newPassword: NEW_PASSWORD } });
    expect(res.status).toBe(401);
  });
});

describe("change password: security", () => {
  it("another user is unaffected: their password and sessions still work", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    const res = await api("POST", "/api/auth/password", { token: a.token, body: { currentPassword: a.password, newPassword: NEW_PASSWORD } });
    expect(res.status).toBe(204);
    expect((await api("GET", "/api/auth/me", { token: b.token })).status).toBe(200);
    expect((await login(b.email, b.password)).status).toBe(200);
  });

  it("guessing the current password with a stolen token is limited per user (AUTH_RATE_LIMIT_PER_MINUTE)", async () => {
    const limited = clientWithEnv({ AUTH_RATE_LIMIT_PER_MINUTE: "3" });
    const u = await limited.register();
    const guess = () => limited.api("POST", "/api/auth/password", { token: u.token, body: { currentPassword: "guess guess", newPassword: NEW_PASSWORD } });
    // register spent one of the per-IP credential bucket; the per-user bucket is separate.
    for (let i = 0; i < 3; i++) expect((await guess()).status).toBe(403);
    const res = await guess();
    expect(res.status).toBe(429);
    expectErrorShape(res.body, "rate_limited");
  });
});
