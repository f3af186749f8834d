import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { AppError } from "../../shared/errors";
import { randomToken } from "../../shared/ids";

/** Socket tickets carry a `jti` so each opens one socket only (see AuthService.verifySession). */
export const isTicket = (type: TokenType) => type === "ws" || type === "conversation-ws";

/**
 * `access`: API bearer token. `ws`: 60 s ticket for the user's live-events socket.
 * `conversation-ws`: 60 s ticket for one conversation's socket (claim `cnv`).
 * `visitor`: a share-link visitor (subject = the visitor id, sid = share link id; the owner comes from the link).
 */
export type TokenType = "access" | "ws" | "conversation-ws" | "visitor";

/** WebSocket tickets: browsers cannot set headers on a socket, so its URL carries this short-lived token. */
export const TICKET_TTL_SECONDS = 60;

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

type Verified = AccessClaims & { payload: Record<string, unknown> };

/** Upper bound of the verified-token memo; beyond it the oldest entries go. */
const VERIFIED_MAX_ENTRIES = 10_000;

/** HS256 JWTs via jose. The algorithm list is pinned, so `alg: none` and RS/ES tokens are refused. */
export class TokenService {
  private readonly secret: Uint8Array;
  /**
   * Tokens this isolate already verified (signature, issuer, claims, type), keyed by type and the
   * exact token string, so the same bearer token is not re-verified by HMAC on every request of a
   * session. Only the expiry is time-dependent: it is checked again on every use, exactly as jose
   * checks it. Whether the session is still live is never memoised here (isSessionActive).
   */
  private readonly verified = new Map<string, Verified>();
  // Imported once per isolate: given raw bytes, jose would import the HMAC key on every sign/verify.
  private key: Promise<CryptoKey> | null = null;
  constructor(
    secret: string,
    private readonly accessTtlSeconds: number,
  ) {
    this.secret = new TextEncoder().encode(secret);
  }

  private hmacKey(): Promise<CryptoKey> {
    this.key ??= crypto.subtle.importKey("raw", this.secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    return this.key;
  }

  get accessTtl() {
    return this.accessTtlSeconds;
  }

  /** `issuedAt` (unix s) pins iat/exp: the same claims then sign to the same token (HS256 is deterministic). */
  async sign(
    claims: AccessClaims,
    type: TokenType = "access",
    ttlSeconds = this.accessTtlSeconds,
    extra: Record<string, unknown> = {},
    issuedAt = Math.floor(Date.now() / 1000),
  ) {
    return new SignJWT({ sid: claims.sessionId, typ: type, ...(isTicket(type) ? { jti: randomToken(16) } : {}), ...extra })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuedAt(issuedAt)
      .setIssuer("digital-self")
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(await this.hmacKey());
  }

  async verify(token: string, type: TokenType = "access"): Promise<Verified> {
    const memoKey = `${type} ${token}`;
    const memo = this.verified.get(memoKey);
    if (memo) {
      // jose: expired once exp <= now (whole seconds, no clock tolerance).
      if ((memo.payload.exp as number) > Math.floor(Date.now() / 1000)) return memo;
      this.verified.delete(memoKey);
      throw new AppError("unauthorized", "Token expired");
    }
    // Frozen: every request of the session shares this object.
    const claims = await this.verifyFully(token, type);
    Object.freeze(claims.payload);
    Object.freeze(claims);
    this.verified.set(memoKey, claims);
    if (this.verified.size > VERIFIED_MAX_ENTRIES) this.verified.delete(this.verified.keys().next().value!);
    return claims;
  }

  private async verifyFully(token: string, type: TokenType): Promise<Verified> {
    try {
      // exp/iat/iss/sub and our own typ/sid must all be present: a token without an expiry never verifies.
      const { payload } = await jwtVerify(token, await this.hmacKey(), {
        algorithms: ["HS256"],
        issuer: "digital-self",
        requiredClaims: ["exp", "iat", "iss", "sub", "sid", "typ"],
      });
      if (payload.typ !== type || typeof payload.sub !== "string" || typeof payload.sid !== "string" || (isTicket(type) && typeof payload.jti !== "string")) {
        throw new AppError("unauthorized", "Invalid token");
      }
      return { userId: payload.sub, sessionId: payload.sid, payload };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new AppError("unauthorized", "Token expired");
      throw new AppError("unauthorized", "Invalid token");
    }
  }
}
