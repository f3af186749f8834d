import { AppError } from "../../shared/errors";
import type { ProfilePatch, ProfileRepository } from "./profile.repo";
import type { AuthService } from "../auth";
import type { ProfileUpdate, ProfileView } from "./profile.schemas";
import type { Profile } from "../../platform/db/schema";
import { cacheKeys, cacheScopes, type CacheService } from "../../platform/cache/port";

/** Profile reads are served from the cache for this long; every update invalidates them. */
const PROFILE_CACHE_TTL_SECONDS = 300;

export class ProfileService {
  constructor(
    private readonly auth: AuthService,
    private readonly profiles: ProfileRepository,
    private readonly cache: CacheService,
  ) {}

  /** `epoch`: the user's cache epoch read by this request (requireAuth); lets this isolate's own copy answer. */
  get(userId: string, epoch?: number): Promise<ProfileView> {
    return this.cache.cached(cacheKeys.profile(userId), PROFILE_CACHE_TTL_SECONDS, () => this.load(userId), epoch);
  }

  /** Drops the cached profile in every isolate (after a change, or before the account is deleted). */
  forget(userId: string): Promise<void> {
    return this.cache.invalidate(cacheKeys.profile(userId), cacheScopes.user(userId));
  }

  private async load(userId: string): Promise<ProfileView> {
    const [user, profile] = await Promise.all([this.auth.findUser(userId), this.profiles.find(userId)]);
    if (!user || !profile) throw new AppError("not_found", "Profile not found");
    return toView(user, profile);
  }

  async update(userId: string, input: ProfileUpdate): Promise<ProfileView> {
    const patch: ProfilePatch = {};
    for (const key of ["headline", "bio", "location", "website", "language"] as const) {
      if (input[key] !== undefined) patch[key] = input[key]!.trim();
    }
    if (input.personality) Object.assign(patch, input.personality);
    if (input.onboarding?.step !== undefined) patch.onboardingStep = input.onboarding.step;
    if (input.onboarding?.completed !== undefined) patch.onboardingCompleted = input.onboarding.completed;
    if (input.alwaysVideoReplies !== undefined) patch.alwaysVideoReplies = input.alwaysVideoReplies;
    if (input.name !== undefined) {
      patch.displayName = input.name.trim();
      await this.auth.rename(userId, input.name.trim());
    }
    await this.profiles.update(userId, patch);
    await this.forget(userId);
    return this.load(userId);
  }
}

function toView(user: { id: string; name: string; email: string }, p: Profile): ProfileView {
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    headline: p.headline,
    bio: p.bio,
    location: p.location,
    website: p.website,
    language: p.language,
    personality: { formality: p.formality, enthusiasm: p.enthusiasm, verbosity: p.verbosity, humor: p.humor },
    onboarding: { step: p.onboardingStep, completed: p.onboardingCompleted },
    alwaysVideoReplies: p.alwaysVideoReplies,
    updatedAt: p.updatedAt,
  };
}
