import { createEffect, createResource, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { useParams } from "@solidjs/router";
import { publicApi } from "../api/shares";
import { ApiError } from "../api/client";
import { createChatStore } from "../stores/chat";
import { Thread } from "../components/chat/Thread";
import { Composer } from "../components/chat/Composer";
import { Empty, Loading } from "../components/ui";
import { ThemeToggle } from "../components/Shell";
import { notify, notifyError } from "../components/toast";
import { createConfirm } from "../components/ConfirmDialog";
import type { VisitorNote } from "../api/contract";
import { timeAgo } from "../lib/format";
import { LogoBar } from "../components/PageFrame";

interface Visit {
  id: string;
  visitorToken: string;
}

/**
 * The clone speaks first, as on Character.ai or Delphi: built here from the public profile card
 * (no request, nothing stored), so a visitor knows who answers and what to ask. It speaks in the first
 * person, as its replies do; the label under it says plainly that this is an AI clone.
 */
function Greeting(props: { name: string; headline?: string | null }) {
  const first = () => props.name.split(" ")[0];
  return (
    <div class="msg assistant greeting" data-testid="greeting">
      <div class="bubble">
        Hi, I'm {first()}
        {props.headline ? ` — ${props.headline.replace(/\.$/, "")}` : ""}. Ask me anything about my work and life; I answer from what I've shared.
      </div>
      <div class="msg-meta">
        <span class="badge badge-phrase" data-testid="ai-clone-label">
          AI clone of {props.name}
        </span>
      </div>
    </div>
  );
}

/** The public page behind a share link: anyone can chat with the clone, no account needed. */
export default function PublicSharePage() {
  const params = useParams();
  const [owner] = createResource(
    () => params.token,
    (t) => publicApi.profile(t),
  );
  // The visitor's conversation survives a reload: its id and visitor token stay in this browser.
  const storageKey = () => `digital-self.visit.${params.token}`;
  const [convo, setConvoSignal] = createSignal<Visit | null>(null);
  const setConvo = (v: Visit | null) => {
    setConvoSignal(v);
    if (v) localStorage.setItem(storageKey(), JSON.stringify(v));
    else localStorage.removeItem(storageKey());
  };

  // Who the visitor is stays in this browser across conversations, so the clone recognises a returning visitor.
  const visitorKey = () => `digital-self.visitor.${params.token}`;
  const [visitorToken, setVisitorToken] = createSignal<string | null>(localStorage.getItem(visitorKey()));

  // The conversation is created on the first message so idle visits leave nothing behind.
  const chat = createChatStore(
    () => convo()?.id ?? "pending",
    async (_id, text, handlers, clientMessageId) => {
      let c = convo();
      if (!c) {
        const started = await publicApi.startConversation(params.token!, visitorToken() ?? undefined).catch(() => publicApi.startConversation(params.token!));
        c = { id: started.conversation.id, visitorToken: started.visitorToken };
        setConvo(c);
        localStorage.setItem(visitorKey(), started.visitorToken);
        setVisitorToken(started.visitorToken);
      }
      return publicApi.send(params.token!, c.visitorToken, c.id, text, handlers, clientMessageId);
    },
    {
      // A retry the server is still answering: its reply is read from the visitor's history once saved.
      recent: async (id) => {
        const c = convo();
        return c && c.id === id ? (await publicApi.history(params.token!, c.visitorToken, c.id)).items : [];
      },
    },
  );

  // On a phone the card (bio, notice, thread) is taller than the screen, and the page, not the
  // thread, would leave the message box below the fold. After each message, and once a returning
  // visitor's history is back, the page scrolls just enough to show it; the thread above it keeps
  // the newest message in view. A first visit (no messages) stays at the top, on the notice.
  // The box appears with the owner's card, which may come after the history: both are tracked.
  const [composerSlot, setComposerSlot] = createSignal<HTMLDivElement>();
  createEffect(
    on(
      () => [chat.messages().length, chat.sending(), composerSlot()] as const,
      ([count, , slot]) => {
        if (count && slot) queueMicrotask(() => slot.scrollIntoView?.({ block: "nearest" }));
      },
      { defer: true },
    ),
  );

  onMount(async () => {
    let saved: Visit | null = null;
    try {
      saved = JSON.parse(localStorage.getItem(storageKey()) ?? "null");
    } catch {
      // unreadable: start fresh
    }
    if (!saved?.id || !saved.visitorToken) return;
    if (!visitorToken()) setVisitorToken(saved.visitorToken);
    try {
      const page = await publicApi.history(params.token!, saved.visitorToken, saved.id);
      setConvoSignal(saved);
      chat.setHistory(page.items);
    } catch {
      setConvo(null); // link revoked or visitor token expired: a new visit starts clean
    }
  });

  // Visitors have no live socket: a requested video is polled until it is ready or failed.
  let alive = true;
  onCleanup(() => (alive = false));
  async function requestVideo(messageId: string) {
    const c = convo();
    if (!c) return;
    chat.setVideo(messageId, { videoStatus: "queued" });
    try {
      const { jobId, status } = await publicApi.requestVideo(params.token!, c.visitorToken, messageId);
      chat.setVideo(messageId, { videoJobId: jobId, videoStatus: status });
      for (let wait = 1000; alive; wait = Math.min(wait * 1.5, 5000)) {
        const s = await publicApi.videoStatus(params.token!, c.visitorToken, jobId);
        chat.setVideo(messageId, { videoStatus: s.status, videoUrl: s.videoUrl });
        if (s.status === "ready" || s.status === "failed") break;
        await new Promise((r) => setTimeout(r, wait));
      }
    } catch (err) {
      chat.setVideo(messageId, { videoStatus: "failed" });
      notifyError(err, "Could not make a video of this reply");
    }
  }

  async function askOwner(messageId: string) {
    const c = convo();
    if (!c) return;
    try {
      const { askedOwnerAt } = await publicApi.askOwner(params.token!, c.visitorToken, messageId);
      chat.setAskedOwner(messageId, askedOwnerAt);
    } catch (err) {
      notifyError(err, "Could not send your question");
    }
  }

  const confirm = createConfirm();
  async function deleteConversation(ownerFirstName: string) {
    const c = convo();
    if (!c || !(await confirm.ask("Delete this conversation?", `${ownerFirstName} will no longer see it either. This cannot be undone.`))) return;
    try {
      await publicApi.deleteConversation(params.token!, c.visitorToken, c.id);
      setConvo(null);
      chat.setHistory([]);
      notify("Conversation deleted");
    } catch (err) {
      notifyError(err, "Could not delete the conversation");
    }
  }
  // Answers the owner wrote since the visitor left them a question: the badge on their return.
  const ownerAnswers = () => chat.messages().filter((m) => m.ownerAnswer).length;

  const notFound = () => owner.error instanceof ApiError && owner.error.status === 404;

  return (
    <main class="public">
      <LogoBar>
        <ThemeToggle />
      </LogoBar>
      <Show
        when={!owner.error}
        fallback={
          <Empty title={notFound() ? "This link is no longer active" : "Could not load this page"} icon="⇗">
            {notFound() ? "Ask the owner for a new link." : (owner.error as Error).message}
          </Empty>
        }
      >
        <Show when={owner()} fallback={<Loading />}>
          {(o) => {
            document.title = `Chat with ${o().name} · Digital Self`;
            return (
              <section class="card public-chat">
                <header class="public-head">
                  <Show
                    when={o().posterUrl}
                    fallback={
                      <span class="avatar-dot big" aria-hidden="true">
                        {o().name.charAt(0).toUpperCase()}
                      </span>
                    }
                  >
                    <img class="avatar-dot big avatar-face" src={o().posterUrl!} alt={`${o().name}'s avatar`} />
                  </Show>
                  <div>
                    <h1>{o().name}</h1>
                    <Show when={o().headline}>
                      <p class="muted">{o().headline}</p>
                    </Show>
                  </div>
                </header>
                <Show when={o().bio}>
                  <p class="muted small pre">{o().bio}</p>
                </Show>
                <p class="notice small" data-testid="owner-reads-notice">
                  {o().name.split(" ")[0]} can read this conversation, and may answer questions the clone could not. You can delete it at any time.
                </p>
                <Show when={ownerAnswers() > 0}>
                  <p class="badge-line" role="status" data-testid="owner-answered-badge">
                    <span class="badge badge-ok">New</span> {o().name.split(" ")[0]} answered{" "}
                    {ownerAnswers() === 1 ? "your question" : `${ownerAnswers()} of your questions`} — see below.
                  </p>
                </Show>
                <Thread
                  messages={chat.messages()}
                  onRetry={(id) => chat.retry(id)}
                  onVideo={o().avatarReady ? requestVideo : undefined}
                  onRegenerate={(q) => void chat.send(q)}
                  onAskOwner={(id) => void askOwner(id)}
                  ownerName={o().name.split(" ")[0]}
                  header={<Greeting name={o().name} headline={o().headline} />}
                  empty={<p class="muted small center">It answers from what {o().name.split(" ")[0]} has taught it. It is an AI and can be wrong.</p>}
                />
                <div ref={setComposerSlot}>
                  <Composer
                    onSend={(t) => chat.send(t)}
                    disabled={chat.sending()}
                    delivered={chat.delivered}
                    placeholder={`Message ${o().name.split(" ")[0]}'s clone…`}
                  />
                </div>
                <confirm.Dialog />
                <Show when={visitorToken()}>
                  {(vt) => (
                    <div class="row between visitor-tools">
                      <button
                        class="secondary small-btn"
                        disabled={chat.sending() || !convo()}
                        onClick={() => {
                          setConvo(null);
                          chat.setHistory([]);
                        }}
                      >
                        New conversation
                      </button>
                      <Show when={convo()}>
                        <button class="link small" onClick={() => void deleteConversation(o().name.split(" ")[0]!)}>
                          Delete this conversation
                        </button>
                      </Show>
                      <VisitorMemoryPanel token={params.token!} visitorToken={vt()} name={o().name.split(" ")[0]!} />
                    </div>
                  )}
                </Show>
              </section>
            );
          }}
        </Show>
      </Show>
    </main>
  );
}

/** What the clone remembers about this visitor (from their earlier conversations through this link), and a way to clear it. */
function VisitorMemoryPanel(props: { token: string; visitorToken: string; name: string }) {
  const [notes, setNotes] = createSignal<VisitorNote[] | null>(null);
  const [error, setError] = createSignal(false);
  async function load() {
    setError(false);
    try {
      setNotes((await publicApi.memory(props.token, props.visitorToken)).notes);
    } catch {
      setError(true);
    }
  }
  async function clear() {
    try {
      await publicApi.forget(props.token, props.visitorToken);
      setNotes([]);
      notify(`${props.name}'s clone has forgotten your earlier conversations`);
    } catch (err) {
      notifyError(err, "Could not clear what the clone remembers");
    }
  }
  return (
    <details class="visitor-memory" onToggle={(e) => e.currentTarget.open && void load()}>
      <summary>What the clone remembers about you</summary>
      <Show when={!error()} fallback={<p class="small">Could not load it. Close and open this again to retry.</p>}>
        <Show when={notes()} fallback={<p class="small muted">Loading…</p>}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={<p class="small muted">Nothing yet. When you come back, it remembers what you asked and what you told it about yourself.</p>}
            >
              <ul class="small">
                <For each={list()}>
                  {(n) => (
                    <li>
                      {n.kind === "asked" ? "You asked: " : "You said: "}
                      {n.text} <span class="muted">({timeAgo(n.at)})</span>
                    </li>
                  )}
                </For>
              </ul>
              <button class="secondary small-btn" onClick={clear}>
                Clear what it remembers
              </button>
            </Show>
          )}
        </Show>
      </Show>
    </details>
  );
}
