import { createSignal, type JSX } from "solid-js";

/**
 * Promise-based confirm on the native <dialog>: showModal() gives focus trapping, Esc to cancel
 * and an inert background without a UI kit.
 */
export function createConfirm() {
  let dialog!: HTMLDialogElement;
  const [text, setText] = createSignal({ title: "", body: "", action: "Delete" });
  let resolve: ((v: boolean) => void) | null = null;

  const close = (v: boolean) => {
    dialog.close();
    resolve?.(v);
    resolve = null;
  };

  const Dialog = (): JSX.Element => (
    <dialog ref={dialog} class="dialog" aria-labelledby="confirm-title" onCancel={() => close(false)}>
      <h2 id="confirm-title">{text().title}</h2>
      <p class="muted">{text().body}</p>
      <div class="actions">
        <button class="secondary" onClick={() => close(false)} autofocus>
          Cancel
        </button>
        <button class="danger" onClick={() => close(true)}>
          {text().action}
        </button>
      </div>
    </dialog>
  );

  const ask = (title: string, body: string, action = "Delete") =>
    new Promise<boolean>((r) => {
      setText({ title, body, action });
      resolve = r;
      dialog.showModal();
    });

  return { Dialog, ask };
}
