import { createResource, createSignal, Show } from "solid-js";
import { audienceApi } from "../../api/audience";
import { timeAgo } from "../../lib/format";
import { createConfirm } from "../ConfirmDialog";
import { notify, notifyError } from "../toast";
import { AsyncList, Empty } from "../ui";
import { ReviseForm } from "./ReviseForm";

/** The owner's own answers: editable and deletable (deleting takes them out of retrieval). */
export function RevisionsPanel() {
  const [list, { refetch }] = createResource(() => audienceApi.revisions());
  const [editing, setEditing] = createSignal<string | null>(null);
  const confirm = createConfirm();
  async function remove(messageId: string) {
    if (!(await confirm.ask("Delete this answer?", "Your clone will no longer use it; the original reply shows again."))) return;
    try {
      await audienceApi.deleteRevision(messageId);
      notify("Answer deleted");
      void refetch();
    } catch (err) {
      notifyError(err, "Could not delete the answer");
    }
  }
  return (
    <>
      <AsyncList
        error={list.error}
        retry={refetch}
        ready={list()}
        loadingLabel="Loading your answers"
        items={list()?.items}
        empty={
          <Empty title="No answers of your own yet" icon="✎">
            Revise a reply of your clone, or answer a question in the Inbox: it becomes knowledge your clone prefers.
          </Empty>
        }
        class="list"
        label="Your answers"
      >
        {(r) => (
          <li class="card" data-testid="revision">
            <strong>{r.question}</strong>
            <p class="muted small">
              {r.source === "visitor" ? "From a visitor conversation" : "From your chat"} · {timeAgo(r.revisedAt)}
            </p>
            <Show
              when={editing() === r.messageId}
              fallback={
                <>
                  <p class="owner-answer">{r.answer}</p>
                  <div class="row">
                    <button class="link small" onClick={() => setEditing(r.messageId)}>
                      Edit
                    </button>
                    <button class="link small" onClick={() => void remove(r.messageId)}>
                      Delete
                    </button>
                  </div>
                </>
              }
            >
              <ReviseForm
                messageId={r.messageId}
                initial={r.answer}
                onDone={() => {
                  setEditing(null);
                  void refetch();
                }}
                onCancel={() => setEditing(null)}
              />
            </Show>
          </li>
        )}
      </AsyncList>
      <confirm.Dialog />
    </>
  );
}
