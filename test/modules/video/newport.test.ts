import { describe, it, expect, beforeEach } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { fakeFile, insertReply, listKeys, mediaBytes } from "../../support/media";
import { NewportVideo } from "../../../worker/platform/video/newport";
import { VideoProviderError, type AvatarSource } from "../../../worker/platform/video/port";
import { repos, runtime } from "../../support/container";
import { runJob } from "../../../queue-consumers";

// The Newport AI adapter against test/mock-newport.mjs, a local server speaking its wire format.
const KEY = "test-newport-key";
const newport = (apiKey = KEY) => new NewportVideo({ apiKey, baseUrl: env.TEST_NEWPORT_URL, pollIntervalMs: 5 });
const requests = async () =>
  (await (await fetch(`${env.TEST_NEWPORT_URL}/__requests`)).json()) as { path: string; authorization: string; contentType: string; body: any }[];
const source = (kind: "video" | "photo" = "video"): AvatarSource => ({
  kind,
  mimeType: kind === "video" ? "video/mp4" : "image/png",
  sizeBytes: 10,
  url: "https://app.example/api/media/abc?exp=1&sig=x",
  open: async () => new Response("x").body!,
});

beforeEach(async () => {
  await fetch(`${env.TEST_NEWPORT_URL}/__requests`, { method: "DELETE" });
});

describe("Newport AI adapter: wire format", () => {
  it("train clones the voice from the source video URL and polls until status 3", async () => {
    const out = await newport().train({ source: source(), language: "en", enthusiasm: 50 });
    expect(out.reference).toBeNull();
    expect(out.voice.cloneId).toMatch(/^clone/);
    const reqs = await requests();
    expect(reqs[0]).toMatchObject({
      path: "/api/async/voice_clone",
      authorization: `Bearer ${KEY}`,
      contentType: "application/json",
      body: { voiceUrl: source().url },
    });
    const polls = reqs.filter((r) => r.path === "/api/getAsyncResult");
    expect(polls.length).toBe(3); // status 1, 2, then 3
    expect(polls[0]!.body).toEqual({ taskId: expect.any(String) });
  });

  it("render = do_tts_clone {cloneId, text, lan} then talking_face {srcVideoUrl, audioUrl, videoParams}", async () => {
    const out = await newport().render({
      text: "Hi there",
      language: "pt-BR",
      avatar: { kind: "video", voice: { cloneId: "clone42" }, reference: null, sourceUrl: "https://app.example/src" },
    });
    expect(out).toEqual({ kind: "url", url: `${env.TEST_NEWPORT_URL}/files/result.mp4`, durationMs: null });
    const posts = (await requests()).filter((r) => r.path !== "/api/getAsyncResult");
    expect(posts.map((r) => r.path)).toEqual(["/api/async/do_tts_clone", "/api/async/talking_face"]);
    expect(posts[0]!.body).toEqual({ cloneId: "clone42", text: "Hi there", lan: "pt" });
    expect(posts[1]!.body).toEqual({
      srcVideoUrl: "https://app.example/src",
      audioUrl: `${env.TEST_NEWPORT_URL}/files/tts.wav`,
      videoParams: { video_width: 0, video_height: 0, video_enhance: 1, fps: "original" },
    });
  });
});

