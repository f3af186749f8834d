import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, expectErrorShape, registerUser } from "../../support/client";
import { fakeFile, fixtures, insertReply, listKeys, mediaBytes, mediaSkip, openEvents, upload, waitFor, waitForAvatar } from "../../support/media";
import { container } from "../../support/container";

describe("avatar upload and training (local renderer)", () => {
  it.skipIf(!!mediaSkip)(
    "a video upload is stored, trained into a poster + voice, and served by signed URL",
    async () => {
      const u = await registerUser();
      const { video } = fixtures();
      const live = await openEvents(u.token);
      const res = await upload(u.token, video, "video/mp4");
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ kind: "video", mimeType: "video/mp4", sizeBytes: video.byteLength, status: "queued" });
      expect(res.body.previewUrl).toMatch(/^\/api\/media\/[\w-]+\?exp=\d+&sig=[\w-]+$/);

      const ready = await waitForAvatar(u.token, res.body.id);
      expect(ready).toMatchObject({ status: "ready", progress: 100, provider: "local-renderer", error: null });
      const poster = await mediaBytes(ready.posterUrl);
      expect(poster.status).toBe(200);
      expect(poster.headers.get("content-type")).toBe("image/jpeg");
      expect([...poster.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      // The stored bytes are exactly the upload.
      const preview = await mediaBytes(ready.previewUrl);
      expect(preview.bytes).toEqual(video);
      // Voice settings were learnt from the 120 Hz tone of the fixture (male range → an m variant).
      const row = await env.DB.prepare("SELECT voice FROM avatars WHERE id = ?").bind(res.body.id).first<{ voice: string }>();
      expect(JSON.parse(row!.voice)).toMatchObject({ voice: expect.stringMatching(/^en\+m\d$/), f0Hz: expect.any(Number) });
      expect(Math.abs(JSON.parse(row!.voice).f0Hz - 120)).toBeLessThan(10);

      // Training state is pushed live ({type:"avatar"}), beside the generic job events.
      await waitFor(async () => live.events.find((e) => e.type === "avatar" && e.avatar.status === "ready"), 5000, "avatar event");
      expect(live.events.some((e) => e.type === "avatar" && e.avatar.status === "processing")).toBe(true);
      expect(live.events.some((e) => e.type === "job" && e.job.kind === "avatar.train" && e.job.status === "succeeded")).toBe(true);
      live.close();

      const mine = await api("GET", "/api/avatars/my-avatar", { token: u.token });
      expect(mine.body.id).toBe(res.body.id);
      const job = await env.DB.prepare("SELECT status FROM jobs WHERE subject_id = ? AND kind = 'avatar.train'").bind(res.body.id).first<{ status: string }>();
      expect(job!.status).toBe("succeeded");
    },
    60_000,
  ); // training runs the face model on every frame of the chosen segment

  it.skipIf(!!mediaSkip)("a photo without a face fails training with a reason the user can act on, stored on the avatar", async () => {
    const u = await registerUser();
    const res = await upload(u.token, fixtures().noFace, "image/png");
    expect(res.status).toBe(202);
    const failed = await waitForAvatar(u.token, res.body.id, "failed");
    expect(failed.error).toMatch(/^No face was found in the photo — upload a well-lit photo of your face/);
    expect(failed.posterUrl).toBeTruthy(); // the photo itself stays the poster, so the user sees what was refused
    // Nothing trained was stored.
    expect(await listKeys(`users/${u.user.id}/avatars/${res.body.id}/`)).toEqual([`users/${u.user.id}/avatars/${res.body.id}/source.png`]);
  });

  it.skipIf(!!mediaSkip)("a trained avatar keeps its face model beside the poster (rendering needs it)", async () => {
    const u = await registerUser();
    const res = await upload(u.token, fixtures().photo, "image/png");
    await waitForAvatar(u.token, res.body.id);
    const model = await env.BUCKET.get(`users/${u.user.id}/avatars/${res.body.id}/model.bin`);
    expect(model).not.toBeNull();
    const bytes = new Uint8Array(await model!.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("DSAV");
  });

  it.skipIf(!!mediaSkip)(
    "re-upload replaces the avatar once the new one is ready, and then deletes the old files",
    async () => {
      const u = await registerUser();
      const first = await upload(u.token, fixtures().video, "video/mp4");
      await waitForAvatar(u.token, first.body.id);
      const second = await upload(u.token, fixtures().photo, "image/png");
      expect(second.status).toBe(202);
      expect(second.body.kind).toBe("photo");
      // Until the new one is trained the old one stays in use; my-avatar shows the new one as the replacement.
      const during = await api("GET", "/api/avatars/my-avatar", { token: u.token });
      expect(during.body).toMatchObject({ id: first.body.id, status: "ready", replacement: { id: second.body.id } });
      const ready = await waitForAvatar(u.token, second.body.id);
      expect(ready.posterUrl).toBeTruthy();
      const after = await api("GET", "/api/avatars/my-avatar", { token: u.token });
      expect(after.body).toMatchObject({ id: second.body.id, status: "ready", replacement: null });
      expect((await api("GET", `/api/avatars/status/${first.body.id}`, { token: u.token })).status).toBe(404);
      expect(await listKeys(`users/${u.user.id}/avatars/${first.body.id}/`)).toEqual([]);

      expect((await api("DELETE", "/api/avatars/my-avatar", { token: u.token })).status).toBe(204);
      expect((await api("GET", "/api/avatars/my-avatar", { token: u.token })).body).toBeNull();
      expect(await listKeys(`users/${u.user.id}/avatars/`)).toEqual([]);
    },
    60_000,
  );
});

describe("a replacement that fails to train (browser walk-through bug)", () => {
  it.skipIf(!!mediaSkip)(
    "keeps the ready avatar in use for videos, shows the failed attempt beside it, and a later good upload replaces both",
    async () => {
      const u = await registerUser();
      const first = await upload(u.token, fixtures().photo, "image/png");
      await waitForAvatar(u.token, first.body.id);
      const { replyId } = await insertReply(u.user.id, "Hello, I build small tools and I love long walks.");

      const second = await upload(u.token, fixtures().noFace, "image/png");
      expect(second.status).toBe(202);
      const failed = await waitForAvatar(u.token, second.body.id, "failed");
      expect(failed.error).toMatch(/^No face was found in the photo/);

      // The ready avatar is still the one in use, its files untouched; the failed attempt is reported beside it.
      const mine = await api("GET", "/api/avatars/my-avatar", { token: u.token });
      expect(mine.body).toMatchObject({
        id: first.body.id,
        status: "ready",
        error: null,
        replacement: { id: second.body.id, status: "failed", error: expect.stringMatching(/^No face was found in the photo/) },
      });
      expect(mine.body.posterUrl).toBeTruthy();
      expect((await api("GET", `/api/avatars/status/${first.body.id}`, { token: u.token })).body.status).toBe("ready");
      expect(await listKeys(`users/${u.user.id}/avatars/${first.body.id}/`)).toContain(`users/${u.user.id}/avatars/${first.body.id}/model.bin`);
      // The public card still has the face.
      expect(await container(env).avatars.card(u.user.id)).toMatchObject({ avatarReady: true, posterUrl: expect.any(String) });

      // Video replies still work, spoken by the ready avatar.
      const video = await api("POST", `/api/chat/messages/${replyId}/video`, { token: u.token });
      expect(video.status).toBe(202);
      const row = await env.DB.prepare("SELECT avatar_id FROM videos WHERE job_id = ?").bind(video.body.jobId).first<{ avatar_id: string }>();
      expect(row!.avatar_id).toBe(first.body.id);

      // A good photo replaces both once trained: the old avatar and the failed attempt (rows and files).
      const third = await upload(u.token, fixtures().photo, "image/png");
      await waitForAvatar(u.token, third.body.id);
      expect((await api("GET", "/api/avatars/my-avatar", { token: u.token })).body).toMatchObject({ id: third.body.id, replacement: null });
      for (const old of [first.body.id, second.body.id]) {
        expect((await api("GET", `/api/avatars/status/${old}`, { token: u.token })).status).toBe(404);
        expect(await listKeys(`users/${u.user.id}/avatars/${old}/`)).toEqual([]);
      }
    },
    60_000,
  );

  it.skipIf(!!mediaSkip)("removing the avatar removes the failed attempt too (rows and files)", async () => {
    const u = await registerUser();
    const first = await upload(u.token, fixtures().photo, "image/png");
    await waitForAvatar(u.token, first.body.id);
    const second = await upload(u.token, fixtures().noFace, "image/png");
    await waitForAvatar(u.token, second.body.id, "failed");
    expect((await api("DELETE", "/api/avatars/my-avatar", { token: u.token })).status).toBe(204);
    expect((await api("GET", "/api/avatars/my-avatar", { token: u.token })).body).toBeNull();
    expect(await listKeys(`users/${u.user.id}/avatars/`)).toEqual([]);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM avatars WHERE user_id = ?").bind(u.user.id).first<{ n: number }>()).toEqual({ n: 0 });
  });
});

describe("avatar upload, raw body streamed in many chunks", () => {
  // The raw body is read into one reused buffer (BYOB) and written on to R2 chunk by chunk: every
  // byte must arrive in order even though the buffer is overwritten by the next read.
  it("stores exactly the bytes sent, across hundreds of uneven chunks", async () => {
    const u = await registerUser();
    const sent = fakeFile("mp4", 3 * 1024 * 1024 + 12345);
    for (let i = 12; i < sent.length; i++) sent[i] = (i * 31 + (i >> 11)) % 251;
    let off = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        const n = Math.min(7001 + (off % 5000), sent.length - off);
        c.enqueue(sent.slice(off, off + n));
        off += n;
        if (off >= sent.length) c.close();
      },
    });
    const res = await api("POST", "/api/avatars/upload", {
      token: u.token,
      raw: body,
      headers: { "content-type": "video/mp4", "content-length": String(sent.length) },
    });
    expect(res.status).toBe(202);
    expect(res.body.sizeBytes).toBe(sent.length);
    const row = await env.DB.prepare("SELECT r2_key FROM avatars WHERE id = ?").bind(res.body.id).first<{ r2_key: string }>();
    const stored = new Uint8Array(await (await env.BUCKET.get(row!.r2_key))!.arrayBuffer());
    expect(stored.length).toBe(sent.length);
    expect(Buffer.compare(stored, sent)).toBe(0);
  });
});

