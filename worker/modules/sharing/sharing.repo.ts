import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { shareLinks } from "../../platform/db/schema";
import { newId, now, randomToken } from "../../shared/ids";

export type ShareLinkRow = typeof shareLinks.$inferSelect;

export class ShareLinkRepository {
  constructor(private readonly db: Db) {}

  async create(userId: string, label: string): Promise<ShareLinkRow> {
    // 192 random bits: the token is the only secret a visitor holds.
    const row: ShareLinkRow = { id: newId("shr"), userId, token: randomToken(24), label, createdAt: now(), revokedAt: null };
    await this.db.insert(shareLinks).values(row);
    return row;
  }

  list(userId: string): Promise<ShareLinkRow[]> {
    return this.db.select().from(shareLinks).where(eq(shareLinks.userId, userId)).orderBy(desc(shareLinks.createdAt), desc(shareLinks.id)).all();
  }

  /** Revokes the owner's link; false when it is not theirs or already revoked. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .update(shareLinks)
      .set({ revokedAt: now() })
      .where(and(eq(shareLinks.id, id), eq(shareLinks.userId, userId), isNull(shareLinks.revokedAt)))
      .returning({ id: shareLinks.id });
    return rows.length > 0;
  }

  find(userId: string, id: string): Promise<ShareLinkRow | undefined> {
    return this.db
      .select()
      .from(shareLinks)
      .where(and(eq(shareLinks.id, id), eq(shareLinks.userId, userId)))
      .get();
  }

  /** A live (not revoked) link by its public token. */
  findActiveByToken(token: string): Promise<ShareLinkRow | undefined> {
    return this.db
      .select()
      .from(shareLinks)
      .where(and(eq(shareLinks.token, token), isNull(shareLinks.revokedAt)))
      .get();
  }
}
