// The video module: talking-avatar videos of replies (request, quota, render job, status).
import type { Db } from "../../platform/db/client";
import type { RoomEventPublisher, UserEventPublisher } from "../../platform/realtime/port";
import type { VideoProvider } from "../../platform/video/port";
import type { AvatarService } from "../avatar";
import type { JobService } from "../jobs";
import type { MediaUrls } from "../media";
import type { ProfileService } from "../profile";
import { createVideoJobs } from "./video.jobs";
import { VideoRepository } from "./video.repo";
import { VideoService } from "./video.service";

export { videoRoutes } from "./video.routes";
export { VISITOR_VIDEOS_PER_DAY } from "./video.service";
export { VisitorVideoStatusSchema } from "./video.schemas";
export type { VideoService };

export function createVideoModule(deps: {
  db: Db;
  bucket: R2Bucket;
  jobs: JobService;
  events: UserEventPublisher;
  rooms: RoomEventPublisher;
  mediaUrls: MediaUrls;
  provider: VideoProvider;
  avatars: AvatarService;
  profiles: ProfileService;
  quotaPerDay: number;
}) {
  const repo = new VideoRepository(deps.db);
  const service = new VideoService(repo, deps.avatars, deps.jobs, deps.events, deps.mediaUrls, deps.provider, deps.quotaPerDay, deps.rooms);
  return {
    service,
    jobs: createVideoJobs({
      repo,
      videos: service,
      avatars: deps.avatars,
      bucket: deps.bucket,
      provider: deps.provider,
      mediaUrls: deps.mediaUrls,
      profiles: deps.profiles,
    }),
  };
}
