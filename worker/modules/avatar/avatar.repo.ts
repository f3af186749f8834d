import { and, eq, desc, ne, lte, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { avatars, type Avatar } from "../../platform/db/schema";
import { now } from "../../shared/ids";

export type AvatarPatch = Partial<Pick<Avatar, "status" | "progress" | "provider" | "providerRef" | "referenceKey" | "voice" | "error">>;

export class AvatarRepository {
  constructor(private readonly db: Db) {}

  async create(
    row: Omit<Avatar, "createdAt" | "updatedAt" | "progress" | "provider" | "providerRef" | "referenceKey" | "voice" | "error" | "status">,
  ): Promise<Avatar> {
    const t = now();
    const avatar: Avatar = {
      ...row,
      status: "queued",
      progress: 0,
      provider: null,
      providerRef: null,
      referenceKey: null,
      voice: null,
      error: null,
      createdAt: t,
      updatedAt: t,
    };
    await this.db.insert(avatars).values(avatar);
    return avatar;
  }

  find(id: string): Promise<Avatar | undefined> {
    return this.db.select().from(avatars).where(eq(avatars.id, id)).get();
  }

  /** Scoped read: another user's avatar is indistinguishable from a missing one. */
  findForUser(userId: string, id: string): Promise<Avatar | undefined> {
    return this.db
      .select()
      .from(avatars)
      .where(and(eq(avatars.id, id), eq(avatars.userId, userId)))
      .get();
  }

  /**
   * The avatar in use: the newest ready one, else the newest upload (still training, or failed). A newer
   * upload replaces a ready avatar only once it is ready itself, so a failed replacement never takes its place.
   */
  current(userId: string): Promise<Avatar | undefined> {
    return this.db
      .select()
      .from(avatars)
      .where(eq(avatars.userId, userId))
      .orderBy(desc(sql`${avatars.status} = 'ready'`), desc(avatars.createdAt), desc(avatars.id))
      .get();
  }

  /** The user's newest upload, whatever its state. */
  latest(userId: string): Promise<Avatar | undefined> {
    return this.db.select().from(avatars).where(eq(avatars.userId, userId)).orderBy(desc(avatars.createdAt), desc(avatars.id)).get();
  }

  /** Every avatar of the user older than `keep` (what `keep` replaces). */
  olderThan(userId: string, keep: Avatar): Promise<Avatar[]> {
    return this.db
      .select()
      .from(avatars)
      .where(and(eq(avatars.userId, userId), ne(avatars.id, keep.id), lte(avatars.createdAt, keep.createdAt)))
      .all();
  }

  listForUser(userId: string): Promise<Avatar[]> {
    return this.db.select().from(avatars).where(eq(avatars.userId, userId)).all();
  }

  async update(id: string, patch: AvatarPatch): Promise<Avatar | undefined> {
    const rows = await this.db
      .update(avatars)
      .set({ ...patch, updatedAt: now() })
      .where(eq(avatars.id, id))
      .returning();
    return rows[0];
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(avatars).where(eq(avatars.id, id));
  }
}
