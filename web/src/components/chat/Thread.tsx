import { createEffect, createSignal, For, onCleanup, onMount, Show, type JSX } from "solid-js";
import type { ChatItem } from "../../stores/chat";
import { MessageBubble } from "./MessageBubble";
import { threadOrder } from "../../lib/thread-order";

/** The message list; keeps the newest message in view unless the reader scrolled up. */
export function Thread(props: {
  messages: ChatItem[];
  empty: JSX.Element;
  onRetry?: (id: string) => void;
  onVideo?: (id: string) => void;
  header?: JSX.Element;
  /** Resends the question behind the latest reply (client-side regenerate). */
  onRegenerate?: (question: string) => void;
  /** A visitor leaves an unanswered question for the owner ("ask the real me"). */
  onAskOwner?: (id: string) => void;
  /** Whose own answers (revisions) and citations of them are shown: the owner's first name, or "Your". */
  ownerName?: string;
  /** The owner may write their own answer to a reply (Revise); called with it once saved. */
  onRevised?: (id: string, answer: string) => void;
}) {
  let box!: HTMLDivElement;
  let pinned = true;
  // A screen reader hears each reply once, when it is complete — not every streamed token (the
  // thread itself is not a live region). Only replies seen streaming are announced, not history.
  const [announce, setAnnounce] = createSignal("");
  let streaming = false;
  createEffect(() => {
    const last = props.messages[props.messages.length - 1];
    if (!last || last.role !== "assistant") return;
    if (last.pending) streaming = true;
    else if (streaming && last.content) {
      streaming = false;
      // On the share page the clone is the owner's, not the visitor's.
      setAnnounce(`${props.ownerName ? `${props.ownerName}'s` : "Your"} clone replied: ${last.content}`);
    }
  });
  const latest = () => {
    const ms = props.messages;
    const last = ms[ms.length - 1];
    if (!last || last.role !== "assistant" || last.pending) return null;
    const q = ms.find((x) => x.id === last.replyTo) ?? [...ms].reverse().find((x) => x.role === "user");
    return q ? { id: last.id, question: q.content } : null;
  };
  createEffect(() => {
    // Track message count, the last message's growing content, and what a reply shows once it ends
    // (its actions row, citations, a failure, a video): they add height after the last token.
    const last = props.messages[props.messages.length - 1];
    void props.messages.length;
    void last?.content;
    void last?.pending;
    void last?.failed;
    void last?.answering;
    void last?.citations.length;
    void last?.videoStatus;
    if (pinned) queueMicrotask(() => box.scrollTo({ top: box.scrollHeight }));
  });
  // Something appearing under the thread (the "Remember this?" card, a taller composer) shrinks it, and an earlier
  // message growing (an older reply's video arriving after the history, then sizing itself once its metadata loads)
  // lengthens the list, both without a scroll event: keep the newest message in view then too.
  const resized =
    typeof ResizeObserver === "undefined"
      ? null
      : new ResizeObserver(() => {
          if (pinned) box.scrollTo({ top: box.scrollHeight });
        });
  onMount(() => resized?.observe(box));
  onCleanup(() => resized?.disconnect());
  return (
    <div class="thread" ref={box} onScroll={() => (pinned = box.scrollHeight - box.scrollTop - box.clientHeight < 80)}>
      <div class="visually-hidden" aria-live="polite" data-testid="reply-announcer">
        {announce()}
      </div>
      {props.header}
      <Show when={props.messages.length > 0} fallback={props.empty}>
        <ol class="messages" ref={(list) => resized?.observe(list)}>
          <For each={threadOrder(props.messages)}>
            {(m) => (
              <MessageBubble
                m={m}
                onRetry={props.onRetry && (() => props.onRetry!(m.id))}
                onVideo={props.onVideo && (() => props.onVideo!(m.id))}
                onRegenerate={props.onRegenerate && latest()?.id === m.id ? () => props.onRegenerate!(latest()!.question) : undefined}
                onAskOwner={props.onAskOwner && (() => props.onAskOwner!(m.id))}
                onRevised={props.onRevised && ((answer: string) => props.onRevised!(m.id, answer))}
                ownerName={props.ownerName}
              />
            )}
          </For>
        </ol>
      </Show>
    </div>
  );
}
