import { createResource, createSignal, Show } from "solid-js";
import { audienceApi } from "../../api/audience";
import { timeAgo } from "../../lib/format";
import { AsyncList, Empty } from "../ui";
import { ReviseForm } from "./ReviseForm";

/** Questions the clone could not answer, similar ones grouped, newest first; the owner answers in place. */
export function InboxPanel() {
  const [status, setStatus] = createSignal<"open" | "all">("open");
  const [inbox, { refetch }] = createResource(status, (s) => audienceApi.inbox(s));
  const [answering, setAnswering] = createSignal<string | null>(null);
  return (
    <div class="stack">
      <div class="row between">
        <p class="muted small" data-testid="inbox-count">
          {inbox()?.openCount ?? 0} open question{inbox()?.openCount === 1 ? "" : "s"}
        </p>
        <label class="inline-check small">
          <input type="checkbox" checked={status() === "all"} onChange={(e) => setStatus(e.currentTarget.checked ? "all" : "open")} /> Show answered
        </label>
      </div>
      <AsyncList
        error={inbox.error}
        retry={refetch}
        ready={inbox()}
        loadingLabel="Loading questions"
        items={inbox()?.groups}
        empty={
          <Empty title="Nothing unanswered" icon="✓">
            When your clone cannot answer from what you shared, the question appears here.
          </Empty>
        }
        class="list inbox"
        label="Unanswered questions"
      >
        {(g) => {
          const first = g.items[0]!;
          return (
            <li class="card inbox-item" data-testid="inbox-group">
              <div class="row between">
                <strong>{g.question}</strong>
                <Show when={g.count > 1}>
                  <span class="badge badge-busy">asked {g.count}×</span>
                </Show>
              </div>
              <p class="muted small">
                {first.source === "visitor" ? `A visitor via “${first.shareLabel || "share link"}”` : "You, in your chat"} · {timeAgo(g.latestAt)}
                <Show when={g.items.some((i) => i.askedOwnerAt)}>
                  {" "}
                  · <span class="badge badge-warn">asked for you</span>
                </Show>
              </p>
              <p class="small">Clone said: {first.reply}</p>
              <Show
                when={first.answer === null && answering() !== first.replyId}
                fallback={
                  <Show when={answering() === first.replyId} fallback={<p class="small owner-answer">Your answer: {first.answer}</p>}>
                    <ReviseForm
                      messageId={first.replyId}
                      onDone={() => {
                        setAnswering(null);
                        void refetch();
                      }}
                      onCancel={() => setAnswering(null)}
                    />
                  </Show>
                }
              >
                <button class="secondary" onClick={() => setAnswering(first.replyId)}>
                  Answer
                </button>
              </Show>
            </li>
          );
        }}
      </AsyncList>
    </div>
  );
}
