import { AppError } from "../../shared/errors";
import { randomToken } from "../../shared/ids";
import type { UserRepository } from "./users.repo";
import type { SessionRepository } from "./sessions.repo";
import type { User } from "../../platform/db/schema";
import { dummyPasswordHash, hashPassword, sha256Hex, verifyPassword } from "./passwords";
import { isTicket, TICKET_TTL_SECONDS, type AccessClaims, type TokenService, type TokenType } from "./tokens";
import { cacheKeys, cacheScopes, type CacheService } from "../../platform/cache/port";
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
    await this.revoke(session);
    throw new AppError("unauthorized", "Refresh token was already used; session revoked");
  }

  /** The pair that replaces `old`, the same for every request rotating it: derived token, access token pinned to the rotation time. */
  private async rotate(session: { id: string; userId: string; expiresAt: number }, old: string, rotatedAt: number): Promise<TokenPair> {
    const refreshToken = await this.rotation.successor(old);
    await this.sessions.addRefreshToken(session, await sha256Hex(refreshToken));
    const accessToken = await this.tokens.sign(
      { userId: session.userId, sessionId: session.id },
      "access",
      this.tokens.accessTtl,
      {},
      Math.floor(rotatedAt / 1000),
    );
    return { accessToken, refreshToken, tokenType: "Bearer", expiresIn: this.tokens.accessTtl };
  }

  /**
   * Sets a new password after checking the current one. Every OTHER session of the user is
   * revoked (and dropped from the session cache, so it ends at once, as logout does); the
   * session that asked stays signed in with its tokens.
   */
  async changePassword(auth: { userId: string; sessionId: string }, currentPassword: string, newPassword: string): Promise<void> {
    await this.checkPassword(auth.userId, currentPassword);
    await this.users.update(auth.userId, { passwordHash: await hashPassword(newPassword) });
    await this.forgetSessions(auth.userId, await this.sessions.revokeOthers(auth.userId, auth.sessionId));
  }

  /**
   * For actions a stolen access token alone must not be able to do (new password, deleting the
   * account). 403, not 401: the session is fine, and a 401 would make clients refresh and retry.
   */
  async checkPassword(userId: string, password: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError("unauthorized", "Account no longer exists");
    if (!(await verifyPassword(password, user.passwordHash)).ok) throw new AppError("forbidden", "Your current password is incorrect");
  }

  async logout(session: { sessionId: string; userId: string }): Promise<void> {
    await this.revoke({ id: session.sessionId, userId: session.userId });
  }

  /** The signature, expiry and type of an access token only; whether its session is live is isSessionActive's. */
  verifyAccessToken(token: string) {
    return this.tokens.verify(token, "access");
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
   * `epoch`: the user's cache epoch read by this request (requireAuth), which lets this isolate's
   * first-level copy answer without a round trip while nothing of the user's changed.
   */
  async isSessionActive(sessionId: string, userId: string, epoch?: number): Promise<boolean> {
    const s = await this.cache.cached(
      cacheKeys.session(sessionId),
      SESSION_CACHE_TTL_SECONDS,
      async () => {
        const row = await this.sessions.find(sessionId);
        return row ? { userId: row.userId, expiresAt: row.expiresAt, revokedAt: row.revokedAt } : null;
      },
      epoch,
    );
    return !!s && s.userId === userId && !s.revokedAt && s.expiresAt > Date.now();
  }

  /** Drops cached session state of the user's sessions without revoking (e.g. they are about to be deleted). */
  private async forgetSessions(userId: string, sessionIds: string[]): Promise<void> {
    await Promise.all(sessionIds.map((id) => this.cache.invalidate(cacheKeys.session(id))));
    await this.cache.bump(cacheScopes.user(userId));
  }

  private async revoke(session: { id: string; userId: string }): Promise<void> {
    await this.sessions.revoke(session.id);
    await this.cache.invalidate(cacheKeys.session(session.id), cacheScopes.user(session.userId));
  }

  /**
   * A 60-second single-use ticket for a WebSocket URL: browsers cannot set headers on socket
   * requests, so the URL carries this instead of the long-lived access token.
   */
  async ticket(auth: AccessClaims, type: "ws" | "conversation-ws", extra: Record<string, unknown> = {}) {
    return { ticket: await this.tokens.sign(auth, type, TICKET_TTL_SECONDS, extra), expiresIn: TICKET_TTL_SECONDS };
  }

  /** A share-link visitor's token: the subject is the visitor id, the "session" the link. */
  visitorToken(visitorId: string, shareLinkId: string, ttlSeconds: number): Promise<string> {
    return this.tokens.sign({ userId: visitorId, sessionId: shareLinkId }, "visitor", ttlSeconds);
  }

  verifyVisitor(token: string) {
    return this.tokens.verify(token, "visitor");
  }

  // ── the account record, for the profile and account modules ──

  findUser(userId: string): Promise<User | undefined> {
    return this.users.findById(userId);
  }

  rename(userId: string, name: string): Promise<void> {
    return this.users.update(userId, { name });
  }

  /** Deletes the user; D1 cascades sessions, profile, conversations, documents, jobs… */
  deleteUser(userId: string): Promise<void> {
    return this.users.delete(userId);
  }

  /** Drops the cached session state of every session of the user (before the account is deleted). */
  async forgetUserSessions(userId: string): Promise<void> {
    await this.forgetSessions(userId, await this.sessions.idsForUser(userId));
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
