import { createSignal, createUniqueId } from "solid-js";
import { audienceApi } from "../../api/audience";
import { notify, notifyError } from "../toast";

/** The owner writes the answer they would have given; it is shown in the conversation and becomes knowledge. */
export function ReviseForm(props: { messageId: string; initial?: string; label?: string; onDone: (answer: string) => void; onCancel?: () => void }) {
  const id = createUniqueId();
  const [text, setText] = createSignal(props.initial ?? "");
  const [busy, setBusy] = createSignal(false);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (!text().trim()) return;
    setBusy(true);
    try {
      await audienceApi.revise(props.messageId, text().trim());
      notify("Saved — your clone will answer with it from now on");
      props.onDone(text().trim());
    } catch (err) {
      notifyError(err, "Could not save your answer");
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="stack revise-form" onSubmit={submit}>
      <label for={id}>{props.label ?? "Your answer"}</label>
      <textarea id={id} rows={3} value={text()} onInput={(e) => setText(e.currentTarget.value)} maxLength={4000} required />
      <div class="row">
        <button type="submit" disabled={busy() || !text().trim()}>
          {busy() ? "Saving…" : "Save answer"}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={() => props.onCancel!()}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
