import { createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { knowledgeApi, ACCEPTED_KNOWLEDGE, isArchive } from "../api/knowledge";
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
  /** A ZIP import that skipped files: what was imported, and each skipped file with the reason. */
  report?: { imported: number; skipped: { name: string; reason: string }[] };
  /** The file was already there: the new copy's id and the document that already held the same bytes. */
  duplicate?: { id: string; of: { id: string; title: string } };
}

let seq = 0;

/** Drag-and-drop / picker upload of knowledge files, one progress bar per file; a failure says why and can be retried. */
export function KnowledgeUploader(props: { onUploaded: (d: KnowledgeDocument) => void; onRemoved?: (id: string) => void }) {
  const [transfers, setTransfers] = createStore<Transfer[]>([]);

  async function send(key: number, file: File) {
    const at = () => transfers.findIndex((t) => t.key === key);
    setTransfers(at(), { progress: 0, error: undefined });
    try {
      if (isArchive(file)) {
        const { results } = await knowledgeApi.importZip(file, (p) => setTransfers(at(), "progress", p));
        let imported = 0;
        const skipped: { name: string; reason: string }[] = [];
        for (const r of results) {
          if (r.document) {
            imported++;
            props.onUploaded(r.document);
          } else skipped.push({ name: r.name, reason: r.reason ?? "skipped" });
        }
        // Kept on screen only when something was left out, so the user sees which files and why.
        if (skipped.length) setTransfers(at(), { report: { imported, skipped }, progress: 1 });
        else setTransfers((t) => t.filter((x) => x.key !== key));
        return;
      }
      const doc = await knowledgeApi.upload(file, (p) => setTransfers(at(), "progress", p));
      props.onUploaded(doc);
      // The same file again is kept (nothing is lost), and the user is told which document already has it.
      if (doc.duplicateOf) setTransfers(at(), { duplicate: { id: doc.id, of: doc.duplicateOf }, progress: 1 });
      else setTransfers((t) => t.filter((x) => x.key !== key));
    } catch (err) {
      // The bar goes back to empty: a full bar over a failure reads as "done".
      setTransfers(at(), { error: (err as Error).message || "The upload failed", progress: 0 });
    }
  }

  const dismiss = (key: number) => setTransfers((list) => list.filter((x) => x.key !== key));
  async function removeCopy(key: number, id: string) {
    try {
      await knowledgeApi.remove(id);
      props.onRemoved?.(id);
      dismiss(key);
    } catch (err) {
      notifyError((err as Error).message || "Could not remove the copy");
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
      <FileDrop
        accept={ACCEPTED_KNOWLEDGE}
        multiple
        label="Drop files here or browse"
        hint="PDF, Word, HTML, TXT or Markdown — or a ZIP of notes (one document per file)"
        onFiles={start}
      />
      <Show when={transfers.length > 0}>
        <ul class="transfers" aria-label="Uploads in progress">
          <For each={transfers}>
            {(t) => (
              <li>
                <div class="row between">
                  <span class="truncate">{t.file.name}</span>
                  <span class="muted small nowrap">
                    {t.error
                      ? "failed"
                      : t.report
                        ? `${t.report.imported} imported`
                        : t.duplicate
                          ? "added again"
                          : `${Math.round(t.progress * 100)}% of ${formatBytes(t.file.size)}`}
                  </span>
                </div>
                <Show when={t.report}>
                  {(r) => (
                    <div class="stack" role="status">
                      <span class="small">
                        {r().imported} {r().imported === 1 ? "file" : "files"} imported; {r().skipped.length} skipped:
                      </span>
                      <ul class="small">
                        <For each={r().skipped}>
                          {(s) => (
                            <li>
                              <span class="truncate">{s.name}</span> — <span class="muted">{s.reason}</span>
                            </li>
                          )}
                        </For>
                      </ul>
                      <button type="button" class="link small" onClick={() => setTransfers((list) => list.filter((x) => x.key !== t.key))}>
                        Dismiss
                      </button>
                    </div>
                  )}
                </Show>
                <Show when={t.duplicate}>
                  {(d) => (
                    <div class="row between wrap" role="status">
                      <span class="small">You already have this file, as “{d().of.title}”. This copy was added too.</span>
                      <span class="row">
                        <button type="button" class="secondary small-btn" onClick={() => removeCopy(t.key, d().id)}>
                          Remove this copy
                        </button>
                        <button type="button" class="link small" onClick={() => dismiss(t.key)}>
                          Keep both
                        </button>
                      </span>
                    </div>
                  )}
                </Show>
                <Show
                  when={!t.report && !t.duplicate && t.error}
                  fallback={
                    <Show when={!t.report && !t.duplicate}>
                      <ProgressBar value={t.progress} label={`Uploading ${t.file.name}`} />
                    </Show>
                  }
                >
                  <div class="row between transfer-failure" role="alert">
                    <span class="error small">
                      Could not upload {t.file.name}: {t.error}
                    </span>
                    <span class="row">
                      <button type="button" class="secondary small-btn" onClick={() => send(t.key, t.file)}>
                        Retry
                      </button>
                      <button type="button" class="link small" onClick={() => setTransfers((list) => list.filter((x) => x.key !== t.key))}>
                        Dismiss
                      </button>
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
        <textarea
          name="note-content"
          rows={5}
          required
          placeholder="Things your clone should know and be able to talk about…"
          value={content()}
          onInput={(e) => setContent(e.currentTarget.value)}
        />
      </label>
      <div>
        <button type="submit" disabled={busy() || !content().trim()}>
          {busy() ? "Adding…" : "Add note"}
        </button>
      </div>
    </form>
  );
}

/** Add a web page: the server fetches it and keeps the main article (navigation and ads are left out). */
export function WebPageForm(props: { onAdded: (d: KnowledgeDocument) => void }) {
  const [url, setUrl] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onAdded(await knowledgeApi.addUrl(url().trim()));
      setUrl("");
    } catch (err) {
      // Refusals (private addresses, bad URLs) are shown next to the field, where the user fixes them.
      setError((err as Error).message || "Could not add the page");
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="stack" onSubmit={submit}>
      <label>
        Page address
        <input
          name="page-url"
          type="url"
          inputMode="url"
          required
          maxLength={2048}
          placeholder="https://your-blog.example/post"
          value={url()}
          aria-invalid={error() ? "true" : undefined}
          aria-describedby={error() ? "page-url-error" : "page-url-hint"}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </label>
      <Show
        when={error()}
        fallback={
          <span id="page-url-hint" class="muted small">
            Your blog posts, articles or about page. Only the main text is kept.
          </span>
        }
      >
        <span id="page-url-error" class="error small" role="alert">
          {error()}
        </span>
      </Show>
      <div>
        <button type="submit" disabled={busy() || !url().trim()}>
          {busy() ? "Adding…" : "Add page"}
        </button>
      </div>
    </form>
  );
}
