import { createEffect, For, Show, type JSX } from "solid-js";
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
}) {
  let box!: HTMLDivElement;
  let pinned = true;
  createEffect(() => {
    // Track message count and the last message's growing content.
    const last = props.messages[props.messages.length - 1];
    void props.messages.length;
    void last?.content;
    if (pinned) queueMicrotask(() => box.scrollTo({ top: box.scrollHeight }));
  });
  return (
    <div
      class="thread"
      ref={box}
      onScroll={() => (pinned = box.scrollHeight - box.scrollTop - box.clientHeight < 80)}
      aria-live="polite"
      aria-relevant="additions text"
    >
      {props.header}
      <Show when={props.messages.length > 0} fallback={props.empty}>
        <ol class="messages">
          <For each={threadOrder(props.messages)}>
            {(m) => <MessageBubble m={m} onRetry={props.onRetry && (() => props.onRetry!(m.id))} onVideo={props.onVideo && (() => props.onVideo!(m.id))} />}
          </For>
        </ol>
      </Show>
    </div>
  );
}
