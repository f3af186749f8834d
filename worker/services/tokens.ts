import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { AppError } from "../lib/errors";
import { randomToken } from "../lib/ids";

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

/** HS256 JWTs via jose. The algorithm list is pinned, so `alg: none` and RS/ES tokens are refused. */
export class TokenService {
  private readonly key: Uint8Array;
  constructor(secret: string, private readonly accessTtlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  get accessTtl() {
    return this.accessTtlSeconds;
  }

  /** `issuedAt` (unix s) pins iat/exp: the same claims then sign to the same token (HS256 is deterministic). */
  sign(claims: AccessClaims, type: TokenType = "access", ttlSeconds = this.accessTtlSeconds, extra: Record<string, unknown> = {}, issuedAt = Math.floor(Date.now() / 1000)) {
    return new SignJWT({ sid: claims.sessionId, typ: type, ...(isTicket(type) ? { jti: randomToken(16) } : {}), ...extra })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.userId)
      .setIssuedAt(issuedAt)
      .setIssuer("digital-self")
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(this.key);
  }

  async verify(token: string, type: TokenType = "access"): Promise<AccessClaims & { payload: Record<string, unknown> }> {
    try {
      // exp/iat/iss/sub and our own typ/sid must all be present: a token without an expiry never verifies.
      const { payload } = await jwtVerify(token, this.key, { algorithms: ["HS256"], issuer: "digital-self", requiredClaims: ["exp", "iat", "iss", "sub", "sid", "typ"] });
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
