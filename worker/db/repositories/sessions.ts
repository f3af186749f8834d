import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { sessions, refreshTokens } from "../schema";
import { newId, now } from "../../lib/ids";

export type Session = typeof sessions.$inferSelect;
export type RefreshToken = typeof refreshTokens.$inferSelect;

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(userId: string, userAgent: string | null, ttlMs: number): Promise<Session> {
    const t = now();
    const session: Session = { id: newId("ses"), userId, userAgent, createdAt: t, expiresAt: t + ttlMs, revokedAt: null };
    await this.db.insert(sessions).values(session);
    return session;
  }

  find(id: string): Promise<Session | undefined> {
    return this.db.select().from(sessions).where(eq(sessions.id, id)).get();
  }

  async idsForUser(userId: string): Promise<string[]> {
    const rows = await this.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).all();
    return rows.map((r) => r.id);
  }

  /** Records a socket ticket as used; false when it already was (a replay). Prunes expired records on the way. */
  async consumeTicket(jti: string, expiresAtMs: number): Promise<boolean> {
    await this.db.run(sql`DELETE FROM used_tickets WHERE expires_at < ${now()}`);
    const insert = await this.db.run(sql`INSERT INTO used_tickets (jti, expires_at) VALUES (${jti}, ${expiresAtMs}) ON CONFLICT (jti) DO NOTHING`);
    return (insert as D1Result).meta.changes === 1;
  }

  async revoke(id: string): Promise<void> {
    await this.db.update(sessions).set({ revokedAt: now() }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
  }

  /** Adds a refresh token; adding one whose hash is already stored is a no-op (concurrent rotations of one token). */
  async addRefreshToken(session: Pick<Session, "id" | "userId" | "expiresAt">, tokenHash: string): Promise<void> {
    await this.db.insert(refreshTokens).values({
      id: newId("rtk"),
      sessionId: session.id,
      userId: session.userId,
      tokenHash,
      createdAt: now(),
      expiresAt: session.expiresAt,
      usedAt: null,
    }).onConflictDoNothing({ target: refreshTokens.tokenHash });
  }

  findRefreshToken(tokenHash: string): Promise<RefreshToken | undefined> {
    return this.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).get();
  }

  /** Marks a refresh token used at `at`; false when another request already used it (a replay or a race). */
  async markRefreshTokenUsed(id: string, at = now()): Promise<boolean> {
    const res = await this.db
      .update(refreshTokens)
      .set({ usedAt: at })
      .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.usedAt)))
      .returning({ id: refreshTokens.id });
    return res.length === 1;
  }
}
