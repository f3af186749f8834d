import { and, eq, gte, count } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { conversations, messages, videos, type Message, type Video } from "../../platform/db/schema";
import { now } from "../../shared/ids";

export type VideoPatch = Partial<Pick<Video, "status" | "progress" | "provider" | "r2Key" | "durationMs" | "sizeBytes" | "error" | "avatarId">>;

export class VideoRepository {
  constructor(private readonly db: Db) {}

  async create(row: Pick<Video, "id" | "userId" | "messageId" | "avatarId" | "jobId" | "provider">): Promise<Video> {
    const t = now();
    const video: Video = { ...row, status: "queued", progress: 0, r2Key: null, durationMs: null, sizeBytes: null, error: null, createdAt: t, updatedAt: t };
    await this.db.insert(videos).values(video);
    return video;
  }

  find(id: string): Promise<Video | undefined> {
    return this.db.select().from(videos).where(eq(videos.id, id)).get();
  }

  findByJobForUser(userId: string, jobId: string): Promise<Video | undefined> {
    return this.db
      .select()
      .from(videos)
      .where(and(eq(videos.jobId, jobId), eq(videos.userId, userId)))
      .get();
  }

  async countSince(userId: string, since: number): Promise<number> {
    const row = await this.db
      .select({ n: count() })
      .from(videos)
      .where(and(eq(videos.userId, userId), gte(videos.createdAt, since)))
      .get();
    return row?.n ?? 0;
  }

  /** Videos of replies in one visitor's conversations through one share link, made since `since`. */
  async countForVisitorSince(shareLinkId: string, visitorId: string, since: number): Promise<number> {
    const row = await this.db
      .select({ n: count() })
      .from(videos)
      .innerJoin(messages, eq(messages.id, videos.messageId))
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.shareLinkId, shareLinkId), eq(conversations.visitorId, visitorId), gte(videos.createdAt, since)))
      .get();
    return row?.n ?? 0;
  }

  async update(id: string, patch: VideoPatch): Promise<Video | undefined> {
    const rows = await this.db
      .update(videos)
      .set({ ...patch, updatedAt: now() })
      .where(eq(videos.id, id))
      .returning();
    return rows[0];
  }

  /** A message of the user (the reply a video is made of); the chat capability owns writing them. */
  messageForUser(userId: string, messageId: string): Promise<Message | undefined> {
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.userId, userId)))
      .get();
  }

  async linkMessage(messageId: string, jobId: string): Promise<void> {
    await this.db.update(messages).set({ videoJobId: jobId }).where(eq(messages.id, messageId));
  }
}
