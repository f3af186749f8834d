import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { memoriesApi } from "../api/memories";
import type { Memory } from "../api/contract";
import { createPaginated } from "../stores/paginated";
import { createConfirm } from "../components/ConfirmDialog";
import { PagedList, PageHeader, Spinner } from "../components/ui";
import { notify, notifyError } from "../components/toast";
import { timeAgo } from "../lib/format";

const INDEX_LABEL: Record<string, string> = { queued: "Learning…", indexing: "Learning…", ready: "Remembered", failed: "Could not be learned" };

/** What the clone remembers about its owner: facts accepted from chat or typed here; searchable, editable, deletable. */
export default function MemoriesPage() {
  const list = createPaginated<Memory>(({ cursor, q }) => memoriesApi.list({ cursor, q }));
  const confirm = createConfirm();
  // An accepted memory is indexed in the background: look again until every one is learned.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = () => {
    clearTimeout(timer);
    if (list.items().some((m) => m.indexStatus === "queued" || m.indexStatus === "indexing")) timer = setTimeout(() => void list.refresh().then(watch), 1500);
  };
  onMount(() => void list.refresh().then(watch));
  onCleanup(() => clearTimeout(timer));

  const [draft, setDraft] = createSignal("");
  const [adding, setAdding] = createSignal(false);
  async function add(e: SubmitEvent) {
    e.preventDefault();
    const text = draft().trim();
    if (!text) return;
    setAdding(true);
    try {
      list.prepend(await memoriesApi.create(text));
      setDraft("");
      notify("Remembered");
      watch();
    } catch (err) {
      notifyError(err, "Could not add the memory");
    } finally {
      setAdding(false);
    }
  }

  async function remove(m: Memory) {
    if (!(await confirm.ask("Forget this memory?", `“${m.text}” — your clone will no longer know it. This cannot be undone.`))) return;
    try {
      await memoriesApi.remove(m.id);
      list.remove(m.id);
      notify("Forgotten");
    } catch (err) {
      notifyError(err, "Could not delete the memory");
    }
  }

  return (
    <div class="page">
      <PageHeader title="Memories" subtitle="Facts you told your clone. It uses them in every conversation and cites them as “from your memories”." />
      <section class="card" aria-labelledby="add-memory-title">
        <h2 id="add-memory-title">Add a memory</h2>
        <form class="row" onSubmit={add}>
          <label class="visually-hidden" for="new-memory">
            A fact about you, in the first person
          </label>
          <input
            id="new-memory"
            placeholder="e.g. I moved to Lisbon in November 2026."
            maxLength={1000}
            value={draft()}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <button type="submit" disabled={adding() || !draft().trim()}>
            {adding() ? <Spinner /> : "Remember"}
          </button>
        </form>
        <p class="muted small">Tell your clone a fact in chat and it offers to remember it; nothing is remembered without your OK.</p>
      </section>
      <section class="card" aria-labelledby="memories-title">
        <div class="row between">
          <h2 id="memories-title">What your clone remembers</h2>
          <input type="search" class="narrow" aria-label="Search memories" placeholder="Search…" onInput={(e) => list.search(e.currentTarget.value)} />
        </div>
        <PagedList
          list={list}
          loadingLabel="Loading memories…"
          icon="✎"
          emptyTitle="No memories yet"
          emptyHint="Tell your clone something about yourself in chat, or add a memory above."
          noMatchHint="Try other words."
        >
          <ul class="memory-list">
            <For each={list.items()}>{(m) => <MemoryRow memory={m} onSaved={(u) => (list.update(u.id, u), watch())} onDelete={() => remove(m)} />}</For>
          </ul>
        </PagedList>
      </section>
      <confirm.Dialog />
    </div>
  );
}

function MemoryRow(props: { memory: Memory; onSaved: (m: Memory) => void; onDelete: () => void }) {
  const [editing, setEditing] = createSignal(false);
  const [text, setText] = createSignal(props.memory.text);
  const [busy, setBusy] = createSignal(false);
  const inputId = `memory-${props.memory.id}`;
  async function save(e: SubmitEvent) {
    e.preventDefault();
    if (!text().trim() || text().trim() === props.memory.text) return setEditing(false);
    setBusy(true);
    try {
      props.onSaved(await memoriesApi.update(props.memory.id, text().trim()));
      setEditing(false);
      notify("Memory updated");
    } catch (err) {
      notifyError(err, "Could not save the memory");
    } finally {
      setBusy(false);
    }
  }
  return (
    <li class="memory-row" data-testid="memory">
      <Show
        when={editing()}
        fallback={
          <>
            <div class="grow">
              <p class="memory-text">{props.memory.text}</p>
              <p class="muted small">
                {INDEX_LABEL[props.memory.indexStatus ?? "queued"]} · {timeAgo(props.memory.createdAt)}
                {props.memory.origin === "manual" ? " · added here" : " · from chat"}
              </p>
            </div>
            <button class="secondary small-btn" onClick={() => (setText(props.memory.text), setEditing(true))} aria-label={`Edit memory: ${props.memory.text}`}>
              Edit
            </button>
            <button class="secondary small-btn danger-text" onClick={props.onDelete} aria-label={`Delete memory: ${props.memory.text}`}>
              Delete
            </button>
          </>
        }
      >
        <form class="row grow" onSubmit={save}>
          <label class="visually-hidden" for={inputId}>
            Memory text
          </label>
          <input id={inputId} value={text()} maxLength={1000} onInput={(e) => setText(e.currentTarget.value)} autofocus />
          <button type="submit" disabled={busy()}>
            {busy() ? <Spinner /> : "Save"}
          </button>
          <button type="button" class="secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      </Show>
    </li>
  );
}
