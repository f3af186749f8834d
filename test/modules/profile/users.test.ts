import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser, expectErrorShape } from "../../support/client";

describe("users: profile", () => {
  it("starts with defaults and round-trips an update", async () => {
    const u = await registerUser("Grace");
    const initial = await api("GET", "/api/users/profile", { token: u.token });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({
      name: "Grace",
      personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 50 },
      onboarding: { step: 1, completed: false },
    });

    const update = {
      name: "Grace Hopper",
      headline: "Computer scientist",
      bio: "I taught computers to understand English.",
      website: "https://example.com",
      personality: { formality: 20, humor: 90 },
      onboarding: { step: 3 },
    };
    const put = await api("PUT", "/api/users/profile", { token: u.token, body: update });
    expect(put.status).toBe(200);
    const read = await api("GET", "/api/users/profile", { token: u.token });
    expect(read.body).toMatchObject({
      name: "Grace Hopper",
      headline: "Computer scientist",
      bio: update.bio,
      personality: { formality: 20, enthusiasm: 50, verbosity: 50, humor: 90 },
      onboarding: { step: 3, completed: false },
    });
    expect((await api("GET", "/api/auth/me", { token: u.token })).body.name).toBe("Grace Hopper");
  });

  it.each([
    ["slider above 100", { personality: { humor: 101 } }],
    ["slider not an integer", { personality: { humor: 5.5 } }],
    ["unknown slider", { personality: { sarcasm: 3 } }],
    ["onboarding step 6", { onboarding: { step: 6 } }],
    ["unknown field", { password_hash: "x" }],
    ["bad website", { website: "javascript:alert(1)" }],
  ])("rejects %s with 422 and changes nothing", async (_label, body) => {
    const u = await registerUser();
    const before = await api("GET", "/api/users/profile", { token: u.token });
    const res = await api("PUT", "/api/users/profile", { token: u.token, body });
    expect(res.status).toBe(422);
    expectErrorShape(res.body, "validation_failed");
    const after = await api("GET", "/api/users/profile", { token: u.token });
    expect(after.body).toEqual(before.body);
  });
});

describe("users: export and deletion", () => {
  it("export contains the profile and no secrets", async () => {
    const u = await registerUser("Exporter");
    await api("PUT", "/api/users/profile", { token: u.token, body: { bio: "Export me" } });
    const res = await api("GET", "/api/users/me/export", { token: u.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    expect(res.body.data.user.email).toBe(u.email.toLowerCase());
    expect(res.body.data.profile.bio).toBe("Export me");
    expect(JSON.stringify(res.body)).not.toMatch(/password|token_hash|pbkdf2/);
  });

  it("delete removes the account, its rows and its files; the token stops working", async () => {
    const u = await registerUser();
    await env.BUCKET.put(`users/${u.user.id}/notes/a.txt`, "hello");
    const res = await api("DELETE", "/api/users/me", { token: u.token });
    expect(res.status).toBe(204);
    expect((await api("GET", "/api/users/profile", { token: u.token })).status).toBe(401);
    for (const table of ["users", "profiles", "sessions", "refresh_tokens"]) {
      const col = table === "users" ? "id" : "user_id";
      const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${col} = ?`).bind(u.user.id).first<{ n: number }>();
      expect(row!.n, table).toBe(0);
    }
    expect((await env.BUCKET.list({ prefix: `users/${u.user.id}/` })).objects).toHaveLength(0);
    expect((await api("POST", "/api/auth/login", { body: { email: u.email, password: u.password } })).status).toBe(401);
  });
});

describe("users: isolation", () => {
  it("deleting one account leaves another untouched", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    await env.BUCKET.put(`users/${b.user.id}/keep.txt`, "keep");
    await api("DELETE", "/api/users/me", { token: a.token });
    expect((await api("GET", "/api/users/profile", { token: b.token })).body.name).toBe("B");
    expect(await env.BUCKET.get(`users/${b.user.id}/keep.txt`)).not.toBeNull();
  });
});
