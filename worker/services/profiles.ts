import { AppError } from "../lib/errors";
import type { ProfilePatch, ProfileRepository } from "../db/repositories/profiles";
import type { UserRepository } from "../db/repositories/users";
import type { Profile } from "../db/schema";
import { cacheKeys, type CacheService } from "./cache";

/** Profile reads are served from the cache for this long; every update invalidates them. */
const PROFILE_CACHE_TTL_SECONDS = 300;

export interface Personality {
  formality: number;
  enthusiasm: number;
  verbosity: number;
  humor: number;
}

export interface ProfileView {
  userId: string;
  name: string;
  email: string;
  headline: string;
  bio: string;
  location: string;
  website: string;
  language: string;
  personality: Personality;
  onboarding: { step: number; completed: boolean };
  alwaysVideoReplies: boolean;
  updatedAt: number;
}

export interface ProfileUpdate {
  name?: string;
  headline?: string;
  bio?: string;
  location?: string;
  website?: string;
  language?: string;
  personality?: Partial<Personality>;
  onboarding?: { step?: number; completed?: boolean };
  alwaysVideoReplies?: boolean;
}

export class ProfileService {
  constructor(
    private readonly users: UserRepository,
    private readonly profiles: ProfileRepository,
    private readonly cache: CacheService,
  ) {}

  get(userId: string): Promise<ProfileView> {
    return this.cache.cached(cacheKeys.profile(userId), PROFILE_CACHE_TTL_SECONDS, () => this.load(userId));
  }

  /** Drops the cached profile (after a change, or before the account is deleted). */
  forget(userId: string): Promise<void> {
    return this.cache.invalidate(cacheKeys.profile(userId));
  }

  private async load(userId: string): Promise<ProfileView> {
    const [user, profile] = await Promise.all([this.users.findById(userId), this.profiles.find(userId)]);
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
      await this.users.update(userId, { name: input.name.trim() });
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
