import { createMiddleware } from "hono/factory";
import { AppError } from "../shared/errors";
import { cacheScopes } from "../shared/cache-scopes";
import type { AppEnv } from "./app-env";
import { admitUser } from "./rate-limit";

/**
 * Requires `Authorization: Bearer <access token>` whose session is still live, and counts the
 * request against the user's rate limit (after the signature check, so bad tokens spend nobody's
 * budget). The count and the user's cache epoch come in one round trip; with the epoch, the
 * session check (and the route's cached reads) can be answered by this isolate's first level.
 * A dead session is 401 even when the user is over the limit.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError("unauthorized", "Sign in required", undefined, { "WWW-Authenticate": 'Bearer realm="digital-self"' });
  const { auth } = c.get("services");
  const claims = await auth.verifyAccessToken(match[1]!);
  const { epoch, rejection } = await admitUser(c, claims.userId, cacheScopes.user(claims.userId));
  if (!(await auth.isSessionActive(claims.sessionId, claims.userId, epoch))) throw new AppError("unauthorized", "Session has ended; sign in again");
  if (rejection) throw rejection;
  c.set("auth", { userId: claims.userId, sessionId: claims.sessionId, epoch });
  await next();
});
