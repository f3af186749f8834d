// The avatar module: the user's avatar upload, its training job and its live state.
import type { Db } from "../../platform/db/client";
import type { UserEventPublisher } from "../../platform/realtime/port";
import type { VideoProvider } from "../../platform/video/port";
import type { JobService } from "../jobs";
import type { MediaUrls } from "../media";
import type { ProfileService } from "../profile";
import { createAvatarJobs } from "./avatar.jobs";
import { AvatarRepository } from "./avatar.repo";
import { AvatarService } from "./avatar.service";

export { avatarRoutes } from "./avatar.routes";
export type { AvatarService };

export function createAvatarModule(deps: {
  db: Db;
  bucket: R2Bucket;
  jobs: JobService;
  events: UserEventPublisher;
  mediaUrls: MediaUrls;
  video: VideoProvider;
  profiles: ProfileService;
  maxUploadSize: number;
}) {
  const repo = new AvatarRepository(deps.db);
  const service = new AvatarService(repo, deps.bucket, deps.jobs, deps.events, deps.mediaUrls, deps.maxUploadSize);
  return {
    service,
    jobs: createAvatarJobs({ repo, avatars: service, bucket: deps.bucket, video: deps.video, mediaUrls: deps.mediaUrls, profiles: deps.profiles }),
  };
}
export { avatarModelKey } from "./avatar.service";
