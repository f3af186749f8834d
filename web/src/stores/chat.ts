import { createSignal, batch, onCleanup } from "solid-js";
import { createStore, produce } from "solid-js/store";
import type { Message } from "../api/contract";
import type { StreamHandlers } from "../api/chat";
import { ApiError } from "../api/client";
import { forgetOnSignOut } from "./session";

/** The listing's `answering` flag becomes the store's note of the same name (the text shown under the question). */
export interface ChatItem extends Omit<Message, "answering"> {
  /** Local state: a reply still streaming, or a user message whose send failed. */
  pending?: boolean;
  failed?: string;
  /**
   * A question whose answer the server is still generating for an earlier send of it (a retry refused as
   * answer_in_progress, or the listing's `answering` flag after a reload): shown as a note, not an error.
   */
  answering?: string;
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

export interface ChatStoreOptions {
  /**
   * The conversation's newest messages (oldest first), as GET …/messages lists them: how a question the
   * server is still answering for an earlier send (a retry's 409 answer_in_progress) gets its reply here.
   */
  recent?: (conversationId: string) => Promise<Message[]>;
  /** Such a reply has arrived (the page refreshes what a finished turn refreshes). */
  onLateReply?: () => void;
}

/** Shown under a question whose earlier send the server is still answering. */
export const STILL_ANSWERING = "Still answering — this will update";
/**
 * How long to keep looking for that reply without the listing saying it is still being answered: longer than the
 * server's answering lease (60 s), after which a Retry answers it anew.
 */
const WAIT_FOR_REPLY_MS = 75_000;
/** The first look for the reply to a question the listing says is still being answered (the server's usual Retry-After). */
const FIRST_LOOK_MS = 3_000;
/** Between looks: the server's Retry-After at first, doubling up to this. */
const MAX_LOOK_INTERVAL_MS = 15_000;

/** A listed message as the store keeps it: the listing's `answering` flag as the note shown under the question. */
const fromListing = ({ answering, ...m }: Message): ChatItem => (answering ? { ...m, answering: STILL_ANSWERING } : m);

let localSeq = 0;
const localId = (p: string) => `local_${p}_${++localSeq}`;
/** 128 random bits as hex (getRandomValues, unlike randomUUID, works outside secure contexts too). */
const newClientMessageId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Questions whose send failed before the server stored them (no meta came back), per conversation, for this tab: they
 * live in no listing, so leaving the conversation or reloading the page would lose them. Kept in sessionStorage until
 * a send of them reaches the server or the person signs out; a conversation's history shows them again at its end,
 * failed, with Retry.
 */
const UNSENT_KEY = forgetOnSignOut("digital-self.unsent");
const unsent = {
  read(): Record<string, ChatItem[]> {
    try {
      return JSON.parse(sessionStorage.getItem(UNSENT_KEY) ?? "{}");
    } catch {
      return {};
    }
  },
  update(convo: string, change: (items: ChatItem[]) => ChatItem[]) {
    try {
      const all = unsent.read();
      const next = change(all[convo] ?? []);
      if (next.length) all[convo] = next;
      else delete all[convo];
      if (Object.keys(all).length) sessionStorage.setItem(UNSENT_KEY, JSON.stringify(all));
      else sessionStorage.removeItem(UNSENT_KEY);
    } catch {
      /* storage unavailable or full: the question is still shown until the page is left */
    }
  },
  keep(convo: string, item: ChatItem) {
    unsent.update(convo, (items) => [...items.filter((x) => x.clientMessageId !== item.clientMessageId), item]);
  },
  drop(convo: string, clientMessageId: string) {
    unsent.update(convo, (items) => items.filter((x) => x.clientMessageId !== clientMessageId));
  },
};

/**
 * Messages of one conversation plus the streaming send: the user's message appears at once, the
 * reply grows token by token, a failure keeps the text for retry. Used by Chat and the share page.
 */
export function createChatStore(conversationId: () => string | null, send: SendFn, options: ChatStoreOptions = {}) {
  const [state, setState] = createStore({ messages: [] as ChatItem[] });
  const timers = new Set<ReturnType<typeof setTimeout>>();
  /** Questions whose reply awaitReply is looking for (one look-out each, however often they are refused). */
  const awaited = new Set<string>();
  onCleanup(() => timers.forEach(clearTimeout));
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
        setState("messages", (m) => [
          ...m.filter((x) => x.id !== retryOf),
          { ...failed, failed: undefined, answering: undefined, clientMessageId, createdAt: now },
        ]);
      } else if (retryOf) setState("messages", indexOf(retryOf), { failed: undefined, answering: undefined, clientMessageId });
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
            unsent.drop(convo, clientMessageId);
            batch(() => {
              setState("messages", indexOf(currentUserId), { ...userMessage, failed: undefined, answering: undefined });
              setState("messages", indexOf(replyId), "replyTo", userMessage.id);
            });
            currentUserId = userMessage.id;
          },
          onToken: (t) => setState("messages", indexOf(replyId), "content", (c) => c + t),
        },
        clientMessageId,
      );
      setState("messages", indexOf(replyId), { ...fromListing(reply), pending: false });
      unsent.drop(convo, clientMessageId);
      setDelivered({ text: content });
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.code === "answer_in_progress") {
        // An earlier send of this question (a cut stream, another tab) is still being answered on the server: it
        // reached the server and its reply is coming, so this is no failure and there is nothing to retry yet.
        const storedId = (err.extra.details as { userMessageId?: string } | undefined)?.userMessageId ?? currentUserId;
        batch(() => {
          setState("messages", (m) => m.filter((x) => x.id !== replyId));
          setState("messages", indexOf(currentUserId), { id: storedId, failed: undefined, answering: STILL_ANSWERING });
        });
        unsent.drop(convo, clientMessageId);
        setDelivered({ text: content });
        awaitReply(convo, storedId, Math.max(1, err.extra.retryAfter ?? 3) * 1000);
        return true;
      }
      const message = err instanceof ApiError ? err.message : "Could not reach your clone. Check your connection.";
      batch(() => {
        setState("messages", (m) => m.filter((x) => x.id !== replyId));
        setState("messages", indexOf(currentUserId), { failed: message, answering: undefined });
      });
      if (currentUserId.startsWith("local_")) unsent.keep(convo, { ...state.messages[indexOf(currentUserId)]! });
      return false;
    } finally {
      setSending(false);
    }
  }

  /**
   * Looks for the reply to a question the server is still answering, by re-reading the conversation after
   * `delay` (the server's Retry-After), then less and less often: shows it under the question once saved.
   * If none comes before the server's lease on it has surely run out (its turn failed, or died), the question
   * shows as failed with Retry, which then answers it.
   */
  function awaitReply(convo: string, questionId: string, delay: number) {
    if (awaited.has(questionId)) return;
    awaited.add(questionId);
    let until = Date.now() + WAIT_FOR_REPLY_MS;
    const stillWaiting = () => {
      const waiting = conversationId() === convo && !!state.messages[indexOf(questionId)]?.answering;
      if (!waiting) awaited.delete(questionId);
      return waiting;
    };
    const look = async () => {
      if (!stillWaiting()) return;
      const items = await options.recent?.(convo).catch(() => undefined);
      if (!stillWaiting()) return;
      const reply = items?.findLast((m) => m.role === "assistant" && m.replyTo === questionId);
      const question = items?.find((m) => m.id === questionId);
      if (reply) {
        batch(() => {
          setState("messages", indexOf(questionId), { ...question, answering: undefined });
          // Shown under its question (threadOrder), wherever the list has it.
          if (indexOf(reply.id) === -1) setState("messages", (m) => [...m, fromListing(reply)]);
        });
        awaited.delete(questionId);
        options.onLateReply?.();
      } else if ((question && !question.answering) || Date.now() >= until) {
        // Listed but no longer answering: its turn failed or was abandoned, and a Retry answers it now.
        setState("messages", indexOf(questionId), { answering: undefined, failed: "No answer came back for this message. Try again." });
        awaited.delete(questionId);
      } else {
        // The server says it is still answering (a slow turn renews its lease): keep looking while it does.
        if (question?.answering) until = Date.now() + WAIT_FOR_REPLY_MS;
        delay = Math.min(delay * 2, MAX_LOOK_INTERVAL_MS);
        later(look, delay);
      }
    };
    later(look, delay);
  }

  /** Listed questions the server is still answering (after a reload, on another device): their replies are looked for as a refused retry's are. */
  function awaitListedAnswers(items: Message[]) {
    const convo = conversationId();
    if (convo) for (const m of items) if (m.answering) awaitReply(convo, m.id, FIRST_LOOK_MS);
  }

  function later(fn: () => void, ms: number) {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  return {
    messages: () => state.messages,
    sending,
    /** The text of the last message sent, directly or by Retry: a composer still holding it (kept after a failure) clears. */
    delivered,
    /** A page of the conversation as listed; a question the server is still answering is shown so and its reply awaited. */
    setHistory(items: Message[]) {
      // Its questions that never reached the server come after what it lists (unless a send of them did, after all).
      const convo = conversationId();
      const listed = new Set(items.map((m) => m.clientMessageId).filter(Boolean));
      const kept = convo ? (unsent.read()[convo] ?? []).filter((m) => !listed.has(m.clientMessageId)) : [];
      setState("messages", [...items.map(fromListing), ...kept.map((m) => ({ ...m, id: localId("user") }))]);
      awaitListedAnswers(items);
    },
    prependHistory(items: Message[]) {
      setState("messages", (m) => [...items.filter((i) => indexOf(i.id) === -1).map(fromListing), ...m]);
      awaitListedAnswers(items);
    },
    /**
     * Sending a failed message's text again (it stays in the composer) is that message's retry, not a second copy;
     * so is sending one still being answered (the server then says so again, or has the reply).
     */
    send(text: string) {
      const failed = state.messages.findLast((m) => m.role === "user" && (m.failed || m.answering) && m.content.trim() === text.trim());
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
