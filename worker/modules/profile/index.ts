// The profile module: the user's profile, personality sliders and onboarding progress.
import type { Db } from "../../platform/db/client";
import type { CacheService } from "../../platform/cache/port";
import type { AuthService } from "../auth";
import { ProfileRepository } from "./profile.repo";
import { ProfileService } from "./profile.service";

export { profileRoutes } from "./profile.routes";
export type { ProfileService };

export function createProfileModule(deps: { db: Db; cache: CacheService; auth: AuthService }) {
  return { service: new ProfileService(deps.auth, new ProfileRepository(deps.db), deps.cache) };
}