describe("Newport AI adapter: failures", () => {
  it("a task that ends in status 4 fails with Newport's reason, not retryable", async () => {
    const err = await newport()
      .render({ text: "please [fail]", language: "en", avatar: { kind: "video", voice: { cloneId: "c" }, reference: null, sourceUrl: "https://x" } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(VideoProviderError);
    expect(err.message).toMatch(/tts engine rejected the text/);
    expect(err.retryable).toBe(false);
  });

  it("a refused key (code ≠ 0) is reported and not retried; a photo avatar is refused up front", async () => {
    const bad = await newport("wrong-key")
      .train({ source: source(), language: "en", enthusiasm: 50 })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(VideoProviderError);
    expect(bad.message).toMatch(/key is invalid \(code 13006\)/);
    expect(bad.retryable).toBe(false);
    const photo = await newport()
      .train({ source: source("photo"), language: "en", enthusiasm: 50 })
      .catch((e) => e);
    expect(photo.message).toMatch(/needs a video avatar/);
  });

  it("an unreachable API is retryable", async () => {
    const err = await new NewportVideo({ apiKey: KEY, baseUrl: "http://127.0.0.1:8090", pollIntervalMs: 5 })
      .train({ source: source(), language: "en", enthusiasm: 50 })
      .catch((e) => e);
    expect(err.retryable).toBe(true);
  });
});

describe("Newport AI through the jobs", () => {
  it("avatar.train then video.generate store the provider's result under users/<id>/videos/", async () => {
    const u = await registerUser();
    // The worker's own job definitions, built with the Newport adapter in place of the local renderer.
    const jobs = runtime([], env, { video: newport() });
    // The upload route's work, with the job run here against the Newport adapter.
    const avatarId = `avt_np${Date.now()}`;
    const key = `users/${u.user.id}/avatars/${avatarId}/source.mp4`;
    await env.BUCKET.put(key, fakeFile("mp4"));
    await repos().avatars.create({ id: avatarId, userId: u.user.id, kind: "video", mimeType: "video/mp4", sizeBytes: 1024, r2Key: key });
    const train = await repos().jobs.create({
      userId: u.user.id,
      kind: "avatar.train",
      subjectId: avatarId,
      payload: { avatarId, origin: "https://app.example" },
    });
    expect(await runJob(jobs, train.id)).toBe("succeeded");
    const avatar = await api("GET", `/api/avatars/status/${avatarId}`, { token: u.token });
    expect(avatar.body).toMatchObject({ status: "ready", provider: "newport", posterUrl: null });
    // The provider fetched the upload through an absolute signed URL on the request's origin.
    const clone = (await requests()).find((r) => r.path === "/api/async/voice_clone")!;
    expect(clone.body.voiceUrl).toMatch(/^https:\/\/app\.example\/api\/media\/[\w-]+\?exp=\d+&sig=/);

    const { replyId } = await insertReply(u.user.id, "Hello from the cloud");
    const videoId = `vid_np${Date.now()}`;
    const job = await repos().jobs.create({
      userId: u.user.id,
      kind: "video.generate",
      subjectId: videoId,
      payload: { videoId, origin: "https://app.example" },
    });
    await repos().videos.create({ id: videoId, userId: u.user.id, messageId: replyId, avatarId, jobId: job.id, provider: "newport" });
    expect(await runJob(jobs, job.id)).toBe("succeeded");
    const status = await api("GET", `/api/chat/video-status/${job.id}`, { token: u.token });
    expect(status.body.status).toBe("ready");
    expect(await listKeys(`users/${u.user.id}/videos/`)).toEqual([`users/${u.user.id}/videos/${videoId}.mp4`]);
    const file = await mediaBytes(status.body.videoUrl);
    expect(file.bytes.byteLength).toBe(4096);
    expect(new TextDecoder().decode(file.bytes.subarray(4, 8))).toBe("ftyp");
  });

  it("a retried video job resumes polling the provider tasks it started instead of starting them again", async () => {
    const u = await registerUser();
    const avatarId = `avt_npr${Date.now()}`;
    const key = `users/${u.user.id}/avatars/${avatarId}/source.mp4`;
    await env.BUCKET.put(key, fakeFile("mp4"));
    await repos().avatars.create({ id: avatarId, userId: u.user.id, kind: "video", mimeType: "video/mp4", sizeBytes: 1024, r2Key: key });
    await repos().avatars.update(avatarId, { status: "ready", provider: "newport", voice: JSON.stringify({ cloneId: "clone7" }) });
    const { replyId } = await insertReply(u.user.id, "Hello again from the cloud");
    const videoId = `vid_npr${Date.now()}`;
    const job = await repos().jobs.create({
      userId: u.user.id,
      kind: "video.generate",
      subjectId: videoId,
      payload: { videoId, origin: "https://app.example" },
    });
    await repos().videos.create({ id: videoId, userId: u.user.id, messageId: replyId, avatarId, jobId: job.id, provider: "newport" });

    // First attempt stops polling early (as a worker that ran out of time would): retried later.
    const impatient = new NewportVideo({ apiKey: KEY, baseUrl: env.TEST_NEWPORT_URL, pollIntervalMs: 5, timeoutMs: 0 });
    expect(await runJob(runtime([], env, { video: impatient }), job.id)).toBe("retry");
    const started = (await requests()).filter((r) => r.path.startsWith("/api/async/"));
    expect(started.map((r) => r.path)).toEqual(["/api/async/do_tts_clone"]);

    // The retry polls that same TTS task, then goes on; nothing is started twice.
    expect(await runJob(runtime([], env, { video: newport() }), job.id)).toBe("succeeded");
    const all = await requests();
    expect(all.filter((r) => r.path.startsWith("/api/async/")).map((r) => r.path)).toEqual(["/api/async/do_tts_clone", "/api/async/talking_face"]);
    const ttsTask = all.find((r) => r.path === "/api/getAsyncResult")!.body.taskId;
    expect(all.filter((r) => r.path === "/api/getAsyncResult" && r.body.taskId === ttsTask).length).toBeGreaterThanOrEqual(3);
    expect(await listKeys(`users/${u.user.id}/videos/`)).toEqual([`users/${u.user.id}/videos/${videoId}.mp4`]);
  });
});
