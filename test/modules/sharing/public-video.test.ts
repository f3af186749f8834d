// Visitors of a share link ask for talking-avatar videos of the replies in their own conversation:
// their own daily quota per link (429 + Retry-After), nobody else's replies or jobs (404), and the
// public card shows the owner's face instead of a letter.
import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, expectErrorShape, registerUser } from "../../support/client";
import { fakeFile, mediaSkip } from "../../support/media";
import { VISITOR_VIDEOS_PER_DAY } from "../../../worker/modules/video";

/** A ready avatar written directly (these cases never need a render to finish). */
async function insertReadyAvatar(userId: string) {
  const id = `avt_pv${Date.now()}${Math.random().toString(36).slice(2, 8)}`;
  const t = Date.now();
  const prefix = `users/${userId}/avatars/${id}/`;
  await env.BUCKET.put(`${prefix}source.png`, fakeFile("png"));
  await env.BUCKET.put(`${prefix}reference.jpg`, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]));
  await env.DB.prepare(
    "INSERT INTO avatars (id, user_id, kind, mime_type, size_bytes, r2_key, status, progress, provider, reference_key, voice, created_at, updated_at) VALUES (?, ?, 'photo', 'image/png', 1024, ?, 'ready', 100, 'local-renderer', ?, ?, ?, ?)",
  )
    .bind(id, userId, `${prefix}source.png`, `${prefix}reference.jpg`, JSON.stringify({ voice: "en+f3", pitch: 50, speed: 160 }), t, t)
    .run();
  return id;
}

/** Owner with a ready avatar and a share link; a visitor who chatted once: the reply's id. */
async function visitorWithReply() {
  const owner = await registerUser();
  await insertReadyAvatar(owner.user.id);
  const link = (await api("POST", "/api/shares", { token: owner.token, body: {} })).body;
  const visitor = await newVisitor(link.token);
  return { owner, link, ...visitor };
}

async function newVisitor(linkToken: string) {
  const v = (await api("POST", `/api/public/${linkToken}/conversations`)).body;
  const headers = { "x-visitor-token": v.visitorToken };
  const r = await api("POST", `/api/public/${linkToken}/chat`, { headers, body: { conversation_id: v.conversation.id, message: "What do you do all day?" } });
  expect(r.status).toBe(200);
  const history = await api("GET", `/api/public/${linkToken}/conversations/${v.conversation.id}/messages`, { headers });
  const reply = history.body.items.find((m: { role: string }) => m.role === "assistant");
  return { headers, conversationId: v.conversation.id as string, replyId: reply.id as string };
}

describe("reply videos for share-link visitors", () => {
  it("the public card shows the avatar's still once it is ready", async () => {
    const { link } = await visitorWithReply();
    const card = await api("GET", `/api/public/${link.token}`);
    expect(card.body).toMatchObject({ avatarReady: true, posterUrl: expect.stringMatching(/^\/api\/media\/[\w-]+\?exp=\d+&sig=[\w-]+$/) });
    const bare = await registerUser();
    const bareLink = (await api("POST", "/api/shares", { token: bare.token, body: {} })).body;
    expect((await api("GET", `/api/public/${bareLink.token}`)).body).toMatchObject({ avatarReady: false, posterUrl: null });
  });

  it.skipIf(!!mediaSkip)("a visitor gets a video job for a reply of their own conversation and polls it; other visitors get 404", async () => {
    const { link, headers, replyId } = await visitorWithReply();
    const req = await api("POST", `/api/public/${link.token}/messages/${replyId}/video`, { headers });
    expect(req.status).toBe(202);
    const status = await api("GET", `/api/public/${link.token}/video-status/${req.body.jobId}`, { headers });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ jobId: req.body.jobId, messageId: replyId });

    const other = await newVisitor(link.token);
    expect((await api("POST", `/api/public/${link.token}/messages/${replyId}/video`, { headers: other.headers })).status).toBe(404);
    expect((await api("GET", `/api/public/${link.token}/video-status/${req.body.jobId}`, { headers: other.headers })).status).toBe(404);
    const noToken = await api("POST", `/api/public/${link.token}/messages/${replyId}/video`);
    expect(noToken.status).toBe(401);
    expectErrorShape(noToken.body, "unauthorized");
  });

  it.skipIf(!!mediaSkip)("each visitor has their own daily quota on the link: beyond it 429 with Retry-After", async () => {
    const { owner, link, headers, replyId } = await visitorWithReply();
    const t = Date.now();
    await env.DB.batch(
      Array.from({ length: VISITOR_VIDEOS_PER_DAY }, (_, i) =>
        env.DB.prepare("INSERT INTO videos (id, user_id, message_id, job_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'failed', ?, ?)").bind(
          `vid_pv${t}${i}`,
          owner.user.id,
          replyId,
          `job_pv${t}${i}`,
          t,
          t,
        ),
      ),
    );
    const res = await api("POST", `/api/public/${link.token}/messages/${replyId}/video`, { headers });
    expect(res.status).toBe(429);
    expectErrorShape(res.body, "rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another visitor of the same link still has theirs.
    const other = await newVisitor(link.token);
    expect((await api("POST", `/api/public/${link.token}/messages/${other.replyId}/video`, { headers: other.headers })).status).toBe(202);
  });
});
