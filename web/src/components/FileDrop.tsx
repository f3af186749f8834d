import { createSignal } from "solid-js";

/** A drop zone that is also a keyboard-reachable file picker (it wraps a real <input type=file>). */
export function FileDrop(props: { accept: string; multiple?: boolean; label: string; hint: string; onFiles: (files: File[]) => void; disabled?: boolean }) {
  const [over, setOver] = createSignal(false);
  let input!: HTMLInputElement;
  return (
    <label
      class="drop"
      classList={{ over: over(), disabled: props.disabled }}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length && !props.disabled) props.onFiles(props.multiple ? files : files.slice(0, 1));
      }}
    >
      <span class="drop-icon" aria-hidden="true">
        ⇪
      </span>
      <strong>{props.label}</strong>
      <span class="muted small">{props.hint}</span>
      <input
        ref={input}
        class="visually-hidden"
        type="file"
        accept={props.accept}
        multiple={props.multiple}
        disabled={props.disabled}
        onChange={() => {
          const files = [...(input.files ?? [])];
          input.value = "";
          if (files.length) props.onFiles(files);
        }}
      />
    </label>
  );
}
