import { createResource, createSignal, For, Show } from "solid-js";
import { audienceApi } from "../../api/audience";
import { sharesApi } from "../../api/shares";
import type { VisitorConversation } from "../../api/contract";
import { timeAgo } from "../../lib/format";
import { AsyncList, AsyncState, Empty, LoadMore } from "../ui";
import { LinkVisitors } from "./LinkVisitors";
import { ReviseForm } from "./ReviseForm";

const PAGE = 20;

/** Every visitor conversation, per link and visitor, searchable and paged; a transcript opens read-only, each reply revisable. */
export function VisitorConversations() {
  const [q, setQ] = createSignal("");
  const [linkId, setLinkId] = createSignal("");
  const [items, setItems] = createSignal<VisitorConversation[]>([]);
  const [next, setNext] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [loading, setLoading] = createSignal(true);
  const [open, setOpen] = createSignal<string | null>(null);
  const [links] = createResource(() => sharesApi.list());

  async function load(more = false) {
    setLoading(true);
    setError(null);
    try {
      const page = await audienceApi.conversations({
        limit: PAGE,
        cursor: more ? next() : null,
        q: q().trim() || undefined,
        shareLinkId: linkId() || undefined,
      });
      setItems(more ? [...items(), ...page.items] : page.items);
      setNext(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  }
  void load();

  return (
    <div class="stack">
      <form
        class="row wrap filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label class="grow">
          <span class="visually-hidden">Search visitor conversations</span>
          <input type="search" placeholder="Search what visitors asked…" value={q()} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label>
          <span class="visually-hidden">Share link</span>
          <select
            value={linkId()}
            onChange={(e) => {
              setLinkId(e.currentTarget.value);
              void load();
            }}
          >
            <option value="">All links</option>
            <For each={links()?.items ?? []}>{(l) => <option value={l.id}>{l.label || "Untitled link"}</option>}</For>
          </select>
        </label>
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <Show when={linkId()} keyed>
        {(id) => <LinkVisitors id={id} />}
      </Show>
      <AsyncList
        error={error()}
        retry={() => void load()}
        ready={items().length || !loading()}
        loadingLabel="Loading conversations"
        items={items()}
        empty={
          <Empty title={q() || linkId() ? "No matching conversations" : "No visitors yet"} icon="⇗">
            Share a link from the Share page; every conversation through it shows here.
          </Empty>
        }
        class="list"
        label="Visitor conversations"
        after={<LoadMore hasMore={next()} loading={loading()} onMore={() => void load(true)} busy="Loading…" />}
      >
        {(c) => (
          <li class="card convo-row" data-testid="visitor-conversation">
            <button
              class="row-button"
              aria-expanded={open() === c.id}
              aria-controls={`transcript-${c.id}`}
              onClick={() => setOpen(open() === c.id ? null : c.id)}
            >
              <strong>{c.title || "Untitled conversation"}</strong>
              <span class="muted small">
                via “{c.shareLabel || "share link"}” · visitor {c.visitorId.slice(-6)} · {c.messageCount} message{c.messageCount === 1 ? "" : "s"} ·{" "}
                {timeAgo(c.updatedAt)}
              </span>
            </button>
            <Show when={open() === c.id}>
              <Transcript id={c.id} />
            </Show>
          </li>
        )}
      </AsyncList>
    </div>
  );
}

function Transcript(props: { id: string }) {
  const [detail, { refetch }] = createResource(
    () => props.id,
    (id) => audienceApi.transcript(id),
  );
  const [revising, setRevising] = createSignal<string | null>(null);
  return (
    <div id={`transcript-${props.id}`} class="transcript">
      <AsyncState error={detail.error} retry={refetch} ready={detail()} loadingLabel="Loading transcript">
        {(d) => (
          <ol class="stack" aria-label="Transcript (read-only)">
            <For each={d().messages}>
              {(m) => (
                <li class="transcript-msg" classList={{ user: m.role === "user" }}>
                  <span class="muted small">{m.role === "user" ? "Visitor" : "Clone"}</span>
                  <div class="pre">{m.content}</div>
                  <Show when={m.answerStatus === "unanswered" || m.answerStatus === "declined"}>
                    <span class="badge badge-warn">{m.answerStatus}</span>
                  </Show>
                  <Show when={m.ownerAnswer}>{(a) => <p class="owner-answer small">Your answer: {a().content}</p>}</Show>
                  <Show when={m.role === "assistant"}>
                    <Show
                      when={revising() === m.id}
                      fallback={
                        <button class="link small" onClick={() => setRevising(m.id)}>
                          {m.ownerAnswer ? "Edit your answer" : "Revise"}
                        </button>
                      }
                    >
                      <ReviseForm
                        messageId={m.id}
                        initial={m.ownerAnswer?.content}
                        onDone={() => {
                          setRevising(null);
                          void refetch();
                        }}
                        onCancel={() => setRevising(null)}
                      />
                    </Show>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        )}
      </AsyncState>
    </div>
  );
}
