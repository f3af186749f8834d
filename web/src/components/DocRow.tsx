import { Show } from "solid-js";
import type { KnowledgeDocument } from "../api/contract";
import { ProgressBar, StatusBadge } from "./ui";
import { formatBytes, timeAgo } from "../lib/format";

export function DocRow(props: { doc: KnowledgeDocument; onDelete?: () => void; highlight?: boolean }) {
  const busy = () => props.doc.status === "queued" || props.doc.status === "indexing";
  return (
    <li class="doc-row" classList={{ highlight: !!props.highlight }}>
      <div class="doc-icon" aria-hidden="true">
        {props.doc.source === "note" ? "✎" : props.doc.mimeType.includes("pdf") ? "PDF" : "TXT"}
      </div>
      <div class="doc-main">
        <div class="row between">
          <strong class="truncate">{props.doc.title}</strong>
          <StatusBadge status={props.doc.status} />
        </div>
        <span class="muted small">
          {props.doc.source === "note" ? "Note" : formatBytes(props.doc.sizeBytes)} · {props.doc.chunkCount} {props.doc.chunkCount === 1 ? "chunk" : "chunks"} ·
          added {timeAgo(props.doc.createdAt)}
        </span>
        <Show when={busy()}>
          <ProgressBar value={props.doc.progress / 100} label={`Indexing ${props.doc.title}`} />
        </Show>
        <Show when={props.doc.error}>
          <span class="error small">{props.doc.error}</span>
        </Show>
      </div>
      <Show when={props.onDelete}>
        <button class="icon-btn danger-text" aria-label={`Delete ${props.doc.title}`} onClick={() => props.onDelete!()}>
          ✕
        </button>
      </Show>
    </li>
  );
}
