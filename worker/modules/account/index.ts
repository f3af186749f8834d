// The account module: export and deletion of everything a user owns (each module contributes its data).
import type { AuthService } from "../auth";
import type { ProfileService } from "../profile";
import { AccountService, type AccountDataContributor } from "./account.service";
import { d1AccountData, r2AccountData } from "./account-data";
import { cachedAccountData } from "./cache-account-data";

export { accountRoutes } from "./account.routes";
export type { AccountService, AccountDataContributor };

export function createAccountModule(deps: {
  d1: D1Database;
  bucket: R2Bucket;
  auth: AuthService;
  profiles: ProfileService;
  contributors: AccountDataContributor[];
}) {
  const contributors = [cachedAccountData(deps.auth, deps.profiles), d1AccountData(deps.d1), r2AccountData(deps.bucket, deps.d1), ...deps.contributors];
  return { service: new AccountService(deps.auth, contributors) };
}
