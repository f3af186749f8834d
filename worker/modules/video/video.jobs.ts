// Job `video.generate`: renders an assistant reply with the user's avatar through the video
// provider, stores the MP4 under users/<id>/videos/ and pushes {type:"video"} to the user.
import { defineJob, PermanentJobError } from "../jobs";
import { jobPayloads } from "../../contracts/jobs";
import { userPrefix } from "../../shared/r2";
import { putStream } from "../../shared/r2-stream";
import { spokenText } from "../../shared/spoken-text";
import { providerCall, type RenderResult, type VideoProvider } from "../../platform/video/port";
import { avatarModelKey, type AvatarService } from "../avatar";
import type { MediaUrls } from "../media";
import type { ProfileService } from "../profile";
import type { VideoRepository } from "./video.repo";
import type { VideoService } from "./video.service";

export interface VideoJobDeps {
  repo: VideoRepository;
  videos: VideoService;
  avatars: AvatarService;
  bucket: R2Bucket;
  provider: VideoProvider;
  mediaUrls: MediaUrls;
  profiles: ProfileService;
}

/** Stores a rendered video: a stream with a known length goes straight to R2, else it is read first. */
async function store(bucket: R2Bucket, key: string, result: RenderResult): Promise<number> {
  let body = result.kind === "stream" ? result.body : null;
  let size = result.kind === "stream" ? result.sizeBytes : null;
  if (result.kind === "url") {
    const res = await fetch(result.url);
    if (!res.ok || !res.body) throw new Error(`Downloading the rendered video failed: HTTP ${res.status}`);
    body = res.body;
    size = Number(res.headers.get("content-length")) || null;
  }
  return putStream(bucket, key, body!, size, { httpMetadata: { contentType: "video/mp4" } });
}

export const createVideoJobs = ({ repo, videos, avatars, bucket, provider, mediaUrls, profiles }: VideoJobDeps) => [
  defineJob({
    kind: "video.generate",
    payload: jobPayloads["video.generate"],
    async run({ videoId, origin }, job, { progress, checkpoint }) {
      const row = await repo.find(videoId);
      if (!row || row.userId !== job.userId) throw new PermanentJobError("The video request no longer exists");
      if (row.status === "ready") return { videoId, skipped: true };

      const avatar = row.avatarId ? await avatars.find(row.avatarId) : undefined;
      if (!avatar || avatar.status !== "ready") throw new PermanentJobError("The avatar was replaced or deleted; request the video again");
      const message = await repo.messageForUser(job.userId, row.messageId);
      if (!message) throw new PermanentJobError("The message was deleted");

      const processing = await repo.update(videoId, { status: "processing", progress: 10, error: null });
      if (processing) await videos.announce(processing);
      await progress(10);

      const reference = avatar.referenceKey ? await (await bucket.get(avatar.referenceKey))?.arrayBuffer() : undefined;
      const model = await (await bucket.get(avatarModelKey(avatar.userId, avatar.id)))?.arrayBuffer();
      const profile = await profiles.get(job.userId);
      const result = await providerCall(async () =>
        provider.render({
          text: spokenText(message.content),
          checkpoint,
          language: profile.language,
          avatar: {
            kind: avatar.kind,
            voice: JSON.parse(avatar.voice ?? "{}") as Record<string, unknown>,
            reference: reference ?? null,
            model: model ?? null,
            sourceUrl: new URL(await mediaUrls.sign(avatar.r2Key, 6 * 3600), origin).toString(),
          },
        }),
      );
      await progress(80);

      const key = `${userPrefix(job.userId)}videos/${videoId}.mp4`;
      const size = await store(bucket, key, result);
      const ready = await repo.update(videoId, { status: "ready", progress: 100, r2Key: key, sizeBytes: size, durationMs: result.durationMs, error: null });
      if (ready) await videos.announce(ready);
      return { videoId, sizeBytes: size, durationMs: result.durationMs };
    },

    async onFailed(job, reason) {
      const { videoId } = JSON.parse(job.payload) as { videoId?: string };
      if (!videoId) return;
      const failed = await repo.update(videoId, { status: "failed", error: reason });
      if (failed) await videos.announce(failed);
    },
  }),
];
