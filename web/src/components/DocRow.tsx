import { Show } from "solid-js";
import type { KnowledgeDocument } from "../api/contract";
import { ProgressBar, StatusBadge } from "./ui";
import { formatBytes, timeAgo } from "../lib/format";
import { safeHref } from "../lib/url";

// Memories and own answers are knowledge too, but each is managed (edited, deleted) on its own page.
const managedAt = (d: KnowledgeDocument) =>
  d.kind === "memory"
    ? { label: "Memory", href: "/memories", where: "Memories" }
    : d.kind === "revision"
      ? { label: "Your answer", href: "/audience?tab=answers", where: "Audience" }
      : null;

const icon = (d: KnowledgeDocument) =>
  d.kind === "web_page"
    ? "WEB"
    : d.kind === "memory"
      ? "MEM"
      : d.kind === "revision"
        ? "Q&A"
        : d.source === "note"
          ? "✎"
          : d.mimeType.includes("pdf")
            ? "PDF"
            : d.mimeType.includes("word")
              ? "DOC"
              : d.mimeType === "text/html"
                ? "HTML"
                : d.mimeType === "text/markdown"
                  ? "MD"
                  : "TXT";

export function DocRow(props: {
  doc: KnowledgeDocument;
  onDelete?: () => void;
  onRefetch?: () => void;
  highlight?: boolean;
  /** The document's details are being read again after indexing, or that failed (then `onRefresh` retries). */
  details?: "loading" | "failed";
  onRefresh?: () => void;
}) {
  const busy = () => props.doc.status === "queued" || props.doc.status === "indexing";
  const web = () => props.doc.kind === "web_page";
  // More than the ✕ in the actions cell (Re-fetch and ✕, or the Manage link): on a phone those go under the text.
  const wideActions = () => (web() && !!props.onRefetch) || !!managedAt(props.doc);
  return (
    <li class="doc-row" classList={{ highlight: !!props.highlight, "wide-actions": wideActions() }}>
      <div class="doc-icon" aria-hidden="true">
        {icon(props.doc)}
      </div>
      <div class="doc-main">
        <div class="row between">
          <strong class="truncate doc-title">{props.doc.title}</strong>
          <StatusBadge status={props.doc.status} />
        </div>
        <Show when={web() && safeHref(props.doc.url)}>
          {(href) => (
            <a class="small truncate" href={href()} target="_blank" rel="noopener noreferrer">
              {props.doc.url}
            </a>
          )}
        </Show>
        <span class="muted small">
          {managedAt(props.doc)?.label ?? (props.doc.source === "note" ? "Note" : web() ? "Web page" : formatBytes(props.doc.sizeBytes))} ·{" "}
          <Show
            when={!props.details}
            fallback={
              <Show when={props.details === "failed"} fallback="counting chunks…">
                chunk count not loaded{" "}
                <button class="link small" aria-label={`Refresh ${props.doc.title}`} onClick={() => props.onRefresh?.()}>
                  Refresh
                </button>
              </Show>
            }
          >
            {props.doc.chunkCount} {props.doc.chunkCount === 1 ? "chunk" : "chunks"}
          </Show>{" "}
          · {web() && props.doc.fetchedAt ? `fetched ${timeAgo(props.doc.fetchedAt)}` : `added ${timeAgo(props.doc.createdAt)}`}
        </span>
        <Show when={busy()}>
          <ProgressBar value={props.doc.progress / 100} label={`Indexing ${props.doc.title}`} />
        </Show>
        <Show when={props.doc.error}>
          <span class="error small">{props.doc.error}</span>
        </Show>
      </div>
      {/* One cell for the actions, so a row with two (a web page's Re-fetch and ✕) keeps them on the right. */}
      <div class="doc-actions">
        <Show when={web() && props.onRefetch}>
          <button class="secondary small-btn" aria-label={`Re-fetch ${props.doc.title}`} disabled={busy()} onClick={() => props.onRefetch!()}>
            Re-fetch
          </button>
        </Show>
        <Show when={managedAt(props.doc)}>
          {(m) => (
            <a class="small" href={m().href} aria-label={`Edit or delete ${props.doc.title} in ${m().where}`}>
              Manage in {m().where}
            </a>
          )}
        </Show>
        <Show when={props.onDelete && !managedAt(props.doc)}>
          <button class="icon-btn danger-text" aria-label={`Delete ${props.doc.title}`} onClick={() => props.onDelete!()}>
            ✕
          </button>
        </Show>
      </div>
    </li>
  );
}
