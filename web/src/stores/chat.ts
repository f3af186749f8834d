import { createSignal, batch } from "solid-js";
import { createStore, produce } from "solid-js/store";
import type { Message } from "../api/contract";
import type { StreamHandlers } from "../api/chat";
import { ApiError } from "../api/client";

export interface ChatItem extends Message {
  /** Local state: a reply still streaming, or a user message whose send failed. */
  pending?: boolean;
  failed?: string;
  /** A question sent from here: the id its sends name it by (client_message_id), the same on every retry. */
  clientMessageId?: string;
  videoUrl?: string | null;
  videoStatus?: string;
}

/**
 * Sends one question. `clientMessageId` names it (client_message_id): a retry passes the same id, so the
 * server, which stored the question before the failed turn, answers that one instead of storing it twice.
 */
export type SendFn = (conversationId: string, text: string, handlers: StreamHandlers, clientMessageId: string) => Promise<Message>;

let localSeq = 0;
const localId = (p: string) => `local_${p}_${++localSeq}`;
/** 128 random bits as hex (getRandomValues, unlike randomUUID, works outside secure contexts too). */
const newClientMessageId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Messages of one conversation plus the streaming send: the user's message appears at once, the
 * reply grows token by token, a failure keeps the text for retry. Used by Chat and the share page.
 */
export function createChatStore(conversationId: () => string | null, send: SendFn) {
  const [state, setState] = createStore({ messages: [] as ChatItem[] });
  const [sending, setSending] = createSignal(false);
  // The last message that reached the server (a fresh object each time, so the same text sent twice still signals).
  const [delivered, setDelivered] = createSignal<{ text: string } | undefined>(undefined, { equals: false });

  const indexOf = (id: string) => state.messages.findIndex((m) => m.id === id);

  async function submit(text: string, retryOf?: string): Promise<boolean> {
    const convo = conversationId();
    const content = text.trim();
    if (!convo || !content || sending()) return false;
    setSending(true);
    const userId = retryOf ?? localId("user");
    const replyId = localId("reply");
    const now = Date.now();
    // A retry names the same question again; a question from elsewhere (history) never had one, so it gets one now.
    const clientMessageId = (retryOf && state.messages[indexOf(retryOf)]?.clientMessageId) || newClientMessageId();
    batch(() => {
      if (retryOf?.startsWith("local_")) {
        // The server never stored it (no meta came back): it stores it now, after whatever was sent since,
        // so it moves to the end here too, or a reload would show the thread in another order.
        const failed = state.messages[indexOf(retryOf)]!;
        setState("messages", (m) => [...m.filter((x) => x.id !== retryOf), { ...failed, failed: undefined, clientMessageId, createdAt: now }]);
      } else if (retryOf) setState("messages", indexOf(retryOf), { failed: undefined, clientMessageId });
      else
        setState("messages", (m) => [
          ...m,
          {
            id: userId,
            conversationId: convo,
            role: "user",
            content,
            citations: [],
            model: null,
            videoJobId: null,
            createdAt: now,
            replyTo: null,
            clientMessageId,
          },
        ]);
      setState("messages", (m) => [
        ...m,
        {
          id: replyId,
          conversationId: convo,
          role: "assistant",
          content: "",
          citations: [],
          model: null,
          videoJobId: null,
          createdAt: now,
          replyTo: userId,
          pending: true,
        },
      ]);
    });
    let currentUserId = userId;
    try {
      const reply = await send(
        convo,
        content,
        {
          onMeta: ({ userMessage }) => {
            batch(() => {
              setState("messages", indexOf(currentUserId), { ...userMessage, failed: undefined });
              setState("messages", indexOf(replyId), "replyTo", userMessage.id);
            });
            currentUserId = userMessage.id;
          },
          onToken: (t) => setState("messages", indexOf(replyId), "content", (c) => c + t),
        },
        clientMessageId,
      );
      setState("messages", indexOf(replyId), { ...reply, pending: false });
      setDelivered({ text: content });
      return true;
    } catch (err) {
      const message = err instanceof ApiError ? err.message : "Could not reach your clone. Check your connection.";
      batch(() => {
        setState("messages", (m) => m.filter((x) => x.id !== replyId));
        setState("messages", indexOf(currentUserId), { failed: message });
      });
      return false;
    } finally {
      setSending(false);
    }
  }

  return {
    messages: () => state.messages,
    sending,
    /** The text of the last message sent, directly or by Retry: a composer still holding it (kept after a failure) clears. */
    delivered,
    setHistory(items: Message[]) {
      setState("messages", items);
    },
    prependHistory(items: Message[]) {
      setState("messages", (m) => [...items.filter((i) => indexOf(i.id) === -1), ...m]);
    },
    /** Sending a failed message's text again (it stays in the composer) is that message's retry, not a second copy. */
    send(text: string) {
      const failed = state.messages.findLast((m) => m.role === "user" && m.failed && m.content.trim() === text.trim());
      return failed ? submit(failed.content, failed.id) : submit(text);
    },
    retry(id: string) {
      const m = state.messages[indexOf(id)];
      return m ? submit(m.content, id) : Promise.resolve(false);
    },
    /** The owner's own answer to a reply (a revision), shown under it. */
    setOwnerAnswer(messageId: string, content: string) {
      const i = indexOf(messageId);
      if (i !== -1) setState("messages", i, "ownerAnswer", { content, revisedAt: Date.now() });
    },
    /** Marks a reply as left for the owner ("ask the real me"). */
    setAskedOwner(messageId: string, askedOwnerAt: number) {
      const i = indexOf(messageId);
      if (i !== -1) setState("messages", i, "askedOwnerAt", askedOwnerAt);
    },
    setVideo(messageId: string, patch: { videoUrl?: string | null; videoStatus?: string; videoJobId?: string }) {
      const i = indexOf(messageId);
      if (i !== -1)
        setState(
          "messages",
          i,
          produce((m) => Object.assign(m, patch)),
        );
    },
  };
}
