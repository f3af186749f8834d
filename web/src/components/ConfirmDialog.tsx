import { createSignal, type JSX } from "solid-js";
import { FormError } from "./ui";

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

/**
 * A confirm that also asks for the password and runs the action itself: the dialog stays open
 * while it runs and shows the server's answer (e.g. a wrong password) inline, so the person can
 * correct it without starting over. Resolves true once `run` succeeded, false on Cancel.
 */
export function createPasswordConfirm() {
  let dialog!: HTMLDialogElement;
  let input!: HTMLInputElement;
  const [text, setText] = createSignal({ title: "", body: "", action: "Delete" });
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let run: ((password: string) => Promise<void>) | null = null;
  let resolve: ((v: boolean) => void) | null = null;

  const close = (v: boolean) => {
    if (busy()) return;
    dialog.close();
    input.value = "";
    resolve?.(v);
    resolve = null;
  };

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (!run || busy()) return;
    setError(null);
    setBusy(true);
    try {
      await run(input.value);
      setBusy(false);
      close(true);
    } catch (err) {
      setBusy(false);
      setError(err instanceof Error ? err.message : "Something went wrong; try again.");
      input.select();
    }
  }

  const Dialog = (): JSX.Element => (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="password-confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        close(false);
      }}
    >
      <form onSubmit={submit} class="stack">
        <h2 id="password-confirm-title">{text().title}</h2>
        <p class="muted">{text().body}</p>
        <label>
          Your password
          <input ref={input} name="password" type="password" autocomplete="current-password" required autofocus />
        </label>
        <FormError message={error()} />
        <div class="actions">
          <button type="button" class="secondary" onClick={() => close(false)} disabled={busy()}>
            Cancel
          </button>
          <button type="submit" class="danger" disabled={busy()}>
            {busy() ? "Please wait…" : text().action}
          </button>
        </div>
      </form>
    </dialog>
  );

  const ask = (title: string, body: string, action: string, perform: (password: string) => Promise<void>) =>
    new Promise<boolean>((r) => {
      setText({ title, body, action });
      setError(null);
      run = perform;
      resolve = r;
      dialog.showModal();
    });

  return { Dialog, ask };
}
