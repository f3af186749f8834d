import { createSignal, For, Show } from "solid-js";
import { sharesApi } from "../../api/shares";
import type { LinkVisitor } from "../../api/contract";
import { timeAgo } from "../../lib/format";

// Shown on the Share page under each link and in Audience when one link is picked: one component, two places.
export /** Who chatted through the link and what the clone remembers about each visitor (what they asked, what they said). */
function LinkVisitors(props: { id: string }) {
  const [visitors, setVisitors] = createSignal<LinkVisitor[] | null>(null);
  const [failed, setFailed] = createSignal(false);
  async function load() {
    setFailed(false);
    try {
      setVisitors((await sharesApi.visitors(props.id)).items);
    } catch {
      setFailed(true);
    }
  }
  return (
    <details class="visitor-memory small" onToggle={(e) => e.currentTarget.open && void load()}>
      <summary>Visitors and what your clone remembers about them</summary>
      <Show when={!failed()} fallback={<p>Could not load visitors. Close and open this again to retry.</p>}>
        <Show when={visitors()} fallback={<p class="muted">Loading…</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="muted">No visitors yet.</p>}>
              <ul>
                <For each={list()}>
                  {(v, i) => (
                    <li>
                      <strong>Visitor {i() + 1}</strong>{" "}
                      <span class="muted">
                        · {v.conversations} conversation{v.conversations === 1 ? "" : "s"} · last seen {timeAgo(v.lastSeenAt)}
                      </span>
                      <Show when={v.notes.length > 0} fallback={<p class="muted">Nothing remembered (or they cleared it).</p>}>
                        <ul>
                          <For each={v.notes}>{(n) => <li>{`${n.kind === "asked" ? "Asked" : "Said"}: ${n.text}`}</li>}</For>
                        </ul>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </Show>
    </details>
  );
}
