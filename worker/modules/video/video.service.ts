import type { Avatar, Video } from "../../platform/db/schema";
import type { VideoRepository } from "./video.repo";
import type { VideoStatusView } from "./video.schemas";
import type { AvatarService } from "../avatar";
import type { JobService } from "../jobs";
import type { RoomEventPublisher, UserEventPublisher } from "../../platform/realtime/port";
import type { VideoEvent } from "../../contracts/events";
import type { MediaUrls } from "../media";
import type { VideoProvider } from "../../platform/video/port";
import { AppError, notFound } from "../../shared/errors";
import { newId } from "../../shared/ids";

const DAY_MS = 24 * 3600 * 1000;
/** Reply videos one visitor may ask for through one share link per rolling 24 h. Small on purpose:
 * the owner pays for every render, and a visitor is anyone holding the link. */
export const VISITOR_VIDEOS_PER_DAY = 3;

/**
 * Why a failed avatar makes no video, and what to do. Training errors read "<cause> — <advice>" (the local
 * renderer's "No face was found in the photo — upload a well-lit photo…"): the cause is kept, the advice replaced.
 */
function unusableAvatar(avatar: Pick<Avatar, "kind" | "error">): string {
  const cause = avatar.error?.split(" — ")[0]!.trim().replace(/\.$/, "");
  const reason = cause ? ` (${/^[A-Z][a-z]/.test(cause) ? cause[0]!.toLowerCase() + cause.slice(1) : cause})` : "";
  return `Your avatar ${avatar.kind} could not be used${reason}; upload another photo or video on the Avatar page`;
}

/** A share-link visitor asking for a video of a reply in their own conversation. */
export interface VisitorRequester {
  shareLinkId: string;
  visitorId: string;
}

/** Reply videos: request (quota, avatar and provider checks), status, and the live event. */
export class VideoService {
  constructor(
    private readonly repo: VideoRepository,
    private readonly avatars: AvatarService,
    private readonly jobs: JobService,
    private readonly events: UserEventPublisher,
    private readonly urls: MediaUrls,
    private readonly provider: VideoProvider,
    private readonly quotaPerDay: number,
    private readonly rooms: RoomEventPublisher,
  ) {}

  /**
   * `userId` is the owner (whose avatar speaks and whose storage holds the video). Without
   * `visitor` the owner's daily quota applies; with it, that visitor's own quota on that link
   * (the route has checked the reply is in the visitor's conversation).
   */
  async request(userId: string, messageId: string, origin: string, visitor?: VisitorRequester): Promise<{ jobId: string; status: Video["status"] }> {
    const message = await this.repo.messageForUser(userId, messageId);
    if (!message) throw notFound("Message");
    if (message.role !== "assistant") throw new AppError("conflict", "Only assistant replies can be turned into a video");
    const avatar = await this.avatars.currentRecord(userId);
    if (!avatar) throw new AppError("conflict", "Upload an avatar first");
    if (avatar.status === "failed") throw new AppError("conflict", unusableAvatar(avatar));
    if (avatar.status !== "ready") throw new AppError("conflict", "Your avatar is still being prepared; try again in a moment");

    // Asking again for the same reply and avatar returns the video already made or in progress.
    if (message.videoJobId) {
      const existing = await this.repo.findByJobForUser(userId, message.videoJobId);
      if (existing && existing.status !== "failed" && existing.avatarId === avatar.id) return { jobId: existing.jobId, status: existing.status };
    }

    const since = Date.now() - DAY_MS;
    if (visitor) {
      if ((await this.repo.countForVisitorSince(visitor.shareLinkId, visitor.visitorId, since)) >= VISITOR_VIDEOS_PER_DAY) {
        throw new AppError("rate_limited", `Visitors can make ${VISITOR_VIDEOS_PER_DAY} videos per day with this link; try again later`, undefined, {
          "Retry-After": "3600",
        });
      }
    } else if ((await this.repo.countSince(userId, since)) >= this.quotaPerDay) {
      throw new AppError("rate_limited", `You can make ${this.quotaPerDay} videos per day; try again later`, undefined, { "Retry-After": "3600" });
    }
    const up = await this.provider.available();
    if (!up.ok) throw new AppError("upstream_unavailable", up.reason);

    const id = newId("vid");
    const job = await this.jobs.enqueue(
      { userId, kind: "video.generate", subjectId: id, payload: { videoId: id, origin } },
      // The row exists before the queue message is sent, so the consumer always finds it.
      async (j) => {
        await this.repo.create({ id, userId, messageId, avatarId: avatar.id, jobId: j.id, provider: this.provider.name });
        await this.repo.linkMessage(messageId, j.id);
      },
    );
    return { jobId: job.id, status: "queued" };
  }

  /** The owner's message (for checks by the sharing module), or undefined. */
  message(ownerId: string, messageId: string) {
    return this.repo.messageForUser(ownerId, messageId);
  }

  /** The owner's video record of a job, or undefined. */
  findByJob(ownerId: string, jobId: string): Promise<Video | undefined> {
    return this.repo.findByJobForUser(ownerId, jobId);
  }

  async status(userId: string, jobId: string): Promise<VideoStatusView> {
    const video = await this.repo.findByJobForUser(userId, jobId);
    if (!video) throw notFound("Video job");
    return this.view(video);
  }

  async view(v: Video): Promise<VideoStatusView> {
    return {
      jobId: v.jobId,
      messageId: v.messageId,
      status: v.status,
      progress: v.progress,
      error: v.error,
      videoUrl: v.status === "ready" && v.r2Key ? await this.urls.sign(v.r2Key) : null,
      durationSeconds: v.durationMs == null ? null : v.durationMs / 1000,
    };
  }

  /** The video event the chat UI listens for (contracts/events.ts: one shape on the user's socket and the conversation's). */
  async announce(v: Video): Promise<void> {
    const view = await this.view(v);
    const event: VideoEvent = {
      type: "video",
      messageId: v.messageId,
      jobId: v.jobId,
      status: v.status,
      videoUrl: view.videoUrl,
      progress: v.progress,
      error: v.error,
    };
    await this.events.publish(v.userId, event);
    // Sockets watching the conversation (e.g. a second tab) get it on the conversation channel too.
    const message = await this.repo.messageForUser(v.userId, v.messageId);
    if (message) await this.rooms.publish(message.conversationId, event);
  }
}
