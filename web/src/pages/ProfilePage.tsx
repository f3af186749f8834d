import { createResource, createSignal, For, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { client, unwrap, ApiError } from "../api/client";
import { session } from "../stores/session";

const SLIDERS = [
  ["formality", "Formality", "casual", "formal"],
  ["enthusiasm", "Enthusiasm", "reserved", "enthusiastic"],
  ["verbosity", "Verbosity", "brief", "elaborate"],
  ["humor", "Humor", "serious", "playful"],
] as const;

type Key = (typeof SLIDERS)[number][0];

export function ProfilePage() {
  const navigate = useNavigate();
  const [profile, { mutate }] = createResource(() => unwrap(client.api.users.profile.$get()));
  const [health] = createResource(() => fetch("/api/health").then((r) => r.json()));
  const [status, setStatus] = createSignal<string | null>(null);

  async function save(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const personality = Object.fromEntries(SLIDERS.map(([k]) => [k, Number(form.get(k))])) as Record<Key, number>;
    try {
      const updated = await unwrap(
        client.api.users.profile.$put({
          json: { name: String(form.get("name")), headline: String(form.get("headline")), bio: String(form.get("bio")), personality },
        }),
      );
      mutate(updated);
      setStatus("Saved");
    } catch (err) {
      setStatus(err instanceof ApiError ? err.message : "Could not save");
    }
  }

  async function logout() {
    await client.api.auth.logout.$post().catch(() => undefined);
    session.clear();
    navigate("/login", { replace: true });
  }

  return (
    <main class="page">
      <header class="topbar">
        <h1 class="brand">Digital Self</h1>
        <button class="secondary" onClick={logout}>Sign out</button>
      </header>
      <Show when={health()}>
        <p class="muted small" data-testid="mode">
          Mode: <For each={Object.entries(health()!.ports as Record<string, { mode: string; adapter: string }>)}>{([port, p]) => <span class="pill">{port}: {p.mode} ({p.adapter})</span>}</For>
        </p>
      </Show>
      <Show when={profile.error}>
        <p class="error" role="alert">{(profile.error as Error).message}</p>
      </Show>
      <Show when={profile()} fallback={<Show when={!profile.error}><p class="muted">Loading your profile…</p></Show>}>
        {(p) => (
          <form class="card" onSubmit={save}>
            <h2>Your profile</h2>
            <label>Name<input name="name" required maxLength={100} value={p().name} /></label>
            <label>Headline<input name="headline" maxLength={200} value={p().headline} /></label>
            <label>Bio<textarea name="bio" rows={4} maxLength={5000}>{p().bio}</textarea></label>
            <h3>Personality</h3>
            <For each={SLIDERS}>
              {([key, label, low, high]) => (
                <label class="slider">
                  {label}
                  <span class="range-row">
                    <span class="muted small">{low}</span>
                    <input type="range" name={key} min="0" max="100" value={p().personality[key]} />
                    <span class="muted small">{high}</span>
                  </span>
                </label>
              )}
            </For>
            <button type="submit">Save</button>
            <Show when={status()}><p role="status" class="muted">{status()}</p></Show>
          </form>
        )}
      </Show>
    </main>
  );
}
