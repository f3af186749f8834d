import { createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { knowledgeApi, ACCEPTED_KNOWLEDGE } from "../api/knowledge";
import type { KnowledgeDocument } from "../api/contract";
import { FileDrop } from "./FileDrop";
import { ProgressBar } from "./ui";
import { notifyError } from "./toast";
import { formatBytes } from "../lib/format";

interface Transfer {
  key: number;
  file: File;
  progress: number;
  error?: string;
}

let seq = 0;

/** Drag-and-drop / picker upload of knowledge files, one progress bar per file; a failure says why and can be retried. */
export function KnowledgeUploader(props: { onUploaded: (d: KnowledgeDocument) => void }) {
  const [transfers, setTransfers] = createStore<Transfer[]>([]);

  async function send(key: number, file: File) {
    const at = () => transfers.findIndex((t) => t.key === key);
    setTransfers(at(), { progress: 0, error: undefined });
    try {
      const doc = await knowledgeApi.upload(file, (p) => setTransfers(at(), "progress", p));
      props.onUploaded(doc);
      setTransfers((t) => t.filter((x) => x.key !== key));
    } catch (err) {
      // The bar goes back to empty: a full bar over a failure reads as "done".
      setTransfers(at(), { error: (err as Error).message || "The upload failed", progress: 0 });
    }
  }

  async function start(files: File[]) {
    await Promise.all(
      files.map((file) => {
        const key = ++seq;
        setTransfers((t) => [...t, { key, file, progress: 0 }]);
        return send(key, file);
      }),
    );
  }

  return (
    <div class="stack">
      <FileDrop accept={ACCEPTED_KNOWLEDGE} multiple label="Drop files here or browse" hint="PDF, TXT or Markdown — notes, CV, articles, FAQs" onFiles={start} />
      <Show when={transfers.length > 0}>
        <ul class="transfers" aria-label="Uploads in progress">
          <For each={transfers}>
            {(t) => (
              <li>
                <div class="row between">
                  <span class="truncate">{t.file.name}</span>
                  <span class="muted small">{t.error ? "failed" : `${Math.round(t.progress * 100)}% of ${formatBytes(t.file.size)}`}</span>
                </div>
                <Show when={t.error} fallback={<ProgressBar value={t.progress} label={`Uploading ${t.file.name}`} />}>
                  <div class="row between" role="alert">
                    <span class="error small">Could not upload {t.file.name}: {t.error}</span>
                    <span class="row">
                      <button type="button" class="secondary small-btn" onClick={() => send(t.key, t.file)}>Retry</button>
                      <button type="button" class="link small" onClick={() => setTransfers((list) => list.filter((x) => x.key !== t.key))}>Dismiss</button>
                    </span>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

/** Add a text note as knowledge. */
export function NoteForm(props: { onAdded: (d: KnowledgeDocument) => void }) {
  const [title, setTitle] = createSignal("");
  const [content, setContent] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      props.onAdded(await knowledgeApi.addNote(title().trim() || content().trim().slice(0, 60), content()));
      setTitle("");
      setContent("");
    } catch (err) {
      notifyError(err, "Could not add the note");
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="stack" onSubmit={submit}>
      <label>
        Title
        <input name="note-title" maxLength={200} placeholder="e.g. About my work" value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label>
        Note
        <textarea name="note-content" rows={5} required placeholder="Things your clone should know and be able to talk about…" value={content()} onInput={(e) => setContent(e.currentTarget.value)} />
      </label>
      <div>
        <button type="submit" disabled={busy() || !content().trim()}>{busy() ? "Adding…" : "Add note"}</button>
      </div>
    </form>
  );
}
