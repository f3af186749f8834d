// Job `avatar.train`: asks the video provider to prepare the uploaded avatar (reference frame,
// voice), stores the poster in R2 and marks the avatar ready, which then replaces the older ones
// (until then a ready older avatar stays in use); state is pushed live.
import { defineJob, PermanentJobError } from "../jobs";
import { jobPayloads } from "../../contracts/jobs";
import { providerCall, type VideoProvider } from "../../platform/video/port";
import type { MediaUrls } from "../media";
import type { ProfileService } from "../profile";
import type { AvatarRepository } from "./avatar.repo";
import { avatarModelKey, avatarPrefix, type AvatarService } from "./avatar.service";

export interface AvatarJobDeps {
  repo: AvatarRepository;
  avatars: AvatarService;
  bucket: R2Bucket;
  video: VideoProvider;
  mediaUrls: MediaUrls;
  profiles: ProfileService;
}

export const createAvatarJobs = ({ repo, avatars, bucket, video, mediaUrls, profiles }: AvatarJobDeps) => [
  defineJob({
    kind: "avatar.train",
    payload: jobPayloads["avatar.train"],
    async run({ avatarId, origin }, job, { progress, checkpoint }) {
      const avatar = await repo.find(avatarId);
      if (!avatar || avatar.userId !== job.userId) throw new PermanentJobError("The avatar was replaced or deleted before training");
      if (avatar.status === "ready") {
        // A retry after the avatar was marked ready: finish replacing the older ones.
        await avatars.replaceOlder(avatar);
        return { avatarId, skipped: true };
      }

      const processing = await repo.update(avatarId, { status: "processing", progress: 10, error: null, provider: video.name });
      if (processing) await avatars.announce(processing);
      await progress(10);

      const profile = await profiles.get(job.userId);
      const sourceUrl = new URL(await mediaUrls.sign(avatar.r2Key, 6 * 3600), origin).toString();
      const result = await providerCall(() =>
        video.train({
          language: profile.language,
          checkpoint,
          enthusiasm: profile.personality.enthusiasm,
          source: {
            kind: avatar.kind,
            mimeType: avatar.mimeType,
            sizeBytes: avatar.sizeBytes,
            url: sourceUrl,
            open: async () => {
              const obj = await bucket.get(avatar.r2Key);
              if (!obj) throw new PermanentJobError("The uploaded avatar file is missing");
              return obj.body;
            },
          },
        }),
      );
      await progress(80);

      let referenceKey: string | null = null;
      if (result.reference) {
        referenceKey = `${avatarPrefix(avatar.userId, avatar.id)}reference.jpg`;
        await bucket.put(referenceKey, result.reference, { httpMetadata: { contentType: "image/jpeg" } });
      }
      const modelKey = avatarModelKey(avatar.userId, avatar.id);
      if (result.model) await bucket.put(modelKey, result.model, { httpMetadata: { contentType: "application/octet-stream" } });
      // The avatar may have been replaced while the provider worked: do not resurrect it.
      if (!(await repo.find(avatarId))) {
        if (referenceKey) await bucket.delete(referenceKey);
        if (result.model) await bucket.delete(modelKey);
        throw new PermanentJobError("The avatar was replaced or deleted during training");
      }
      const ready = await repo.update(avatarId, { status: "ready", progress: 100, referenceKey, voice: JSON.stringify(result.voice), error: null });
      if (ready) {
        // Only now does the new avatar take the old one's place (a failed one never does).
        await avatars.replaceOlder(ready);
        await avatars.announce(ready);
      }
      return { avatarId, provider: video.name, voice: result.voice };
    },

    async onFailed(job, reason) {
      const { avatarId } = JSON.parse(job.payload) as { avatarId?: string };
      if (!avatarId) return;
      const failed = await repo.update(avatarId, { status: "failed", error: reason });
      if (failed) await avatars.announce(failed);
    },
  }),
];
