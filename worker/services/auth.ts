import { AppError } from "../lib/errors";
import { randomToken } from "../lib/ids";
import type { UserRepository } from "../db/repositories/users";
import type { SessionRepository } from "../db/repositories/sessions";
import type { User } from "../db/schema";
import { dummyPasswordHash, hashPassword, sha256Hex, verifyPassword } from "./passwords";
import { isTicket, type TokenService, type TokenType } from "./tokens";
import { cacheKeys, type CacheService } from "./cache";
import { REFRESH_GRACE_MS, type RefreshRotation } from "./refresh-rotation";

/** How long a session's state may be served from the cache; revocation invalidates it at once. */
const SESSION_CACHE_TTL_SECONDS = 60;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  expiresIn: number;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const publicUser = (u: User) => ({ id: u.id, email: u.email, name: u.name, createdAt: u.createdAt });
export type PublicUser = ReturnType<typeof publicUser>;

export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: TokenService,
    private readonly refreshTtlMs: number,
    private readonly cache: CacheService,
    private readonly rotation: RefreshRotation,
  ) {}

  async register(input: { name: string; email: string; password: string }, userAgent: string | null) {
    const email = normalizeEmail(input.email);
    if (await this.users.findByEmail(email)) throw new AppError("conflict", "An account with this email already exists");
    const passwordHash = await hashPassword(input.password);
    let user: User;
    try {
      user = await this.users.create({ email, name: input.name.trim(), passwordHash });
    } catch (err) {
      // Two registrations racing for one email: the UNIQUE index decides.
      if (String(err).includes("UNIQUE")) throw new AppError("conflict", "An account with this email already exists");
      throw err;
    }
    return { user: publicUser(user), tokens: await this.startSession(user.id, userAgent) };
  }

  async login(input: { email: string; password: string }, userAgent: string | null) {
    const user = await this.users.findByEmail(normalizeEmail(input.email));
    // Unknown email and wrong password take the same time and give the same answer.
    const check = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !check.ok) throw new AppError("unauthorized", "Email or password is incorrect");
    if (check.needsRehash) await this.users.update(user.id, { passwordHash: await hashPassword(input.password) });
    return { user: publicUser(user), tokens: await this.startSession(user.id, userAgent) };
  }

  /**
   * Rotates a refresh token. Requests presenting the same token within REFRESH_GRACE_MS of its
   * first use (tabs refreshing at once) all get the same new pair; presenting it later, or after
   * its successor was itself rotated, revokes the whole session (theft signal).
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = await sha256Hex(refreshToken);
    const row = await this.sessions.findRefreshToken(hash);
    if (!row) throw new AppError("unauthorized", "Invalid refresh token");
    const session = await this.sessions.find(row.sessionId);
    if (!session || session.revokedAt || session.expiresAt < Date.now() || row.expiresAt < Date.now()) {
      throw new AppError("unauthorized", "Session has ended; sign in again");
    }
    const at = Date.now();
    if (!row.usedAt && (await this.sessions.markRefreshTokenUsed(row.id, at))) return this.rotate(session, refreshToken, at);
    // Used already: by a request racing this one (re-read: it may have won after our read) or earlier.
    const usedAt = row.usedAt ?? (await this.sessions.findRefreshToken(hash))?.usedAt ?? null;
    if (usedAt !== null && at - usedAt <= REFRESH_GRACE_MS) {
      const successor = await this.sessions.findRefreshToken(await sha256Hex(await this.rotation.successor(refreshToken)));
      if (!successor?.usedAt) return this.rotate(session, refreshToken, usedAt);
    }
    await this.revoke(session.id);
    throw new AppError("unauthorized", "Refresh token was already used; session revoked");
  }

  /** The pair that replaces `old`, the same for every request rotating it: derived token, access token pinned to the rotation time. */
  private async rotate(session: { id: string; userId: string; expiresAt: number }, old: string, rotatedAt: number): Promise<TokenPair> {
    const refreshToken = await this.rotation.successor(old);
    await this.sessions.addRefreshToken(session, await sha256Hex(refreshToken));
    const accessToken = await this.tokens.sign({ userId: session.userId, sessionId: session.id }, "access", this.tokens.accessTtl, {}, Math.floor(rotatedAt / 1000));
    return { accessToken, refreshToken, tokenType: "Bearer", expiresIn: this.tokens.accessTtl };
  }

  async logout(sessionId: string): Promise<void> {
    await this.revoke(sessionId);
  }

  /** Verifies a session-bound token (access or socket ticket) and that its session is still live. */
  async verifySession(token: string, type: TokenType = "access") {
    const claims = await this.tokens.verify(token, type);
    if (!(await this.isSessionActive(claims.sessionId, claims.userId))) throw new AppError("unauthorized", "Session has ended; sign in again");
    if (isTicket(type) && !(await this.sessions.consumeTicket(claims.payload.jti as string, ((claims.payload.exp as number) + 5) * 1000))) {
      throw new AppError("unauthorized", "This socket ticket was already used; ask for a new one");
    }
    return claims;
  }

  /**
   * Whether an access token's session is still live. Read through the cache (it runs on every
   * authenticated request); every revocation invalidates the entry, so logout takes effect at once.
   */
  async isSessionActive(sessionId: string, userId: string): Promise<boolean> {
    const s = await this.cache.cached(cacheKeys.session(sessionId), SESSION_CACHE_TTL_SECONDS, async () => {
      const row = await this.sessions.find(sessionId);
      return row ? { userId: row.userId, expiresAt: row.expiresAt, revokedAt: row.revokedAt } : null;
    });
    return !!s && s.userId === userId && !s.revokedAt && s.expiresAt > Date.now();
  }

  /** Drops cached session state without revoking (e.g. the sessions are about to be deleted). */
  async forgetSessions(sessionIds: string[]): Promise<void> {
    await Promise.all(sessionIds.map((id) => this.cache.invalidate(cacheKeys.session(id))));
  }

  private async revoke(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
    await this.cache.invalidate(cacheKeys.session(sessionId));
  }

  async me(userId: string) {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError("unauthorized", "Account no longer exists");
    return publicUser(user);
  }

  private async startSession(userId: string, userAgent: string | null): Promise<TokenPair> {
    const session = await this.sessions.create(userId, userAgent?.slice(0, 200) ?? null, this.refreshTtlMs);
    return this.issue(session);
  }

  private async issue(session: { id: string; userId: string; expiresAt: number }): Promise<TokenPair> {
    const refreshToken = randomToken(32);
    await this.sessions.addRefreshToken(session, await sha256Hex(refreshToken));
    const accessToken = await this.tokens.sign({ userId: session.userId, sessionId: session.id });
    return { accessToken, refreshToken, tokenType: "Bearer", expiresIn: this.tokens.accessTtl };
  }
}
