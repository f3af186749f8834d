import { createMiddleware } from "hono/factory";
import { AppError } from "../shared/errors";
import type { AppEnv } from "./app-env";
import { limitUser } from "./rate-limit";

/**
 * Requires `Authorization: Bearer <access token>` whose session is still live, then counts the
 * request against the user's rate limit (after authentication, so bad tokens spend nobody's budget).
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError("unauthorized", "Sign in required", undefined, { "WWW-Authenticate": 'Bearer realm="digital-self"' });
  const claims = await c.get("services").auth.verifySession(match[1]!);
  c.set("auth", { userId: claims.userId, sessionId: claims.sessionId });
  await limitUser(c, claims.userId);
  await next();
});
