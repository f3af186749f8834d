import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { unzipSync, strFromU8 } from "fflate";
import { api, client, registerUser, expectErrorShape } from "../../support/client";
import { upload } from "../../support/knowledge";
import { newConversation } from "../../support/chat";

/** Deleting the account asks for the password (a stolen token alone cannot destroy it). */
const deleteAccount = (u: { token: string; password: string }) => api("DELETE", "/api/users/me", { token: u.token, body: { password: u.password } });

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

  // Walk-through: the export was a database dump: citations and off-limits topics as JSON inside strings, flags as 0/1
  // and every date as milliseconds since 1970, which a person opening the file cannot read.
  it("reads as data: dates as ISO 8601, citations and topics as lists, flags as true or false", async () => {
    const u = await registerUser("Reader");
    await api("PUT", "/api/audience/guardrails", { token: u.token, body: { topics: ["politics"], refusal: "" } });
    const conv = await newConversation(u.token);
    await api("POST", "/api/chat/send", { token: u.token, body: { conversation_id: conv.id, message: "Hello there" } });
    const { data } = (await api("GET", "/api/users/me/export", { token: u.token })).body;
    expect(data.user.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(data.profile.updated_at).toMatch(/^\d{4}-/);
    expect(data.profile.onboarding_completed).toBe(false);
    expect(data.profile.always_video_replies).toBe(false);
    expect(data.guardrails[0].topics).toEqual(["politics"]);
    expect(data.messages.length).toBeGreaterThanOrEqual(2);
    for (const m of data.messages) expect(Array.isArray(m.citations)).toBe(true);
    expect(data.sessions[0].revoked_at).toBeNull();
  });

  it("lists each share link with its address, as the Shares page shows it", async () => {
    const u = await registerUser("Sharer");
    const link = (await api("POST", "/api/shares", { token: u.token, body: { label: "website" } })).body;
    const { data } = (await api("GET", "/api/users/me/export", { token: u.token })).body;
    expect(data.shareLinks).toHaveLength(1);
    expect(data.shareLinks[0]).toMatchObject({ id: link.id, label: "website", url: link.url, revoked_at: null });
  });

  it("delete removes the account, its rows and its files; the token stops working", async () => {
    const u = await registerUser();
    await env.BUCKET.put(`users/${u.user.id}/notes/a.txt`, "hello");
    const res = await deleteAccount(u);
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

describe("users: deletion needs the password", () => {
  const stillThere = async (u: { token: string; userId: string }) => {
    expect((await api("GET", "/api/users/profile", { token: u.token })).status).toBe(200);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM users WHERE id = ?").bind(u.userId).first<{ n: number }>();
    expect(row!.n).toBe(1);
    expect(await env.BUCKET.get(`users/${u.userId}/notes/a.txt`)).not.toBeNull();
  };

  it("a wrong password → 403, nothing deleted", async () => {
    const u = await registerUser();
    await env.BUCKET.put(`users/${u.userId}/notes/a.txt`, "hello");
    const res = await api("DELETE", "/api/users/me", { token: u.token, body: { password: "not my password" } });
    expect(res.status).toBe(403);
    expectErrorShape(res.body, "forbidden");
    expect(res.body.error.message).toMatch(/password/i);
    await stillThere(u);
  });

  it.each([
    ["no body at all", {}],
    ["an empty JSON object", { body: {} }],
    ["an empty password", { body: { password: "" } }],
  ])("%s → 422 saying the password is needed, nothing deleted", async (_label, opts) => {
    const u = await registerUser();
    await env.BUCKET.put(`users/${u.userId}/notes/a.txt`, "hello");
    const res = await api("DELETE", "/api/users/me", { token: u.token, ...opts });
    expect(res.status).toBe(422);
    expectErrorShape(res.body, "validation_failed");
    expect(res.body.error.message).toMatch(/password/i);
    await stillThere(u);
  });
});

describe("users: export as a ZIP with the files", () => {
  it("?format=zip unzips to export.json and every uploaded file, byte-identical", async () => {
    const u = await registerUser("Zipper");
    await api("PUT", "/api/users/profile", { token: u.token, body: { bio: "Zip me" } });
    const bytes = new TextEncoder().encode("My notes about bouldering and the sea.\n");
    const doc = await upload(u.token, new Blob([bytes], { type: "text/plain" }), "climbing notes.txt");
    expect(doc.status).toBe(202);
    // Random bytes (incompressible, not text), several stream chunks long.
    const binary = new Uint8Array(300_000);
    for (let i = 0; i < binary.length; i += 65_536) crypto.getRandomValues(binary.subarray(i, i + 65_536));
    await env.BUCKET.put(`users/${u.userId}/avatars/avt_x/source.mp4`, binary);

    const res = await client.api.users.me.export.$get({ query: { format: "zip" } }, { headers: { authorization: `Bearer ${u.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="digital-self-export-.*\.zip"/);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files).sort();
    expect(names).toEqual(["export.json", "files/avatars/avt_x/source.mp4", `files/knowledge/${doc.body.id}-climbing notes.txt`]);
    const json = JSON.parse(strFromU8(files["export.json"]!));
    expect(json.data.user.email).toBe(u.email.toLowerCase());
    expect(json.data.profile.bio).toBe("Zip me");
    expect(files[`files/knowledge/${doc.body.id}-climbing notes.txt`]).toEqual(bytes);
    expect(files["files/avatars/avt_x/source.mp4"]).toEqual(binary);
    // The JSON names where each listed file sits in the archive.
    expect(json.files.map((f: { path: string }) => f.path).sort()).toEqual(names.slice(1));
  });

  it("asking with Accept: application/zip gives the ZIP too; the plain export stays JSON", async () => {
    const u = await registerUser();
    const zip = await api("GET", "/api/users/me/export", { token: u.token, headers: { accept: "application/zip" } });
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const plain = await api("GET", "/api/users/me/export", { token: u.token, headers: { accept: "application/json, */*" } });
    expect(plain.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("an unknown format → 422", async () => {
    const u = await registerUser();
    const res = await api("GET", "/api/users/me/export?format=tar", { token: u.token });
    expect(res.status).toBe(422);
    expectErrorShape(res.body, "validation_failed");
  });

  it("one user's ZIP holds none of another user's files", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    await env.BUCKET.put(`users/${b.userId}/avatars/avt_b/source.mp4`, "b's video");
    const res = await client.api.users.me.export.$get({ query: { format: "zip" } }, { headers: { authorization: `Bearer ${a.token}` } });
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual(["export.json"]);
    expect(strFromU8(files["export.json"]!)).not.toContain(b.userId);
  });
});

describe("users: isolation", () => {
  it("deleting one account leaves another untouched", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    await env.BUCKET.put(`users/${b.user.id}/keep.txt`, "keep");
    expect((await deleteAccount(a)).status).toBe(204);
    expect((await api("GET", "/api/users/profile", { token: b.token })).body.name).toBe("B");
    expect(await env.BUCKET.get(`users/${b.user.id}/keep.txt`)).not.toBeNull();
  });
});
