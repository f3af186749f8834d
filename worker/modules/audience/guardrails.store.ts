import { cacheKeys, cacheScopes, type CacheService } from "../../platform/cache/port";
import type { Guardrails } from "../../shared/guardrails";
import type { AudienceRepository } from "./audience.repo";

const GUARDRAILS_CACHE_TTL_SECONDS = 300;

/**
 * The owner's off-limits topics, read on every chat turn: cached like the profile, under the
 * owner's epoch, so an owner's turn reads them from this isolate's first level (no round trip
 * before the first token), and a save anywhere moves the epoch so no isolate keeps the old ones.
 */
export class GuardrailsStore {
  constructor(
    private readonly repo: AudienceRepository,
    private readonly cache: CacheService,
  ) {}

  get(ownerId: string, epoch?: number): Promise<Guardrails> {
    return this.cache.cached(cacheKeys.guardrails(ownerId), GUARDRAILS_CACHE_TTL_SECONDS, () => this.repo.guardrails(ownerId), epoch);
  }

  async save(ownerId: string, g: Guardrails): Promise<void> {
    await this.repo.saveGuardrails(ownerId, g);
    await this.cache.invalidate(cacheKeys.guardrails(ownerId), cacheScopes.user(ownerId));
  }
}
