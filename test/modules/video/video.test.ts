import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, expectErrorShape, registerUser } from "../../support/client";
import { fakeFile, fixtures, insertReply, listKeys, mediaBytes, mediaSkip, openEvents, upload, waitFor, waitForAvatar } from "../../support/media";
import { container, repos, runtime } from "../../support/container";
import { LocalRendererVideo } from "../../../worker/platform/video/local-renderer";
import type { VideoProvider } from "../../../worker/platform/video/port";
import { runJob } from "../../../queue-consumers";

const REPLY = "Hello! I am the digital version of my maker. I build small tools, I love long walks, and I am always happy to talk about my projects.";

async function userWithReadyAvatar() {
  const u = await registerUser();
  const up = await upload(u.token, fixtures().video, "video/mp4");
  await waitForAvatar(u.token, up.body.id);
  return u;
}

/** A ready avatar written directly (for cases that never reach a renderer). */
async function insertReadyAvatar(userId: string, createdAt = Date.now()) {
  const id = `avt_test${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
  const t = createdAt;
  const key = `users/${userId}/avatars/${id}/source.mp4`;
  await env.BUCKET.put(key, fakeFile("mp4"));
  await env.BUCKET.put(`users/${userId}/avatars/${id}/reference.jpg`, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]));
  await env.DB.prepare(
    "INSERT INTO avatars (id, user_id, kind, mime_type, size_bytes, r2_key, status, progress, provider, reference_key, voice, created_at, updated_at) VALUES (?, ?, 'video', 'video/mp4', 1024, ?, 'ready', 100, 'local-renderer', ?, ?, ?, ?)",
  )
    .bind(id, userId, key, `users/${userId}/avatars/${id}/reference.jpg`, JSON.stringify({ voice: "en+m3", pitch: 50, speed: 160 }), t, t)
    .run();
  return id;
}

/** A photo avatar that is still training, or whose training failed with `error`, written directly. */
async function insertUntrainedAvatar(userId: string, status: "queued" | "processing" | "failed", error: string | null = null, createdAt = Date.now()) {
  const id = `avt_test${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
  const key = `users/${userId}/avatars/${id}/source.png`;
  await env.BUCKET.put(key, fakeFile("png"));
  await env.DB.prepare(
    "INSERT INTO avatars (id, user_id, kind, mime_type, size_bytes, r2_key, status, progress, error, created_at, updated_at) VALUES (?, ?, 'photo', 'image/png', 1024, ?, ?, 10, ?, ?, ?)",
  )
    .bind(id, userId, key, status, error, createdAt, createdAt)
    .run();
  return id;
}

const NO_FACE = "No face was found in the photo — upload a well-lit photo of your face, looking at the camera";

/** A `video.generate` job and its video row (id `${subject}${avatarId}`) for the reply, as the chat's video request makes them. */
async function queueVideo(userId: string, replyId: string, avatarId: string, subject: string, provider: string) {
  const videoId = `${subject}${avatarId}`;
  const job = await repos().jobs.create({ userId, kind: "video.generate", subjectId: subject, payload: { videoId, origin: "http://example.com" } });
  await repos().videos.create({ id: videoId, userId, messageId: replyId, avatarId, jobId: job.id, provider });
  return job;
}

async function probe(bytes: Uint8Array) {
  const res = await fetch(env.TEST_PROBE_URL, { method: "POST", body: bytes });
  expect(res.status).toBe(200);
  return (await res.json()) as { streams: { codec_type: string; codec_name: string; duration: string }[]; format: { duration: string } };
}

describe("reply video, end to end (local renderer)", () => {
  it.skipIf(!!mediaSkip)(
    "upload → avatar ready → video job → ready → MP4 with Range, H.264 + AAC of the speech's duration",
    async () => {
      const u = await userWithReadyAvatar();
      const { replyId } = await insertReply(u.user.id, REPLY);
      const live = await openEvents(u.token);

      const req = await api("POST", `/api/chat/messages/${replyId}/video`, { token: u.token });
      expect(req.status).toBe(202);
      expect(req.body.status).toBe("queued");
      const { jobId } = req.body;
      // Asking again for the same reply does not start a second render.
      expect((await api("POST", `/api/chat/messages/${replyId}/video`, { token: u.token })).body.jobId).toBe(jobId);

      const done = await waitFor(
        async () => {
          const s = await api("GET", `/api/chat/video-status/${jobId}`, { token: u.token });
          if (s.body.status === "failed") throw new Error(`video failed: ${s.body.error}`);
          return s.body.status === "ready" ? s.body : null;
        },
        40_000,
        "video ready",
      );
      expect(done).toMatchObject({ jobId, messageId: replyId, status: "ready", progress: 100, error: null });
      expect(done.videoUrl).toMatch(/^\/api\/media\//);
      expect(done.durationSeconds).toBeGreaterThan(4);
      // The chat UI learns it live: {type:"video", messageId, jobId, status, videoUrl}.
      const pushed = await waitFor(async () => live.events.find((e) => e.type === "video" && e.status === "ready"), 5000, "video event");
      expect(pushed).toMatchObject({ messageId: replyId, jobId, videoUrl: expect.stringMatching(/^\/api\/media\//) });
      expect(live.events.some((e) => e.type === "video" && e.status === "processing")).toBe(true);
      live.close();

      const msg = await env.DB.prepare("SELECT video_job_id FROM messages WHERE id = ?").bind(replyId).first<{ video_job_id: string }>();
      expect(msg!.video_job_id).toBe(jobId);
      expect(await listKeys(`users/${u.user.id}/videos/`)).toHaveLength(1);

      const full = await mediaBytes(done.videoUrl);
      expect(full.status).toBe(200);
      expect(full.headers.get("content-type")).toBe("video/mp4");
      const ranged = await mediaBytes(done.videoUrl, { range: "bytes=0-1023" });
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get("content-range")).toBe(`bytes 0-1023/${full.bytes.byteLength}`);
      expect(ranged.bytes).toEqual(full.bytes.subarray(0, 1024));

      const info = await probe(full.bytes);
      const v = info.streams.find((s) => s.codec_type === "video")!;
      const a = info.streams.find((s) => s.codec_type === "audio")!;
      expect(v.codec_name).toBe("h264");
      expect(a.codec_name).toBe("aac");
      expect(Math.abs(Number(v.duration) - done.durationSeconds)).toBeLessThan(0.15);
      expect(Math.abs(Number(a.duration) - done.durationSeconds)).toBeLessThan(0.15);
      expect(Math.abs(Number(info.format.duration) - done.durationSeconds)).toBeLessThan(0.15);
    },
    90_000,
  ); // face-model training + a render, on a shared machine

  it("health reports the video port's adapter", async () => {
    const res = await api("GET", "/api/health");
    expect(res.body.ports.video).toEqual({ mode: "local", adapter: "local-renderer" });
  });
});

describe("reply video errors", () => {
  it("only assistant replies, only with a ready avatar, only existing messages", async () => {
    const u = await registerUser();
    const { replyId, userMessageId } = await insertReply(u.user.id, REPLY);
    const noAvatar = await api("POST", `/api/chat/messages/${replyId}/video`, { token: u.token });
    expect(noAvatar.status).toBe(409);
    expectErrorShape(noAvatar.body, "conflict");
    await insertReadyAvatar(u.user.id);
    const userMsg = await api("POST", `/api/chat/messages/${userMessageId}/video`, { token: u.token });
    expect(userMsg.status).toBe(409);
    const missing = await api("POST", `/api/chat/messages/msg_nope/video`, { token: u.token });
    expect(missing.status).toBe(404);
    expect((await api("GET", `/api/chat/video-status/job_nope`, { token: u.token })).status).toBe(404);
  });

  it("an avatar that failed to train says what to do; one still training says to try again shortly", async () => {
    const u = await registerUser();
    const { replyId } = await insertReply(u.user.id, REPLY);
    await insertUntrainedAvatar(u.user.id, "failed", NO_FACE);
    const failed = await api("POST", `/api/chat/messages/${replyId}/video`, { token: u.token });
    expect(failed.status).toBe(409);
    expectErrorShape(failed.body, "conflict");
    expect(failed.body.error.message).toBe(
      "Your avatar photo could not be used (no face was found in the photo); upload another photo or video on the Avatar page",
    );

    // The chat turn that asks for a video reports the same reason (the walk-through's path).
    const conv = await api("POST", "/api/conversations", { token: u.token, body: {} });
    const turn = await api("POST", "/api/chat/send", {
      token: u.token,
      body: { conversation_id: conv.body.id, message: "Who are you?", generate_video: true },
    });
    expect(turn.status).toBe(200);
    expect(turn.body).toMatchObject({ video_job_id: null, video_error: failed.body.error.message });

    const v = await registerUser();
    const other = await insertReply(v.user.id, REPLY);
    await insertUntrainedAvatar(v.user.id, "processing");
    const training = await api("POST", `/api/chat/messages/${other.replyId}/video`, { token: v.token });
    expect(training.status).toBe(409);
    expect(training.body.error.message).toBe("Your avatar is still being prepared; try again in a moment");
  });

  it("a newer upload that failed or is still training does not stand in for the ready avatar", async () => {
    const u = await registerUser();
    const t = Date.now();
    const ready = await insertReadyAvatar(u.user.id, t - 2000);
    await insertUntrainedAvatar(u.user.id, "failed", NO_FACE, t - 1000);
    expect((await container(env).avatars.currentRecord(u.user.id))?.id).toBe(ready);
    await insertUntrainedAvatar(u.user.id, "queued", null, t);
    expect((await container(env).avatars.currentRecord(u.user.id))?.id).toBe(ready);
  });

  it("the per-user daily quota answers 429 in the error shape", async () => {
    const u = await registerUser();
    await insertReadyAvatar(u.user.id);
    const { replyId } = await insertReply(u.user.id, REPLY);
    const quota = container(env).config.videoQuotaPerDay;
    const t = Date.now();
    const stmts = Array.from({ length: quota }, (_, i) =>
      env.DB.prepare("INSERT INTO videos (id, user_id, message_id, job_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'ready', ?, ?)").bind(
        `vid_q${t}${i}`,
        u.user.id,
        replyId,
        `job_q${t}${i}`,
        t,
        t,
      ),
    );
    await env.DB.batch(stmts);
    const res = await api("POST", `/api/chat/messages/${replyId}/video`, { token: u.token });
    expect(res.status).toBe(429);
    expectErrorShape(res.body, "rate_limited");
    expect(res.headers.get("retry-after")).toBeTruthy();
  });

  it("the avatar speaks the reply's words, not its citation markers or Markdown", async () => {
    const u = await registerUser();
    const avatarId = await insertReadyAvatar(u.user.id);
    const { replyId } = await insertReply(
      u.user.id,
      "I sail a **dinghy** called *Gaivota* [1]. My dish is [risotto](https://example.com/r) [1, 2].\n\n- Lisbon `marina`",
    );
    const spoken: string[] = [];
    const speaker: VideoProvider = {
      name: "capture",
      mode: "local",
      available: async () => ({ ok: true }),
      train: async () => ({ reference: null, voice: {} }),
      render: async ({ text }) => {
        spoken.push(text);
        return { kind: "stream", body: new Blob([new Uint8Array([0, 0, 0, 24])]).stream(), contentType: "video/mp4", sizeBytes: 4, durationMs: 1000 };
      },
    };
    const jobs = runtime([], env, { video: speaker });
    const job = await queueVideo(u.user.id, replyId, avatarId, "vid_say", "capture");
    expect(await runJob(jobs, job.id)).toBe("succeeded");
    expect(spoken).toEqual(["I sail a dinghy called Gaivota. My dish is risotto. Lisbon marina"]);
  });

  it("a renderer that is down → the job retries, then fails with the reason on the video", async () => {
    const u = await registerUser();
    const avatarId = await insertReadyAvatar(u.user.id);
    const { replyId } = await insertReply(u.user.id, REPLY);
    // Nothing listens on 8090: the same adapter, pointed at a renderer that is not running.
    const jobs = runtime([], env, { video: new LocalRendererVideo("http://127.0.0.1:8090") });
    const job = await queueVideo(u.user.id, replyId, avatarId, "vid_down", "local-renderer");

    const live = await openEvents(u.token);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await runJob(jobs, job.id));
    expect(outcomes).toEqual(["retry", "retry", "retry", "retry", "failed"]);
    expect(await runJob(jobs, job.id)).toBe("skipped");
    const pushed = await waitFor(async () => live.events.find((e) => e.type === "video" && e.status === "failed"), 5000, "failed event");
    expect(pushed).toMatchObject({ jobId: job.id, messageId: replyId, videoUrl: null, error: expect.stringMatching(/not reachable/) });
    live.close();

    const status = await api("GET", `/api/chat/video-status/${job.id}`, { token: u.token });
    expect(status.body.status).toBe("failed");
    expect(status.body.error).toMatch(/not reachable at http:\/\/127\.0\.0\.1:8090.*npm start/);
    expect(status.body.videoUrl).toBeNull();
    const jobRow = await api("GET", `/api/jobs/${job.id}`, { token: u.token });
    expect(jobRow.body).toMatchObject({ status: "failed", attempts: 5 });
  });

  it("a request while the renderer is down says so at once (503)", async () => {
    const u = await registerUser();
    await insertReadyAvatar(u.user.id);
    const { replyId } = await insertReply(u.user.id, REPLY);
    const down = container(env, { video: new LocalRendererVideo("http://127.0.0.1:8090") }).videos;
    await expect(down.request(u.user.id, replyId, "http://example.com")).rejects.toMatchObject({
      code: "upstream_unavailable",
      message: expect.stringMatching(/not reachable/),
    });
  });
});

describe("reply video isolation", () => {
  it("user B cannot request a video of A's reply, nor poll A's video or its job", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    await insertReadyAvatar(a.user.id);
    await insertReadyAvatar(b.user.id);
    const { replyId } = await insertReply(a.user.id, REPLY);
    const req = await api("POST", `/api/chat/messages/${replyId}/video`, { token: b.token });
    expect(req.status).toBe(404);
    expectErrorShape(req.body, "not_found");
    // A's video job, written as the request route would (no renderer needed for this case).
    const aAvatar = (await repos().avatars.current(a.user.id))!;
    const job = await repos().jobs.create({ userId: a.user.id, kind: "video.generate", subjectId: "vid_iso", payload: {} });
    await repos().videos.create({
      id: `vid_iso${Date.now()}`,
      userId: a.user.id,
      messageId: replyId,
      avatarId: aAvatar.id,
      jobId: job.id,
      provider: "local-renderer",
    });
    expect((await api("GET", `/api/chat/video-status/${job.id}`, { token: a.token })).status).toBe(200);
    const peek = await api("GET", `/api/chat/video-status/${job.id}`, { token: b.token });
    expect(peek.status).toBe(404);
    expect((await api("GET", `/api/jobs/${job.id}`, { token: b.token })).status).toBe(404);
  });
});
