import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser, expectErrorShape } from "./helpers";

const refresh = (refreshToken: string) => api("POST", "/api/auth/refresh", { body: { refreshToken } });

/** Moves a used refresh token's use back in time, as if the grace window had passed. */
async function ageUse(userId: string, ms: number) {
  await env.DB.prepare("UPDATE refresh_tokens SET used_at = used_at - ? WHERE user_id = ? AND used_at IS NOT NULL").bind(ms, userId).run();
}

describe("refresh: concurrent use of one token (two tabs)", () => {
  it("10 parallel refreshes with one token: all 200 with the same new pair, and the session lives on", async () => {
    const u = await registerUser();
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(u.refreshToken)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const pairs = new Set(results.map((r) => `${r.body.accessToken} ${r.body.refreshToken}`));
    expect(pairs.size).toBe(1);
    const { accessToken, refreshToken } = results[0]!.body;
    expect(refreshToken).not.toBe(u.refreshToken);
    expect((await api("GET", "/api/auth/me", { token: accessToken })).status).toBe(200);
    expect((await api("GET", "/api/auth/me", { token: u.token })).status).toBe(200);
    // The new refresh token rotates normally.
    const next = await refresh(refreshToken);
    expect(next.status).toBe(200);
    expect(next.body.refreshToken).not.toBe(refreshToken);
  });

  it("D1 holds no refresh token in plaintext, the shared successor included", async () => {
    const u = await registerUser();
    const [a, b] = await Promise.all([refresh(u.refreshToken), refresh(u.refreshToken)]);
    expect(a.body.refreshToken).toBe(b.body.refreshToken);
    const rows = (await env.DB.prepare("SELECT * FROM refresh_tokens WHERE user_id = ?").bind(u.user.id).all()).results;
    expect(rows).toHaveLength(2); // the original and one successor, however many requests raced
    const dump = JSON.stringify(rows);
    for (const secret of [u.refreshToken, a.body.refreshToken]) expect(dump).not.toContain(secret);
  });
});

describe("refresh: replay outside the grace window still revokes", () => {
  it("a used token presented after the window → 401 and the session is revoked", async () => {
    const u = await registerUser();
    const first = await refresh(u.refreshToken);
    expect(first.status).toBe(200);
    await ageUse(u.user.id, 60_000);
    const replay = await refresh(u.refreshToken);
    expect(replay.status).toBe(401);
    expectErrorShape(replay.body, "unauthorized");
    expect((await refresh(first.body.refreshToken)).status).toBe(401);
    expect((await api("GET", "/api/auth/me", { token: first.body.accessToken })).status).toBe(401);
  });

  it("within the window, once the successor was itself rotated, the old token is a replay", async () => {
    const u = await registerUser();
    const first = await refresh(u.refreshToken);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
    expect((await refresh(u.refreshToken)).status).toBe(401);
    expect((await api("GET", "/api/auth/me", { token: second.body.accessToken })).status).toBe(401);
  });
});
