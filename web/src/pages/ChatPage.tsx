import { createEffect, createResource, createSignal, on, Show } from "solid-js";
import { useParams, useNavigate, A } from "@solidjs/router";
import { conversationsApi } from "../api/conversations";
import { chatApi } from "../api/chat";
import { avatarApi } from "../api/avatars";
import { createChatStore } from "../stores/chat";
import { useVideoEvents } from "../stores/live";
import { ConversationList, createConversationList } from "../components/ConversationList";
import { Thread } from "../components/chat/Thread";
import { Composer } from "../components/chat/Composer";
import { createMemoryProposals, MemoryProposals } from "../components/chat/MemoryProposals";
import { AsyncState, Empty } from "../components/ui";
import { notify, notifyError } from "../components/toast";
import { createConfirm } from "../components/ConfirmDialog";

const SUGGESTIONS = ["What do you work on?", "What are you most proud of?", "How can I reach you?"];

export default function ChatPage() {
  const params = useParams();
  const navigate = useNavigate();
  const confirm = createConfirm();
  const list = createConversationList();
  const id = () => params.id ?? null;
  const chat = createChatStore(id, (convo, text, handlers, clientMessageId) => chatApi.send(convo, text, handlers, clientMessageId), {
    // A retry the server is still answering (another tab, a cut stream): its reply is read from here once saved.
    recent: async (cid) => (await conversationsApi.messages(cid, { limit: 30 })).items,
    onLateReply: () => afterTurn(true),
  });
  const [older, setOlder] = createSignal<string | null>(null);
  const proposals = createMemoryProposals(id);

  const [loaded, { mutate: setConversation, refetch: reloadConversation }] = createResource(id, (cid) => conversationsApi.get(cid));
  // A failed load is shown by the history's error below (with Try again); the header then just says "Conversation".
  const conversation = () => (loaded.error ? undefined : loaded());

  async function rename() {
    const c = conversation();
    const title = c && prompt("Rename conversation", c.title)?.trim();
    if (!c || !title || title === c.title) return;
    try {
      const updated = await conversationsApi.rename(c.id, title);
      setConversation((prev) => (prev ? { ...prev, ...updated } : prev));
      list.update(c.id, { title: updated.title });
    } catch (err) {
      notifyError(err, "Could not rename the conversation");
    }
  }

  async function remove() {
    const c = conversation();
    if (!c || !(await confirm.ask("Delete this conversation?", "Its messages are deleted for good."))) return;
    try {
      await conversationsApi.remove(c.id);
      list.remove(c.id);
      notify("Conversation deleted");
      navigate("/chat", { replace: true });
    } catch (err) {
      notifyError(err, "Could not delete the conversation");
    }
  }
  const [history, { refetch: reloadHistory }] = createResource(id, async (cid) => {
    const page = await conversationsApi.messages(cid, { limit: 30 });
    chat.setHistory(page.items);
    setOlder(page.nextCursor);
    // Videos made earlier: fetch their current state (the URLs are short-lived).
    for (const m of page.items) {
      if (m.videoJobId)
        void avatarApi
          .videoStatus(m.videoJobId)
          .then((v) => chat.setVideo(m.id, { videoUrl: v.videoUrl, videoStatus: v.status }))
          .catch(() => undefined);
    }
    return page;
  });

  createEffect(
    on(id, () => {
      chat.setHistory([]);
      void proposals.refresh();
    }),
  );

  useVideoEvents((e) => chat.setVideo(e.messageId, { videoUrl: e.videoUrl, videoStatus: e.status, videoJobId: e.jobId }));

  async function loadOlder() {
    const cid = id();
    if (!cid || !older()) return;
    try {
      const page = await conversationsApi.messages(cid, { limit: 30, cursor: older() });
      chat.prependHistory(page.items);
      setOlder(page.nextCursor);
    } catch (err) {
      notifyError(err, "Could not load earlier messages");
    }
  }

  async function requestVideo(messageId: string) {
    chat.setVideo(messageId, { videoStatus: "queued" });
    try {
      const { jobId, status } = await avatarApi.requestVideo(messageId);
      chat.setVideo(messageId, { videoJobId: jobId, videoStatus: status });
    } catch (err) {
      chat.setVideo(messageId, { videoStatus: "failed" });
      notifyError(err, "Could not make a video of this reply");
    }
  }

  const send = async (text: string) => afterTurn(await chat.send(text));
  // A failed message sent again by Retry is a turn like any other: the same refreshes follow it.
  const retry = async (messageId: string) => afterTurn(await chat.retry(messageId));

  function afterTurn(ok: boolean) {
    if (ok) void list.refresh();
    // The first exchange names an untitled conversation (on the server): show that name in the header too.
    // (A failed look-up keeps "Conversation": the list beside it still shows the new name after its refresh.)
    const cid = id();
    if (ok && cid && !conversation()?.title)
      void conversationsApi
        .get(cid)
        .then((c) => id() === cid && setConversation((prev) => (prev ? { ...prev, title: c.title } : c)))
        .catch(() => undefined);
    // A fact stated to the clone comes back as a proposal, ready by the end of the turn.
    void proposals.refresh();
    return ok;
  }

  return (
    <div class="chat-layout" classList={{ "has-active": !!id() }}>
      {/* With no conversation open the page still needs its one h1 (focus lands there after navigation). */}
      <Show when={!id()}>
        <h1 class="visually-hidden" tabindex="-1">
          Chat
        </h1>
      </Show>
      <aside class="chat-side" aria-label="Conversations">
        <ConversationList list={list} activeId={id() ?? undefined} compact />
      </aside>
      <section class="chat-main">
        <Show
          when={id()}
          fallback={
            <Empty title="Pick a conversation" icon="✉">
              Choose one on the left, or start a new one with <strong>+</strong>.
            </Empty>
          }
        >
          <header class="chat-header">
            <A href="/chat" class="icon-btn back-btn" aria-label="Back to conversations">
              ←
            </A>
            <h1 class="truncate grow">{conversation()?.title || "Conversation"}</h1>
            <Show when={conversation()}>
              <button class="icon-btn" onClick={rename} aria-label="Rename conversation" title="Rename">
                ✎
              </button>
              <button class="icon-btn danger-text" onClick={remove} aria-label="Delete conversation" title="Delete">
                ✕
              </button>
            </Show>
          </header>
          <AsyncState
            error={history.error}
            retry={() => {
              if (loaded.error) void reloadConversation();
              void reloadHistory();
            }}
            ready={!history.loading}
            loadingLabel="Loading messages…"
          >
            {/* The composer appears with the history, so nothing typed early is silently ignored. */}
            <Thread
              messages={chat.messages()}
              onRetry={(mid) => void retry(mid)}
              onVideo={requestVideo}
              onRegenerate={(q) => void send(q)}
              onRevised={(mid, answer) => chat.setOwnerAnswer(mid, answer)}
              header={
                <Show when={older()}>
                  <button class="secondary small-btn center-btn" onClick={loadOlder}>
                    Load earlier messages
                  </button>
                </Show>
              }
              empty={
                <Empty title="Say hello to your clone" icon="✦">
                  <p>It answers from your profile and knowledge, in your style.</p>
                  <div class="suggestions">
                    {SUGGESTIONS.map((s) => (
                      <button class="chip" onClick={() => send(s)}>
                        {s}
                      </button>
                    ))}
                  </div>
                </Empty>
              }
            />
            <MemoryProposals proposals={proposals} />
            <Composer onSend={send} disabled={chat.sending()} delivered={chat.delivered} />
          </AsyncState>
        </Show>
      </section>
      <confirm.Dialog />
    </div>
  );
}
