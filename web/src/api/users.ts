import type { InferRequestType, InferResponseType } from "hono/client";
import { client, unwrap, authFetch, apiErrorFrom } from "./client";

export type Profile = InferResponseType<typeof client.api.users.profile.$get, 200>;
export type ProfileUpdate = InferRequestType<typeof client.api.users.profile.$put>["json"];
export type Personality = Profile["personality"];
export type Health = InferResponseType<typeof client.api.health.$get, 200>;

export const usersApi = {
  profile: () => unwrap(client.api.users.profile.$get()),
  update: (patch: ProfileUpdate) => unwrap(client.api.users.profile.$put({ json: patch })),
  /** The health answer is useful even when degraded (503), so it is read either way. */
  health: async (): Promise<Health> => (await client.api.health.$get()).json() as Promise<Health>,
  async exportData(): Promise<Blob> {
    const res = await authFetch(client.api.users.me.export.$url().pathname);
    if (!res.ok) throw apiErrorFrom(res.status, await res.json().catch(() => null));
    return res.blob();
  },
  deleteAccount: () => unwrap(client.api.users.me.$delete()).then(() => undefined),
  logout: () => client.api.auth.logout.$post().catch(() => undefined),
};
