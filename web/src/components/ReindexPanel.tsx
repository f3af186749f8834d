import { createEffect, createSignal, on, onCleanup, onMount, Show } from "solid-js";
import { knowledgeApi } from "../api/knowledge";
import type { ReindexStatus } from "../api/contract";
import { useJobEvents } from "../stores/live";
import { ProgressBar } from "./ui";
import { notifyError } from "./toast";

const running = (s: ReindexStatus | null) => s?.job?.status === "queued" || s?.job?.status === "running";

/**
 * "Re-index": after the embedder changes, documents indexed by the old one are found by keywords
 * only. One button re-embeds them all; keyword search keeps working meanwhile.
 */
export function ReindexPanel(props: { onDone?: () => void; documents?: () => number }) {
  const [status, setStatus] = createSignal<ReindexStatus | null>(null);
  const [busy, setBusy] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function load() {
    clearTimeout(timer);
    try {
      const s = await knowledgeApi.reindexStatus();
      const wasRunning = running(status());
      setStatus(s);
      if (wasRunning && !running(s)) props.onDone?.();
      // Live job events update the bar; polling is the fallback when the socket is down.
      if (running(s)) timer = setTimeout(load, 2000);
    } catch {
      // The panel is secondary: it stays hidden rather than showing an error over the documents.
    }
  }
  onMount(load);
  createEffect(
    on(
      () => props.documents?.(),
      () => void load(),
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));
  // Its counts follow the documents: one that finishes indexing (or is added or deleted) changes them.
  useJobEvents((job) => {
    if (job.kind !== "knowledge.reindex") {
      if (job.kind.startsWith("knowledge.") && (job.status === "succeeded" || job.status === "failed")) void load();
      return;
    }
    const s = status();
    if (s) setStatus({ ...s, job: { id: job.id, status: job.status, progress: job.progress, error: job.error ?? null } });
    if (job.status === "succeeded" || job.status === "failed") void load();
  });

  async function start() {
    setBusy(true);
    try {
      setStatus(await knowledgeApi.reindex());
      void load();
    } catch (err) {
      notifyError(err, "Could not start re-indexing");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show when={status()?.documents}>
      <section class="card" aria-labelledby="reindex-title">
        <h2 id="reindex-title">Search index</h2>
        <p class="small">
          {status()!.current} of {status()!.documents} documents are indexed with the current embedder (<code>{status()!.embedder}</code>).
          <Show when={status()!.current < status()!.documents}> The others are found by keywords only until you re-index.</Show>
        </p>
        <Show when={running(status())}>
          <ProgressBar value={(status()!.job?.progress ?? 0) / 100} label="Re-indexing documents" />
        </Show>
        <Show when={status()!.job?.status === "failed" && status()!.job?.error}>
          <p class="error small">The last re-index failed: {status()!.job!.error}</p>
        </Show>
        <div>
          <button type="button" class="secondary" onClick={start} disabled={busy() || running(status()) || status()!.current >= status()!.documents}>
            {running(status()) ? "Re-indexing…" : "Re-index all documents"}
          </button>
        </div>
      </section>
    </Show>
  );
}
