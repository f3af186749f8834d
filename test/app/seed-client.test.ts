import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { api, expectErrorShape, registerUser } from "../support/client";
import { fakeFile, fixtures, insertReply, mediaBytes, mediaSkip, waitFor, waitForAvatar } from "../support/media";

// A client written against the seed (FastAPI) must work unchanged: multipart UploadFile,
// OAuth2 token fields and password form, skip/limit, generate_video on chat/send.

/** Sends a multipart/form-data request exactly as a browser/httpx client would (FormData body). */
async function multipart(path: string, token: string, form: FormData, headers: Record<string, string> = {}) {
  const res: Response = await (exports as any).default.fetch(
    new Request(`http://example.com${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, ...headers }, body: form }),
  );
  if (res.status >= 500) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Byte equality without vitest's element-wise diff (which cannot cope with megabytes). */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.length).toBe(expected.length);
  let first = -1;
  for (let i = 0; i < actual.length; i++)
    if (actual[i] !== expected[i]) {
      first = i;
      break;
    }
  expect(first).toBe(-1);
}

function fileForm(bytes: Uint8Array, type: string, name = "me.bin", extra: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  form.append("file", new File([bytes], name, { type }));
  return form;
}

describe("seed client: OAuth2-style auth", () => {
  it("register and login answer access_token, token_type bearer and expires_in at the top level (and keep tokens)", async () => {
    const email = `seed.${Date.now()}@example.com`;
    const reg = await api("POST", "/api/auth/register", { body: { name: "Seed", email, password: "seed-password-1" } });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ token_type: "bearer", expires_in: 1800 });
    expect(reg.body.access_token).toBe(reg.body.tokens.accessToken);

    const login = await api("POST", "/api/auth/login", { body: { email, password: "seed-password-1" } });
    expect(login.status).toBe(200);
    expect(login.body.token_type).toBe("bearer");
    const me = await api("GET", "/api/auth/me", { token: login.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);

    const refreshed = await api("POST", "/api/auth/refresh", { body: { refreshToken: login.body.tokens.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ token_type: "bearer", expires_in: 1800 });
    expect(refreshed.body.access_token).toBe(refreshed.body.accessToken);
  });

  it("login accepts the OAuth2 password form (x-www-form-urlencoded username + password)", async () => {
    const u = await registerUser();
    const form = new URLSearchParams({ grant_type: "password", username: u.email, password: u.password });
    const res = await api("POST", "/api/auth/login", { raw: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe("bearer");
    expect((await api("GET", "/api/auth/me", { token: res.body.access_token })).body.id).toBe(u.user.id);

    const wrong = await api("POST", "/api/auth/login", {
      raw: new URLSearchParams({ username: u.email, password: "nope-nope" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrong.status).toBe(401);
    expectErrorShape(wrong.body, "unauthorized");
    const missing = await api("POST", "/api/auth/login", { raw: "username=", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(missing.status).toBe(422);
    expectErrorShape(missing.body, "validation_failed");
  });

  it("the OpenAPI document declares an OAuth2 password flow pointing at /api/auth/login", async () => {
    const doc = await api("GET", "/api/openapi.json");
    const schemes = doc.body.components.securitySchemes;
    const oauth = Object.values(schemes).find((s: any) => s.type === "oauth2") as any;
    expect(oauth?.flows?.password?.tokenUrl).toBe("/api/auth/login");
    const loginBody = doc.body.paths["/api/auth/login"].post.requestBody.content;
    expect(Object.keys(loginBody)).toContain("application/x-www-form-urlencoded");
  });
});

// Walk-through 2026-12-04: a raw PDF body answered only "Unsupported Media Type", with no word on what to send.
describe("seed client: a body of the wrong type", () => {
  it("is a 415 that names the Content-Type sent and what an upload takes (multipart/form-data, a `file` field)", async () => {
    const u = await registerUser();
    const res = await api("POST", "/api/knowledge/upload", {
      token: u.token,
      raw: new Uint8Array([37, 80, 68, 70]),
      headers: { "content-type": "application/pdf" },
    });
    expect(res.status).toBe(415);
    expectErrorShape(res.body, "unsupported_media_type");
    expect(res.body.error.message).toMatch(/application\/pdf/);
    expect(res.body.error.message).toMatch(/multipart\/form-data.*"file"/);
    const json = await api("POST", "/api/knowledge", { token: u.token, raw: "title=x", headers: { "content-type": "text/plain" } });
    expect(json.status).toBe(415);
    expect(json.body.error.message).toMatch(/text\/plain.*application\/json/);
  });
});

describe("seed client: list endpoints and skip", () => {
  it("skip=0 is honoured (a no-op); any other skip is a clear 422 that says to use cursor, never ignored", async () => {
    const u = await registerUser();
    for (const path of ["/api/conversations", "/api/knowledge"]) {
      expect((await api("GET", `${path}?skip=0&limit=10`, { token: u.token })).status).toBe(200);
      const res = await api("GET", `${path}?skip=10&limit=10`, { token: u.token });
      expect(res.status).toBe(422);
      expectErrorShape(res.body, "validation_failed");
      expect(res.body.error.message).toMatch(/cursor/);
    }
    const { conversationId } = await insertReply(u.user.id, "Hello there.");
    const msgs = await api("GET", `/api/conversations/${conversationId}/messages?skip=5`, { token: u.token });
    expect(msgs.status).toBe(422);
    expect(msgs.body.error.message).toMatch(/cursor/);
  });

  it("GET /api/conversations/{id} includes the most recent messages and a cursor to older ones", async () => {
    const u = await registerUser();
    const { conversationId, userMessageId, replyId } = await insertReply(u.user.id, "I build small tools.");
    const res = await api("GET", `/api/conversations/${conversationId}`, { token: u.token });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(conversationId);
    expect(res.body.messages.map((m: any) => m.id)).toEqual([userMessageId, replyId]);
    expect(res.body.messagesNextCursor).toBeNull();

    // 60 more messages: the conversation carries the newest 50; the cursor pages to the rest.
    const t = Date.now() + 10;
    await env.DB.batch(
      Array.from({ length: 60 }, (_, i) =>
        env.DB.prepare("INSERT INTO messages (id, conversation_id, user_id, role, content, created_at) VALUES (?, ?, ?, 'user', ?, ?)").bind(
          `msg_bulk${t}_${i}`,
          conversationId,
          u.user.id,
          `m${i}`,
          t + i,
        ),
      ),
    );
    const full = await api("GET", `/api/conversations/${conversationId}`, { token: u.token });
    expect(full.body.messages).toHaveLength(50);
    expect(full.body.messages.at(-1).content).toBe("m59");
    const older = await api("GET", `/api/conversations/${conversationId}/messages?cursor=${encodeURIComponent(full.body.messagesNextCursor)}&limit=100`, {
      token: u.token,
    });
    expect(older.body.items).toHaveLength(12);
    expect(older.body.items[0].id).toBe(userMessageId);

    // Another user's conversation stays invisible.
    const other = await registerUser();
    expect((await api("GET", `/api/conversations/${conversationId}`, { token: other.token })).status).toBe(404);
  });
});

describe("seed client: avatars", () => {
  it("GET /api/avatars/my-avatar answers 200 null when there is no avatar (a normal state, not an error)", async () => {
    const u = await registerUser();
    const res = await api("GET", "/api/avatars/my-avatar", { token: u.token });
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
  });

  it("multipart/form-data with a `file` field is stored byte for byte (other fields ignored)", async () => {
    const u = await registerUser();
    const bytes = fakeFile("png", 4096);
    bytes[4000] = 13; // a CR inside the content must not confuse the boundary scanner
    bytes[4001] = 10;
    const res = await multipart("/api/avatars/upload", u.token, fileForm(bytes, "image/png", "me.png", { note: "hello" }));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: "photo", mimeType: "image/png", sizeBytes: 4096, status: "queued" });
    const row = await env.DB.prepare("SELECT r2_key FROM avatars WHERE id = ?").bind(res.body.id).first<{ r2_key: string }>();
    const stored = new Uint8Array(await (await env.BUCKET.get(row!.r2_key))!.arrayBuffer());
    expectSameBytes(stored, bytes);
    const mine = await api("GET", "/api/avatars/my-avatar", { token: u.token });
    expect(mine.body.id).toBe(res.body.id);
  });

  it("a multipart file larger than one R2 part (12 MiB) is stored exactly", async () => {
    const u = await registerUser();
    const bytes = fakeFile("mp4", 12 * 1024 * 1024 + 123);
    for (let i = 64; i < bytes.length; i += 4093) bytes[i] = i & 0xff;
    const res = await multipart("/api/avatars/upload", u.token, fileForm(bytes, "video/mp4", "me.mp4"));
    expect(res.status).toBe(202);
    expect(res.body.sizeBytes).toBe(bytes.length);
    const row = await env.DB.prepare("SELECT r2_key FROM avatars WHERE id = ?").bind(res.body.id).first<{ r2_key: string }>();
    const stored = new Uint8Array(await (await env.BUCKET.get(row!.r2_key))!.arrayBuffer());
    expectSameBytes(stored, bytes);
  });

  it("multipart gets the same checks as the raw body: sniffed content, accepted types, size, and a file field", async () => {
    const u = await registerUser();
    const lying = await multipart("/api/avatars/upload", u.token, fileForm(fakeFile("text"), "video/mp4", "me.mp4"));
    expect(lying.status).toBe(415);
    expectErrorShape(lying.body, "unsupported_media_type");
    const pdf = await multipart("/api/avatars/upload", u.token, fileForm(fakeFile("png"), "application/pdf", "me.pdf"));
    expect(pdf.status).toBe(415);
    // A generic part type (what many clients send) is decided by the content.
    const generic = await multipart("/api/avatars/upload", u.token, fileForm(fakeFile("png"), "application/octet-stream", "me.png"));
    expect(generic.status).toBe(202);
    expect(generic.body.mimeType).toBe("image/png");

    const noFile = new FormData();
    noFile.append("avatar", new File([fakeFile("png")], "x.png", { type: "image/png" }));
    const missing = await multipart("/api/avatars/upload", u.token, noFile);
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/file/);

    const tooBig = await api("POST", "/api/avatars/upload", {
      token: u.token,
      raw: "--x\r\n",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(200 * 1024 * 1024) },
    });
    expect(tooBig.status).toBe(413);
    const noBoundary = await api("POST", "/api/avatars/upload", { token: u.token, raw: "abc", headers: { "content-type": "multipart/form-data" } });
    expect(noBoundary.status).toBe(400);
    const truncated = await api("POST", "/api/avatars/upload", {
      token: u.token,
      raw: `--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n${"x".repeat(10)}`,
      headers: { "content-type": "multipart/form-data; boundary=b" },
    });
    expect(truncated.status).toBe(400);
    // Nothing half-written stays behind.
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM avatars WHERE user_id = ?").bind(u.user.id).first<{ n: number }>();
    expect(rows!.n).toBe(1);
  });
});

describe("seed client: chat/send with generate_video", () => {
  it("without an avatar the reply still comes, with video_job_id null and the reason", async () => {
    const u = await registerUser();
    const conv = await api("POST", "/api/conversations", { token: u.token, body: {} });
    const res = await api("POST", "/api/chat/send", { token: u.token, body: { conversation_id: conv.body.id, message: "Who are you?", generate_video: true } });
    expect(res.status).toBe(200);
    expect(res.body.reply.role).toBe("assistant");
    expect(res.body.video_job_id).toBeNull();
    expect(res.body.video_error).toMatch(/avatar/i);
    // Not asked for → no video and no error.
    const plain = await api("POST", "/api/chat/send", { token: u.token, body: { conversation_id: conv.body.id, message: "And what do you do?" } });
    expect(plain.body.video_job_id).toBeNull();
    expect(plain.body.video_error).toBeNull();
  });

  it("the profile's 'always make reply videos' setting is saved and applies when the request does not say", async () => {
    const u = await registerUser();
    expect((await api("GET", "/api/users/profile", { token: u.token })).body.alwaysVideoReplies).toBe(false);
    const put = await api("PUT", "/api/users/profile", { token: u.token, body: { alwaysVideoReplies: true } });
    expect(put.status).toBe(200);
    expect(put.body.alwaysVideoReplies).toBe(true);
    const conv = await api("POST", "/api/conversations", { token: u.token, body: {} });
    const res = await api("POST", "/api/chat/send", { token: u.token, body: { conversation_id: conv.body.id, message: "Hi" } });
    expect(res.body.video_error).toMatch(/avatar/i);
    // An explicit false wins over the setting.
    const off = await api("POST", "/api/chat/send", { token: u.token, body: { conversation_id: conv.body.id, message: "Hi again", generate_video: false } });
    expect(off.body.video_error).toBeNull();
  });

  it.skipIf(!!mediaSkip)(
    "multipart avatar → generate_video → video_job_id → video-status → a playable MP4",
    async () => {
      const u = await registerUser();
      const up = await multipart("/api/avatars/upload", u.token, fileForm(fixtures().video, "video/mp4", "me.mp4"));
      expect(up.status).toBe(202);
      await waitForAvatar(u.token, up.body.id);

      const conv = await api("POST", "/api/conversations", { token: u.token, body: {} });
      const res = await api("POST", "/api/chat/send", { token: u.token, body: { conversation_id: conv.body.id, message: "Say hello", generate_video: true } });
      expect(res.status).toBe(200);
      expect(res.body.video_error).toBeNull();
      expect(res.body.video_job_id).toMatch(/^job_/);
      expect(res.body.reply.videoJobId).toBe(res.body.video_job_id);

      const other = await registerUser();
      expect((await api("GET", `/api/chat/video-status/${res.body.video_job_id}`, { token: other.token })).status).toBe(404);

      const done = await waitFor(
        async () => {
          const s = await api("GET", `/api/chat/video-status/${res.body.video_job_id}`, { token: u.token });
          if (s.body.status === "failed") throw new Error(`video failed: ${s.body.error}`);
          return s.body.status === "ready" ? s.body : null;
        },
        60_000,
        "video ready",
      );
      const file = await mediaBytes(done.videoUrl);
      expect(file.status).toBe(200);
      const probe = await fetch(env.TEST_PROBE_URL, { method: "POST", body: file.bytes });
      const info = (await probe.json()) as { streams: { codec_type: string; codec_name: string }[]; format: { duration: string } };
      expect(info.streams.find((s) => s.codec_type === "video")?.codec_name).toBe("h264");
      expect(Number(info.format.duration)).toBeGreaterThan(0.3);
    },
    120_000,
  );
});

describe("/health (the seed's path)", () => {
  it("serves the same JSON as /api/health, not the SPA", async () => {
    const res = await api("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body.status).toBe("ok");
    expect(Object.keys(res.body.checks)).toEqual(Object.keys((await api("GET", "/api/health")).body.checks));
  });
});
