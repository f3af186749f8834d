import type { AccountDataContributor } from "./account";
import type { AuthService } from "./auth";
import type { ProfileService } from "./profiles";
import type { SessionRepository } from "../db/repositories/sessions";

/** On account deletion, cached profile and session state must go with the D1 rows they mirror. */
export function cachedAccountData(auth: AuthService, profiles: ProfileService, sessions: SessionRepository): AccountDataContributor {
  return {
    name: "cache",
    async purge(userId) {
      await auth.forgetSessions(await sessions.idsForUser(userId));
      await profiles.forget(userId);
    },
  };
}
