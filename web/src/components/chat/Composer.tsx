import { createEffect, createSignal, on } from "solid-js";

// Keyboard hints mean nothing on a touch screen (and clip on a phone's narrow composer).
const touch = typeof matchMedia !== "undefined" && matchMedia("(pointer: coarse)").matches;

/**
 * Enter sends, Shift+Enter adds a newline; the text stays if sending is refused or fails. `delivered` reports a
 * message that reached the server (e.g. by Retry on the failed one): if the composer still holds that text, it clears,
 * so Enter does not send it a second time.
 */
export function Composer(props: {
  onSend: (text: string) => Promise<boolean> | boolean;
  disabled?: boolean;
  placeholder?: string;
  delivered?: () => { text: string } | undefined;
}) {
  const [text, setText] = createSignal("");
  let area!: HTMLTextAreaElement;
  /** Grow with the text up to a few lines (also for text put back after a failed send). */
  const fit = () => {
    area.style.height = "auto";
    area.style.height = `${Math.min(area.scrollHeight, 200)}px`;
  };
  createEffect(
    on(
      () => props.delivered?.(),
      (d) => {
        if (d && text().trim() && text().trim() === d.text.trim()) {
          setText("");
          area.style.height = "";
        }
      },
      { defer: true },
    ),
  );

  async function send() {
    const t = text();
    if (!t.trim() || props.disabled) return;
    setText("");
    area.style.height = "";
    const ok = await props.onSend(t);
    if (ok === false && !text()) {
      setText(t);
      fit();
    }
    area.focus();
  }

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={area}
        rows={1}
        aria-label="Message"
        placeholder={props.placeholder ?? (touch ? "Message your clone…" : "Message your clone — Enter sends, Shift+Enter adds a line")}
        value={text()}
        onInput={(e) => {
          setText(e.currentTarget.value);
          fit();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button type="submit" disabled={props.disabled || !text().trim()} aria-label="Send">
        Send
      </button>
    </form>
  );
}
