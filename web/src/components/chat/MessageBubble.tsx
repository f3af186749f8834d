import { createSignal, For, Show } from "solid-js";
import { ReviseForm } from "../audience/ReviseForm";
import type { ChatItem } from "../../stores/chat";
import { Spinner } from "../ui";
import { renderMarkdown } from "../../lib/markdown";
import { safeHref } from "../../lib/url";
import { notify, notifyError } from "../toast";
import { citationLabel } from "../../lib/citation-label";

async function copy(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    notify("Reply copied");
  } catch (err) {
    notifyError(err, "Could not copy");
  }
}

/** "Ana's" for a visitor, "Your" for the owner. */
const possessive = (name?: string) => (name ? `${name}'s` : "Your");

export function MessageBubble(props: {
  m: ChatItem;
  onRetry?: () => void;
  onVideo?: () => void;
  onRegenerate?: () => void;
  onAskOwner?: () => void;
  ownerName?: string;
  onRevised?: (answer: string) => void;
}) {
  const isUser = () => props.m.role === "user";
  const [revising, setRevising] = createSignal(false);
  const videoBusy = () => props.m.videoStatus === "queued" || props.m.videoStatus === "processing";
  return (
    <li class="msg" classList={{ user: isUser(), assistant: !isUser(), failed: !!props.m.failed }} data-testid={`msg-${props.m.role}`}>
      <div class="bubble">
        <Show
          when={props.m.content || !props.m.pending}
          fallback={
            <span class="typing" aria-label="Your clone is typing">
              <i />
              <i />
              <i />
            </span>
          }
        >
          <Show when={!isUser()} fallback={<div class="pre">{props.m.content}</div>}>
            {/* Sanitised in renderMarkdown: raw HTML, handlers and javascript: links come out inert. */}
            <div class="prose" innerHTML={renderMarkdown(props.m.content)} />
          </Show>
        </Show>
        <Show when={props.m.pending && props.m.content}>
          <span class="caret" aria-hidden="true" />
        </Show>
      </div>
      <Show when={props.m.ownerAnswer}>
        {(a) => (
          <div class="owner-answer" data-testid="owner-answer">
            <strong class="owner-answer-label">{possessive(props.ownerName)} own answer</strong>
            <div class="pre">{a().content}</div>
          </div>
        )}
      </Show>
      <Show when={props.m.citations.length > 0}>
        <div class="citations" aria-label="Sources">
          <For each={props.m.citations}>
            {(c, i) => (
              <details class="citation">
                <summary>
                  {/* The [n] the reply text uses; replies stored before citations carried it fall back to the list order. */}
                  <span class="cite-num">{c.n ?? i() + 1}</span>{" "}
                  {c.kind === "memory" ? (
                    <span class="cite-kind">{props.ownerName ? `from ${possessive(props.ownerName)} memories · ` : "from your memories · "}</span>
                  ) : null}
                  {c.ownerAnswer ? `${possessive(props.ownerName)} own answer: ${c.title}` : citationLabel(c.title, c.heading)}
                </summary>
                <blockquote class="small">{c.snippet}</blockquote>
                <Show when={safeHref(c.url)}>
                  {(href) => (
                    <a class="small" href={href()} target="_blank" rel="noopener noreferrer">
                      Open the page
                    </a>
                  )}
                </Show>{" "}
                <Show when={!props.ownerName}>
                  <a class="small" href={c.kind === "memory" ? "/memories" : `/knowledge?doc=${encodeURIComponent(c.documentId)}`}>
                    {c.kind === "memory" ? "Open in memories" : "Open in knowledge"}
                  </a>
                </Show>
              </details>
            )}
          </For>
        </div>
      </Show>
      <Show when={props.m.videoUrl}>
        <video class="reply-video" src={props.m.videoUrl!} controls playsinline aria-label="Video reply" />
      </Show>
      <Show when={revising()}>
        <ReviseForm
          messageId={props.m.id}
          initial={props.m.ownerAnswer?.content}
          onDone={(answer) => {
            setRevising(false);
            props.onRevised?.(answer);
          }}
          onCancel={() => setRevising(false)}
        />
      </Show>
      <div class="msg-meta">
        <Show when={!isUser() && !props.m.pending && props.m.content}>
          <button class="link small" onClick={() => copy(props.m.content)}>
            Copy
          </button>
          <Show when={props.onRegenerate}>
            <button class="link small" onClick={() => props.onRegenerate!()} title="Ask the same question again">
              Regenerate
            </button>
          </Show>
        </Show>
        <Show when={props.onAskOwner && props.m.answerStatus === "unanswered" && !props.m.ownerAnswer}>
          <Show
            when={!props.m.askedOwnerAt}
            fallback={
              <span class="small muted" data-testid="asked-owner">
                Sent to {props.ownerName ?? "the owner"}: their answer will appear here when you come back.
              </span>
            }
          >
            <button class="link small" onClick={() => props.onAskOwner!()}>
              Ask the real {props.ownerName ?? "me"}
            </button>
          </Show>
        </Show>
        <Show when={props.onRevised && !isUser() && !props.m.pending && !props.m.id.startsWith("local_") && !revising()}>
          <button class="link small" onClick={() => setRevising(true)} title="Write the answer you would have given; your clone learns it">
            {props.m.ownerAnswer ? "Edit your answer" : "Revise"}
          </button>
        </Show>
        {/* The owner's to know (which responder answered); a visitor would read "offline" as something broken. */}
        <Show when={props.m.model === "offline-extractive" && !props.ownerName}>
          <span class="badge badge-warn" title="Answered by the offline extractive model (no LLM key configured)">
            offline
          </span>
        </Show>
        {/* A visitor is told what such a reply is, in their terms: the owner's own words, not an AI's (a decline or a
            greeting quotes nothing, and has no citations). */}
        <Show when={props.m.model === "offline-extractive" && props.ownerName && props.m.citations.length > 0}>
          <span class="muted small" title={`No AI model wrote this: the clone quotes what ${props.ownerName} wrote, word for word.`}>
            quoted from {props.ownerName}'s notes
          </span>
        </Show>
        <Show when={props.m.answering}>
          <span class="muted small" role="status">
            {props.m.answering}
          </span>
        </Show>
        <Show when={props.m.failed}>
          {/* One group: on a phone the error wraps inside it and Retry stays beside it, not on a line of its own. */}
          <span class="msg-failed">
            <span class="error small" role="alert">
              {props.m.failed}
            </span>
            <Show when={props.onRetry}>
              <button class="link small" onClick={() => props.onRetry!()}>
                Retry
              </button>
            </Show>
          </span>
        </Show>
        <Show when={props.onVideo && !isUser() && !props.m.pending && !props.m.videoUrl && !props.m.id.startsWith("local_")}>
          <Show
            when={!videoBusy()}
            fallback={
              <span class="muted small">
                <Spinner label="Making video" /> making video…
              </span>
            }
          >
            <button class="link small" onClick={() => props.onVideo!()}>
              {props.m.videoStatus === "failed" ? "Video failed — try again" : "▶ Video reply"}
            </button>
          </Show>
        </Show>
      </div>
    </li>
  );
}
