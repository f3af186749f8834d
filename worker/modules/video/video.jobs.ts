// Job `video.generate`: renders an assistant reply with the user's avatar through the video
// provider, stores the MP4 under users/<id>/videos/ and pushes {type:"video"} to the user.
import { z } from "zod";
import { registerJobHandler } from "../../../queue-consumers/registry";
import { PermanentJobError } from "../jobs/define-job";
import { providerCall } from "../../../queue-consumers/provider-errors";
import { userPrefix } from "../account/account-data";
import type { RenderResult } from "../../platform/video/port";

const payloadSchema = z.object({ videoId: z.string(), origin: z.string().url() });

/** Stores a rendered video: a stream with a known length goes straight to R2, else it is downloaded first. */
async function store(bucket: R2Bucket, key: string, result: RenderResult): Promise<number> {
  const opts = { httpMetadata: { contentType: "video/mp4" } };
  if (result.kind === "url") {
    const res = await fetch(result.url);
    if (!res.ok || !res.body) throw new Error(`Downloading the rendered video failed: HTTP ${res.status}`);
    result = { kind: "stream", body: res.body, contentType: "video/mp4", sizeBytes: Number(res.headers.get("content-length")) || null, durationMs: result.durationMs };
  }
  if (result.sizeBytes) {
    const fixed = new FixedLengthStream(result.sizeBytes);
    const [obj] = await Promise.all([bucket.put(key, fixed.readable, opts), result.body.pipeTo(fixed.writable)]);
    return obj.size;
  }
  const obj = await bucket.put(key, await new Response(result.body).arrayBuffer(), opts);
  return obj.size;
}

registerJobHandler("video.generate", {
  async run(job, { services, progress }) {
    const { videoId, origin } = payloadSchema.parse(JSON.parse(job.payload));
    const { videos, avatars, bucket, video: provider, mediaUrls, profiles } = services;
    const row = await videos.repo.find(videoId);
    if (!row || row.userId !== job.userId) throw new PermanentJobError("The video request no longer exists");
    if (row.status === "ready") return { videoId, skipped: true };

    const avatar = row.avatarId ? await avatars.repo.find(row.avatarId) : undefined;
    if (!avatar || avatar.status !== "ready") throw new PermanentJobError("The avatar was replaced or deleted; request the video again");
    const message = await videos.repo.messageForUser(job.userId, row.messageId);
    if (!message) throw new PermanentJobError("The message was deleted");

    const processing = await videos.repo.update(videoId, { status: "processing", progress: 10, error: null });
    if (processing) await videos.announce(processing);
    await progress(10);

    const reference = avatar.referenceKey ? await (await bucket.get(avatar.referenceKey))?.arrayBuffer() : undefined;
    const profile = await profiles.get(job.userId);
    const result = await providerCall(async () =>
      provider.render({
        text: message.content,
        language: profile.language,
        avatar: {
          kind: avatar.kind,
          voice: JSON.parse(avatar.voice ?? "{}") as Record<string, unknown>,
          reference: reference ?? null,
          sourceUrl: new URL(await mediaUrls.sign(avatar.r2Key, 6 * 3600), origin).toString(),
        },
      }),
    );
    await progress(80);

    const key = `${userPrefix(job.userId)}videos/${videoId}.mp4`;
    const size = await store(bucket, key, result);
    const ready = await videos.repo.update(videoId, { status: "ready", progress: 100, r2Key: key, sizeBytes: size, durationMs: result.durationMs, error: null });
    if (ready) await videos.announce(ready);
    return { videoId, sizeBytes: size, durationMs: result.durationMs };
  },

  async onFailed(job, reason, services) {
    const { videoId } = JSON.parse(job.payload) as { videoId?: string };
    if (!videoId) return;
    const failed = await services.videos.repo.update(videoId, { status: "failed", error: reason });
    if (failed) await services.videos.announce(failed);
  },
});
