import { createResource, createRoot } from "solid-js";
import { usersApi, type Profile, type ProfileUpdate } from "../api/users";
import { session } from "./session";

/** The signed-in user's profile, shared by the shell, onboarding, dashboard and settings. */
export const profileStore = createRoot(() => {
  const [profile, { mutate, refetch }] = createResource(
    () => session.signedIn() || undefined,
    () => usersApi.profile(),
  );
  return {
    profile,
    refetch,
    async save(patch: ProfileUpdate): Promise<Profile> {
      const updated = await usersApi.update(patch);
      mutate(updated);
      return updated;
    },
    clear: () => mutate(undefined),
  };
});
