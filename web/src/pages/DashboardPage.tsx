import { createResource, For, Show } from "solid-js";
import { A } from "@solidjs/router";
import { profileStore } from "../stores/profile";
import { usersApi } from "../api/users";
import { knowledgeApi } from "../api/knowledge";
import { avatarApi } from "../api/avatars";
import { ConversationList, createConversationList } from "../components/ConversationList";
import { PageHeader, StatusBadge, Spinner } from "../components/ui";
import { audienceApi } from "../api/audience";
import { AnalyticsPanel } from "../components/audience/AnalyticsPanel";
import { AvatarReplacementNotice } from "../components/AvatarReplacement";
import { useAvatarEvents } from "../stores/live";
import { withChange } from "../lib/my-avatar";

/** What the services' mode means for the person; adapter names stay in "Technical details". */
export function describeMode(ports: Record<string, { mode: "cloud" | "local"; adapter: string }>) {
  const entries = Object.entries(ports);
  const local = entries.filter(([, p]) => p.mode === "local");
  if (entries.length === 0) return { label: "Unknown", tone: "busy", detail: "The server did not report its services." };
  if (local.length === 0) return { label: "Cloud mode", tone: "ok", detail: "Every service runs on its cloud provider." };
  if (local.length === entries.length) return { label: "Private mode", tone: "warn", detail: "Your clone answers from your notes on this computer." };
  return { label: "Mixed mode", tone: "warn", detail: `Some features stay on this computer: ${local.map(([k]) => k).join(", ")}.` };
}

export default function DashboardPage() {
  const [health] = createResource(() => usersApi.health());
  const [docs] = createResource(() => knowledgeApi.list({ limit: 100 }));
  const [avatar, { mutate: setAvatar }] = createResource(() => avatarApi.mine());
  // Training ends while the page is open: the avatar's status, and a newer upload's, follow it.
  useAvatarEvents((a) => setAvatar((cur) => withChange(cur, a)));
  const [inbox] = createResource(() => audienceApi.inbox("open"));
  const conversations = createConversationList();
  const p = () => profileStore.profile();
  const docCount = () => {
    const d = docs();
    return d ? `${d.items.length}${d.nextCursor ? "+" : ""}` : "";
  };

  return (
    <div class="page">
      <PageHeader title={`Hi${p() ? `, ${p()!.name.split(" ")[0]}` : ""}`} subtitle="Here is how your digital self is doing." />
      <Show when={p() && !p()!.onboarding.completed}>
        <div class="card callout">
          <div>
            <strong>Finish setting up your clone</strong>
            <p class="muted">You stopped at step {p()!.onboarding.step} of 5. Pick up where you left off.</p>
          </div>
          <A class="button" href="/onboarding">
            Continue setup
          </A>
        </div>
      </Show>
      {/* Not inside the Avatar card (that card is a link itself), and above the cards: a phone shows it without scrolling. */}
      <AvatarReplacementNotice avatar={avatar.state === "ready" ? avatar() : null} />
      <section class="stats" aria-label="Clone status">
        <A href="/knowledge" class="card stat">
          <span class="muted small">Knowledge</span>
          <Show when={!docs.loading} fallback={<Spinner />}>
            <Show when={!docs.error} fallback={<span class="muted">Unavailable</span>}>
              <strong class="stat-value" data-testid="knowledge-count">
                {docCount()}
              </strong>
              <span class="muted small">documents · {docs()?.items.filter((d) => d.status === "ready").length ?? 0} ready</span>
            </Show>
          </Show>
        </A>
        <A href="/audience?tab=inbox" class="card stat">
          <span class="muted small">Inbox</span>
          <Show when={!inbox.loading} fallback={<Spinner />}>
            <Show when={!inbox.error} fallback={<span class="muted">Unavailable</span>}>
              <strong class="stat-value" data-testid="inbox-open-count">
                {inbox()?.openCount ?? 0}
              </strong>
              <span class="muted small">unanswered question{inbox()?.openCount === 1 ? "" : "s"} waiting for you</span>
            </Show>
          </Show>
        </A>
        <A href="/avatar" class="card stat">
          <span class="muted small">Avatar</span>
          <Show when={!avatar.loading} fallback={<Spinner />}>
            <Show when={!avatar.error} fallback={<span class="muted">Unavailable</span>}>
              <Show
                when={avatar()}
                fallback={
                  <>
                    <strong class="stat-value">None</strong>
                    <span class="muted small">Upload a video or photo</span>
                  </>
                }
              >
                {(a) => (
                  <>
                    <strong class="stat-value">{a().kind === "video" ? "Video" : "Photo"}</strong>
                    <StatusBadge status={a().status} />
                  </>
                )}
              </Show>
            </Show>
          </Show>
        </A>
        <div class="card stat" data-testid="mode">
          <span class="muted small">Mode</span>
          <Show when={health()} fallback={<Spinner />}>
            {(h) => {
              const m = describeMode(h().ports);
              return (
                <>
                  <strong class={`stat-value tone-${m.tone}`}>{m.label}</strong>
                  <span class="muted small">{m.detail}</span>
                  <details>
                    <summary class="small">Technical details</summary>
                    <ul class="ports">
                      <For each={Object.entries(h().ports)}>
                        {([port, v]) => (
                          <li>
                            <span>{port}</span>
                            <span class={`badge badge-${v.mode === "cloud" ? "ok" : "warn"}`}>{v.mode === "cloud" ? "cloud" : "offline"}</span>
                            <span class="muted small">{v.adapter}</span>
                          </li>
                        )}
                      </For>
                    </ul>
                  </details>
                </>
              );
            }}
          </Show>
        </div>
      </section>
      <AnalyticsPanel />
      <section class="card" aria-labelledby="convos-title">
        <h2 id="convos-title">Conversations</h2>
        <ConversationList list={conversations} />
      </section>
    </div>
  );
}
