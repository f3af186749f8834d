import { For, Show, onMount } from "solid-js";
import { A, useNavigate } from "@solidjs/router";
import { conversationsApi } from "../api/conversations";
import type { Conversation } from "../api/contract";
import { createPaginated } from "../stores/paginated";
import { PagedList } from "./ui";
import { notifyError } from "./toast";
import { timeAgo } from "../lib/format";

export function createConversationList() {
  return createPaginated<Conversation>(({ cursor, q }) => conversationsApi.list({ cursor, q, limit: 20 }));
}

/** Searchable, paginated conversations with a "new conversation" action. */
export function ConversationList(props: { list: ReturnType<typeof createConversationList>; activeId?: string; compact?: boolean }) {
  const navigate = useNavigate();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onMount(() => {
    if (!props.list.loaded()) void props.list.refresh();
  });

  async function create() {
    try {
      const c = await conversationsApi.create();
      props.list.prepend(c);
      navigate(`/chat/${c.id}`);
    } catch (err) {
      notifyError(err, "Could not start a conversation");
    }
  }

  return (
    <div class="convo-list" classList={{ compact: props.compact }}>
      <div class="row">
        <input
          type="search"
          aria-label="Search conversations"
          placeholder="Search chats…"
          value={props.list.query()}
          onInput={(e) => {
            const q = e.currentTarget.value;
            clearTimeout(timer);
            timer = setTimeout(() => props.list.search(q), 250);
          }}
        />
        <button onClick={create} aria-label="New conversation" title="New conversation">
          +
          <Show when={!props.compact}>
            <span class="hide-sm"> New</span>
          </Show>
        </button>
      </div>
      <PagedList
        list={props.list}
        loadingLabel="Loading conversations…"
        icon="✉"
        emptyTitle="No conversations yet"
        emptyHint="Start one and ask your clone anything."
        noMatchHint="Try another search."
      >
        <ul class="convos">
          <For each={props.list.items()}>
            {(c) => (
              <li>
                <A href={`/chat/${c.id}`} classList={{ active: c.id === props.activeId }} aria-current={c.id === props.activeId ? "page" : undefined}>
                  <div class="row between">
                    <strong class="truncate">{c.title || "Untitled conversation"}</strong>
                    <span class="muted small nowrap">{timeAgo(c.updatedAt, Date.now(), props.compact ? "narrow" : "long")}</span>
                  </div>
                  <span class="muted small truncate">{c.lastMessagePreview ?? "No messages yet"}</span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </PagedList>
    </div>
  );
}
