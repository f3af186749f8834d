import { createSignal, For, Show } from "solid-js";
import { memoriesApi } from "../../api/memories";
import type { Memory } from "../../api/contract";
import { notify, notifyError } from "../toast";

/**
 * "Remember this?" cards under the owner's chat: facts they stated, proposed by the clone.
 * Nothing is remembered until the owner accepts (as is, or edited); rejecting drops it.
 */
export function createMemoryProposals(conversationId: () => string | null) {
  const [items, setItems] = createSignal<Memory[]>([]);
  async function refresh() {
    const id = conversationId();
    if (!id) return setItems([]);
    try {
      setItems((await memoriesApi.proposals(id)).items);
    } catch {
      // proposals are a nicety: the chat goes on without them
    }
  }
  const drop = (id: string) => setItems((xs) => xs.filter((x) => x.id !== id));
  return { items, refresh, drop };
}

export function MemoryProposals(props: { proposals: ReturnType<typeof createMemoryProposals> }) {
  return (
    <Show when={props.proposals.items().length > 0}>
      <section class="memory-proposals" aria-label="Memory suggestions">
        <For each={props.proposals.items()}>{(p) => <Proposal memory={p} onDone={() => props.proposals.drop(p.id)} />}</For>
      </section>
    </Show>
  );
}

function Proposal(props: { memory: Memory; onDone: () => void }) {
  const [editing, setEditing] = createSignal(false);
  const [text, setText] = createSignal(props.memory.text);
  const [busy, setBusy] = createSignal(false);
  const inputId = `proposal-${props.memory.id}`;
  async function act(what: "accept" | "reject") {
    setBusy(true);
    try {
      if (what === "accept") {
        const edited = editing() && text().trim() !== props.memory.text ? text().trim() : undefined;
        await memoriesApi.accept(props.memory.id, edited);
        notify("Remembered — see Memories");
      } else await memoriesApi.reject(props.memory.id);
      props.onDone();
    } catch (err) {
      notifyError(err, "Could not save your choice");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="memory-proposal card" data-testid="memory-proposal">
      <p class="small muted">Remember this about you?</p>
      <Show when={editing()} fallback={<p class="memory-text">{props.memory.text}</p>}>
        <label class="visually-hidden" for={inputId}>
          Memory text
        </label>
        <input id={inputId} value={text()} maxLength={1000} onInput={(e) => setText(e.currentTarget.value)} />
      </Show>
      <div class="row wrap">
        <button onClick={() => act("accept")} disabled={busy() || !text().trim()}>
          {editing() ? "Save memory" : "Remember"}
        </button>
        <Show when={!editing()}>
          <button class="secondary" onClick={() => setEditing(true)} disabled={busy()}>
            Edit
          </button>
        </Show>
        <button class="secondary" onClick={() => act("reject")} disabled={busy()}>
          Don't remember
        </button>
      </div>
    </div>
  );
}