describe("avatar upload errors (nothing is stored)", () => {
  async function expectNothingStored(userId: string, token: string) {
    expect(await listKeys(`users/${userId}/`)).toEqual([]);
    expect((await api("GET", "/api/avatars/my-avatar", { token })).body).toBeNull();
  }

  it("an unaccepted Content-Type → 415", async () => {
    const u = await registerUser();
    const res = await upload(u.token, fakeFile("text"), "text/plain");
    expect(res.status).toBe(415);
    expectErrorShape(res.body, "unsupported_media_type");
    await expectNothingStored(u.user.id, u.token);
  });

  it("content that is not what it claims (sniffed) → 415", async () => {
    const u = await registerUser();
    const asVideo = await upload(u.token, fakeFile("text"), "video/mp4");
    expect(asVideo.status).toBe(415);
    expectErrorShape(asVideo.body, "unsupported_media_type");
    const pngAsVideo = await upload(u.token, fakeFile("png"), "video/webm");
    expect(pngAsVideo.status).toBe(415);
    await expectNothingStored(u.user.id, u.token);
  });

  it("a Content-Length over MAX_UPLOAD_SIZE → 413 before reading the body", async () => {
    const u = await registerUser();
    const res = await upload(u.token, fakeFile("mp4"), "video/mp4", { "content-length": String(100 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, "payload_too_large");
    await expectNothingStored(u.user.id, u.token);
  });

  it("a body longer than its Content-Length → 413, shorter → 400", async () => {
    const u = await registerUser();
    const long = await upload(u.token, fakeFile("mp4", 4096), "video/mp4", { "content-length": "1000" });
    expect(long.status).toBe(413);
    const short = await upload(u.token, fakeFile("mp4", 1000), "video/mp4", { "content-length": "4096" });
    expect(short.status).toBe(400);
    await expectNothingStored(u.user.id, u.token);
  });

  // Through a real socket the runtime itself refuses these (wrangler dev / workerd answer
  // 400 text/plain "invalid content-length parsed" before the Worker runs; see README). A request
  // that reaches the app with one (service bindings, tests, other front ends) gets the error shape.
  it("a malformed Content-Length (-5, abc, 1e3, +5, 5,5) → 400 in the error shape, nothing stored", async () => {
    const u = await registerUser();
    for (const length of ["-5", "abc", "1e3", "+5", "5,5", "0x10"]) {
      const body = new ReadableStream({
        start(c) {
          c.enqueue(fakeFile("png"));
          c.close();
        },
      });
      const res = await api("POST", "/api/avatars/upload", { token: u.token, raw: body, headers: { "content-type": "image/png", "content-length": length } });
      expect(res.status, length).toBe(400);
      expectErrorShape(res.body, "bad_request");
      expect(res.body.error.message).toContain("Content-Length");
    }
    await expectNothingStored(u.user.id, u.token);
  });

  it("no Content-Length (a streamed body of unknown size) → 411", async () => {
    const u = await registerUser();
    const body = new ReadableStream({
      start(c) {
        c.enqueue(fakeFile("mp4"));
        c.close();
      },
    });
    const res = await api("POST", "/api/avatars/upload", { token: u.token, raw: body, headers: { "content-type": "video/mp4" } });
    expect(res.status).toBe(411);
    expectErrorShape(res.body, "length_required");
    await expectNothingStored(u.user.id, u.token);
  });

  it("requires sign-in", async () => {
    expect((await upload("", fakeFile("mp4"), "video/mp4")).status).toBe(401);
  });
});

describe("avatar isolation and signed media URLs", () => {
  it("user B cannot see, fetch or delete A's avatar", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    const up = await upload(a.token, fakeFile("mp4"), "video/mp4");
    expect(up.status).toBe(202);
    const bStatus = await api("GET", `/api/avatars/status/${up.body.id}`, { token: b.token });
    expect(bStatus.status).toBe(404);
    expectErrorShape(bStatus.body, "not_found");
    // B has none of their own: A's never shows through.
    expect((await api("GET", "/api/avatars/my-avatar", { token: b.token })).body).toBeNull();
    expect((await api("DELETE", "/api/avatars/my-avatar", { token: b.token })).status).toBe(404);
    expect((await api("GET", `/api/avatars/status/${up.body.id}`, { token: a.token })).status).toBe(200);
  });

  it("a media URL only works with its own signature, unexpired, for the one object", async () => {
    const a = await registerUser("A");
    const up = await upload(a.token, fakeFile("mp4", 2000), "video/mp4");
    const url: string = up.body.previewUrl;
    expect((await mediaBytes(url)).status).toBe(200);
    const [path, query] = url.split("?");
    const params = new URLSearchParams(query);
    // Same signature on another key (another user's path) → refused.
    const otherKey = btoa(`users/usr_someoneelse/avatars/x/source.mp4`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect((await mediaBytes(`/api/media/${otherKey}?${query}`)).status).toBe(403);
    // Extending the expiry breaks the signature.
    params.set("exp", String(Number(params.get("exp")) + 3600));
    expect((await mediaBytes(`${path}?${params}`)).status).toBe(403);
    // An expired but correctly signed URL is refused.
    const expired = await env.DB.prepare("SELECT r2_key FROM avatars WHERE id = ?").bind(up.body.id).first<{ r2_key: string }>();
    const old = await container(env).media.urls.sign(expired!.r2_key, -10);
    const res = await mediaBytes(old);
    expect(res.status).toBe(403);
  });

  it("serves byte ranges (206 + Content-Range), suffix ranges and 416 past the end", async () => {
    const a = await registerUser();
    const file = fakeFile("mp4", 5000);
    file.set([1, 2, 3, 4, 5], 100);
    const up = await upload(a.token, file, "video/mp4");
    const url: string = up.body.previewUrl;
    const full = await mediaBytes(url);
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    expect(full.headers.get("content-length")).toBe("5000");
    const part = await mediaBytes(url, { range: "bytes=100-104" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 100-104/5000");
    expect([...part.bytes]).toEqual([1, 2, 3, 4, 5]);
    const tail = await mediaBytes(url, { range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe("bytes 4990-4999/5000");
    const open = await mediaBytes(url, { range: "bytes=4000-" });
    expect(open.bytes.byteLength).toBe(1000);
    const past = await mediaBytes(url, { range: "bytes=6000-" });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe("bytes */5000");
  });
});
