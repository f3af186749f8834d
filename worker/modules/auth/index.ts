// The auth module: accounts, sessions, tokens and socket tickets.
import type { Db } from "../../platform/db/client";
import type { CacheService } from "../../platform/cache/port";
import { AuthService } from "./auth.service";
import { RefreshRotation } from "./refresh-rotation";
import { SessionRepository } from "./sessions.repo";
import { TokenService } from "./tokens";
import { UserRepository } from "./users.repo";

export { authRoutes } from "./auth.routes";
export type { AuthService };

export function createAuthModule(deps: { db: Db; cache: CacheService; jwtSecret: string; accessTokenTtlSeconds: number; refreshTokenTtlMs: number }) {
  const tokens = new TokenService(deps.jwtSecret, deps.accessTokenTtlSeconds);
  return {
    service: new AuthService(
      new UserRepository(deps.db),
      new SessionRepository(deps.db),
      tokens,
      deps.refreshTokenTtlMs,
      deps.cache,
      new RefreshRotation(deps.jwtSecret),
    ),
  };
}
