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
  /** "zip": export.json plus every uploaded file; "json": the data alone. */
  async exportData(format: "zip" | "json" = "zip"): Promise<Blob> {
    const url = client.api.users.me.export.$url({ query: { format } });
    const res = await authFetch(url.pathname + url.search);
    if (!res.ok) throw apiErrorFrom(res.status, await res.json().catch(() => null));
    return res.blob();
  },
  /** Needs the current password (403 when wrong); the session stays signed in, others are signed out. */
  changePassword: (currentPassword: string, newPassword: string) =>
    unwrap(client.api.auth.password.$post({ json: { currentPassword, newPassword } })).then(() => undefined),
  deleteAccount: (password: string) => unwrap(client.api.users.me.$delete({ json: { password } })).then(() => undefined),
  logout: () => client.api.auth.logout.$post().catch(() => undefined),
};
