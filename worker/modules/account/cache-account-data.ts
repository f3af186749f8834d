import type { AccountDataContributor } from "./account.service";
import type { AuthService } from "../auth";
import type { ProfileService } from "../profile";

/** On account deletion, cached profile and session state must go with the D1 rows they mirror. */
export function cachedAccountData(auth: AuthService, profiles: ProfileService): AccountDataContributor {
  return {
    name: "cache",
    async purge(userId) {
      await auth.forgetUserSessions(userId);
      await profiles.forget(userId);
    },
  };
}
