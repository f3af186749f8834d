import type { AccountDataContributor } from "./account.service";
import type { AuthService } from "../auth/auth.service";
import type { ProfileService } from "../profile/profile.service";
import type { SessionRepository } from "../auth/sessions.repo";

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
