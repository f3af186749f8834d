import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import ChatPage from "../src/pages/ChatPage";
import PublicSharePage from "../src/pages/PublicSharePage";
import { session } from "../src/stores/session";
import { json, type StubCall, stubFetch } from "./support/fetch-stub";
import { message } from "./support/messages";
import { renderAt } from "./support/render-at";

const msg = message;
/** The typed JSON answer of a chat turn (the client accepts it in place of the SSE stream). */
const turn = (question: string) => ({
  conversationId: "cnv_1",
  userMessage: msg("msg_q", "user", question),
  reply: { ...msg("msg_r", "assistant", "Yes, I'm here."), replyTo: "msg_q" },
});

/** A fetch that fails the way a dead server does (the browser's TypeError), until `up` is set. */
function flakyChat(path: (p: string) => boolean, extra: (call: StubCall) => Response | undefined) {
  const server = { up: false, title: "" };
  const calls = stubFetch((call) => {
    if (call.method === "POST" && path(call.path)) {
      if (!server.up) throw new TypeError("Failed to fetch");
      server.title = "Are you there";
      return json(turn(call.body.message));
    }
    return extra(call);
  });
  return { server, calls };
}

const composer = () => screen.getByLabelText("Message") as HTMLTextAreaElement;

async function sendFailThenRetry(server: { up: boolean }) {
  await fireEvent.input(composer(), { target: { value: "Are you there?" } });
  await fireEvent.keyDown(composer(), { key: "Enter" });
  await screen.findByText("Could not reach your clone. Check your connection.");
  // The text stays in the composer while the send has failed, so nothing typed is lost.
  await waitFor(() => expect(composer().value).toBe("Are you there?"));
  server.up = true;
  await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
  await screen.findByText("Yes, I'm here.");
}

afterEach(() => {
  session.clear();
  localStorage.clear();
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

/** The two sends to `path` (the failed one and its Retry) named the same question: one client_message_id, a string. */
function expectOneClientId(calls: StubCall[], path: string) {
  const ids = calls.filter((c) => c.method === "POST" && c.path === path).map((c) => c.body.client_message_id);
  expect(ids).toHaveLength(2);
  expect(typeof ids[0]).toBe("string");
  expect(ids[1]).toBe(ids[0]);
}

describe("owner chat", () => {
  let server: { up: boolean; title: string };
  let calls: StubCall[];
  beforeEach(() => {
    ({ server, calls } = flakyChat(
      (p) => p === "/api/chat/send",
      ({ path }) => {
        const convo = { id: "cnv_1", title: server.title, createdAt: 1, updatedAt: 1, lastMessagePreview: null };
        if (path === "/api/conversations/cnv_1") return json(convo);
        if (path.startsWith("/api/conversations/cnv_1/messages")) return json({ items: [], nextCursor: null });
        if (path.startsWith("/api/conversations")) return json({ items: [convo], nextCursor: null });
        if (path.startsWith("/api/memories/proposals")) return json({ items: [] });
        return undefined;
      },
    ));
    session.setTokens({ accessToken: "a1", refreshToken: "r1" });
    renderAt("/chat/cnv_1", { "/chat/:id": ChatPage });
  });

  it("clears the composer once Retry has sent the failed message (bug 8), so Enter does not send it twice", async () => {
    await screen.findByLabelText("Message");
    await sendFailThenRetry(server);
    await waitFor(() => expect(composer().value).toBe(""));
  });

  it("Retry sends the failed question's client_message_id again, so the server does not store it twice", async () => {
    await screen.findByLabelText("Message");
    await sendFailThenRetry(server);
    expectOneClientId(calls, "/api/chat/send");
  });

  it("a new conversation's header shows the title the first exchange gave it (bug 13)", async () => {
    await screen.findByLabelText("Message");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Conversation");
    server.up = true;
    await fireEvent.input(composer(), { target: { value: "Are you there?" } });
    await fireEvent.keyDown(composer(), { key: "Enter" });
    await screen.findByText("Yes, I'm here.");
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Are you there"));
  });

  it("a reply that came by Retry updates the header and the conversation list as a sent one does", async () => {
    await screen.findByLabelText("Message");
    await sendFailThenRetry(server);
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Are you there"));
    await waitFor(() => expect(screen.getByRole("complementary", { name: "Conversations" }).textContent).toContain("Are you there"));
  });
});

// Walk-through: with the server stopped, a question whose send failed (never stored by the server) vanished when the
// owner left the conversation and came back (or reloaded): it lived only in the page.
describe("owner chat: a question that could not be sent", () => {
  /** One empty conversation, cnv_1, whose sends fail until the returned server is up. */
  const emptyConversationSendDown = () =>
    flakyChat(
      (p) => p === "/api/chat/send",
      ({ path }) => {
        const convo = { id: "cnv_1", title: "Chat", createdAt: 1, updatedAt: 1, lastMessagePreview: null };
        if (path === "/api/conversations/cnv_1") return json(convo);
        if (path.startsWith("/api/conversations/cnv_1/messages")) return json({ items: [], nextCursor: null });
        if (path.startsWith("/api/conversations")) return json({ items: [convo], nextCursor: null });
        if (path.startsWith("/api/memories/proposals")) return json({ items: [] });
        return undefined;
      },
    );

  it("is still there, with Retry, after leaving the conversation and coming back; once sent it is not kept", async () => {
    const { server, calls } = emptyConversationSendDown();
    session.setTokens({ accessToken: "a1", refreshToken: "r1" });
    const history = renderAt("/chat/cnv_1", { "/chat/:id": ChatPage, "/knowledge": () => <h1>knowledge page</h1> });
    await screen.findByLabelText("Message");
    await fireEvent.input(composer(), { target: { value: "Are you there?" } });
    await fireEvent.keyDown(composer(), { key: "Enter" });
    await screen.findByText("Could not reach your clone. Check your connection.");

    history.set({ value: "/knowledge" });
    await screen.findByText("knowledge page");
    history.set({ value: "/chat/cnv_1" });
    await screen.findByText("Could not reach your clone. Check your connection.");
    expect(screen.getByTestId("msg-user").textContent).toContain("Are you there?");
    server.up = true;
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await screen.findByText("Yes, I'm here.");
    expectOneClientId(calls, "/api/chat/send");

    // Sent now: the server has it (this stub's listing stays empty), so nothing is kept to show again.
    history.set({ value: "/knowledge" });
    await screen.findByText("knowledge page");
    history.set({ value: "/chat/cnv_1" });
    await screen.findByText("Say hello to your clone");
    expect(screen.queryByText("Are you there?")).toBeNull();
  });

  it("is forgotten when the person signs out: the next one to use the tab does not get it", async () => {
    emptyConversationSendDown();
    session.setTokens({ accessToken: "a1", refreshToken: "r1" });
    renderAt("/chat/cnv_1", { "/chat/:id": ChatPage });
    await screen.findByLabelText("Message");
    await fireEvent.input(composer(), { target: { value: "My PIN is 4921, remember it" } });
    await fireEvent.keyDown(composer(), { key: "Enter" });
    await screen.findByText("Could not reach your clone. Check your connection.");
    expect(JSON.stringify({ ...sessionStorage })).toContain("4921");
    session.clear();
    expect(JSON.stringify({ ...sessionStorage })).not.toContain("4921");
  });
});

// Walk-through: with the server stopped, opening a conversation showed "Could not load this — Failed to fetch" and no
// way out; once the server was back the page stayed so until a full reload.
describe("owner chat: a conversation opened while the server is unreachable", () => {
  it("says the server could not be reached, in words, and Try again loads the messages once it is back", async () => {
    const server = { up: false };
    stubFetch(({ path }) => {
      if (!server.up) throw new TypeError("Failed to fetch");
      const convo = { id: "cnv_1", title: "Leeds", createdAt: 1, updatedAt: 1, lastMessagePreview: null };
      if (path === "/api/conversations/cnv_1") return json(convo);
      if (path.startsWith("/api/conversations/cnv_1/messages")) return json({ items: [msg("msg_r", "assistant", "I grew up in Leeds.")], nextCursor: null });
      if (path.startsWith("/api/conversations")) return json({ items: [convo], nextCursor: null });
      if (path.startsWith("/api/memories/proposals")) return json({ items: [] });
      return undefined;
    });
    session.setTokens({ accessToken: "a1", refreshToken: "r1" });
    renderAt("/chat/cnv_1", { "/chat/:id": ChatPage });
    // The conversation and the list beside it (hidden on a phone) both say so.
    await screen.findAllByText("Could not reach the server. Check your connection and try again.");
    for (const alert of screen.getAllByRole("alert")) expect(alert.textContent).not.toContain("Failed to fetch");
    server.up = true;
    const retry = screen.getAllByRole("button", { name: "Try again" });
    for (const b of retry) await fireEvent.click(b);
    await screen.findByText("I grew up in Leeds.");
  });
});

// A send's stream was cut while the server went on answering (under waitUntil); Retry then reached the server
// while it was still answering, and was refused with 409 answer_in_progress. That is no failure: the page says
// the answer is coming and reads it from the conversation once the server has saved it.
describe("owner chat: Retry while the server is still answering", () => {
  it("shows 'Still answering — this will update', no error or Retry, then the saved reply under the question", async () => {
    let answered = false;
    const calls = stubFetch(({ method, path }) => {
      const convo = { id: "cnv_1", title: "", createdAt: 1, updatedAt: 1, lastMessagePreview: null };
      if (method === "POST" && path === "/api/chat/send") {
        if (calls.filter((c) => c.path === "/api/chat/send").length === 1) throw new TypeError("Failed to fetch");
        answered = true; // the first attempt's reply is saved a moment after the retry was refused
        return new Response(
          JSON.stringify({
            error: {
              code: "answer_in_progress",
              message: "Still answering this message; try again shortly",
              requestId: "q",
              details: { userMessageId: "msg_q" },
            },
          }),
          {
            status: 409,
            headers: { "content-type": "application/json", "retry-after": "1" },
          },
        );
      }
      if (path === "/api/conversations/cnv_1") return json(convo);
      if (path.startsWith("/api/conversations/cnv_1/messages")) {
        const t = turn("Are you there?");
        return json({ items: answered ? [t.userMessage, t.reply] : [], nextCursor: null });
      }
      if (path.startsWith("/api/conversations")) return json({ items: [convo], nextCursor: null });
      if (path.startsWith("/api/memories/proposals")) return json({ items: [] });
      return undefined;
    });
    session.setTokens({ accessToken: "a1", refreshToken: "r1" });
    renderAt("/chat/cnv_1", { "/chat/:id": ChatPage });
    await screen.findByLabelText("Message");
    await fireEvent.input(composer(), { target: { value: "Are you there?" } });
    await fireEvent.keyDown(composer(), { key: "Enter" });
    await fireEvent.click(await screen.findByRole("button", { name: "Retry" }));

    expect((await screen.findByRole("status")).textContent).toBe("Still answering — this will update");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    await waitFor(() => expect(composer().value).toBe("")); // it reached the server: Enter must not send it again

    await screen.findByText("Yes, I'm here.", undefined, { timeout: 4000 });
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.getAllByTestId(/^msg-/).map((li) => li.dataset.testid)).toEqual(["msg-user", "msg-assistant"]);
    expectOneClientId(calls, "/api/chat/send");
  });
});

// A page reloaded (or opened on another device) while the server is still answering a question: the listing marks
// it `answering`, and the page shows the same note as for a refused Retry, then the reply once the server saved it.
describe("owner chat: a conversation loaded while a question is still being answered", () => {
  it("shows 'Still answering — this will update' under the question, no error or Retry, then the reply after a re-read", async () => {
    let reads = 0;
    stubFetch(({ path }) => {
      const convo = { id: "cnv_1", title: "Are you there", createdAt: 1, updatedAt: 1, lastMessagePreview: null };
      if (path === "/api/conversations/cnv_1") return json(convo);
      if (path.startsWith("/api/conversations/cnv_1/messages")) {
        const t = turn("Are you there?");
        // The first read (the page's load) finds it answering; the reply is saved by the next one.
        return json({ items: ++reads === 1 ? [{ ...t.userMessage, clientMessageId: "cid-1", answering: true }] : [t.userMessage, t.reply], nextCursor: null });
      }
      if (path.startsWith("/api/conversations")) return json({ items: [convo], nextCursor: null });
      if (path.startsWith("/api/memories/proposals")) return json({ items: [] });
      return undefined;
    });
    session.setTokens({ accessToken: "a1", refreshToken: "r1" });
    renderAt("/chat/cnv_1", { "/chat/:id": ChatPage });

    // (By its text: the page's loading spinner is a status too.)
    expect((await screen.findByText("Still answering — this will update")).getAttribute("role")).toBe("status");
    expect(screen.getByTestId("msg-user").textContent).toContain("Are you there?");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();

    await screen.findByText("Yes, I'm here.", undefined, { timeout: 5000 });
    expect(screen.queryByText("Still answering — this will update")).toBeNull();
    expect(screen.getAllByTestId(/^msg-/).map((li) => li.dataset.testid)).toEqual(["msg-user", "msg-assistant"]);
    expect(reads).toBe(2);
  });
});

describe("share page (visitor)", () => {
  let server: { up: boolean };
  let calls: StubCall[];
  beforeEach(() => {
    ({ server, calls } = flakyChat(
      (p) => p === "/api/public/tok_abcdefgh/chat",
      ({ method, path }) => {
        if (path === "/api/public/tok_abcdefgh")
          return json({ name: "Maya Ortiz", headline: "", bio: "Marine biologist in Berlin.", avatarReady: false, posterUrl: null });
        if (method === "POST" && path === "/api/public/tok_abcdefgh/conversations")
          return json({ conversation: { id: "cnv_1", title: "", createdAt: 1, updatedAt: 1, lastMessagePreview: null }, visitorToken: "vt_1" });
        return undefined;
      },
    ));
    renderAt("/share/tok_abcdefgh", { "/share/:token": PublicSharePage });
  });

  it("clears the composer once Retry has sent the failed message (bug 8)", async () => {
    await screen.findByLabelText("Message");
    await sendFailThenRetry(server);
    await waitFor(() => expect(composer().value).toBe(""));
  });

  it("Retry sends the failed question's client_message_id again", async () => {
    await screen.findByLabelText("Message");
    await sendFailThenRetry(server);
    expectOneClientId(calls, "/api/public/tok_abcdefgh/chat");
  });

  // Walk-through: a visitor's screen reader heard "Your clone replied: …", as if the visitor owned the clone.
  it("announces a finished reply as the owner's clone's, not the visitor's", async () => {
    await screen.findByLabelText("Message");
    await sendFailThenRetry(server);
    await waitFor(() => expect(screen.getByTestId("reply-announcer").textContent).toBe("Maya's clone replied: Yes, I'm here."));
  });

  it("greets in the clone's first person, as its replies speak, and still says it is an AI clone (bug 15)", async () => {
    const greeting = (await screen.findByTestId("greeting")).querySelector(".bubble")!.textContent!;
    expect(greeting).toMatch(/^Hi, I'm Maya\b/);
    expect(greeting).not.toMatch(/Maya's|clone/);
    expect(greeting).toMatch(/my work/);
    expect(screen.getByTestId("ai-clone-label").textContent).toBe("AI clone of Maya Ortiz");
  });
});

describe("share page (returning visitor on a phone)", () => {
  it("shows the message box once both the history and the owner's card are in, whichever comes last", async () => {
    localStorage.setItem("digital-self.visit.tok_abcdefgh", JSON.stringify({ id: "cnv_1", visitorToken: "vt_1" }));
    let ownerReady!: () => void;
    const ownerArrives = new Promise<void>((r) => (ownerReady = r));
    stubFetch(async ({ path }) => {
      if (path === "/api/public/tok_abcdefgh") {
        await ownerArrives; // the history is back first
        return json({ name: "Maya Ortiz", headline: "", bio: "Marine biologist in Berlin.", avatarReady: false, posterUrl: null });
      }
      if (path.startsWith("/api/public/tok_abcdefgh/conversations/cnv_1/messages"))
        return json({ items: [msg("msg_q", "user", "Hi?"), { ...msg("msg_r", "assistant", "Hello."), replyTo: "msg_q" }], nextCursor: null });
      return undefined;
    });
    const shown = vi.fn();
    Element.prototype.scrollIntoView = shown; // jsdom has none
    onTestFinished(() => {
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    });
    renderAt("/share/tok_abcdefgh", { "/share/:token": PublicSharePage });
    await new Promise((r) => setTimeout(r, 50));
    ownerReady();
    await screen.findByText("Hello.");
    await waitFor(() => expect(shown).toHaveBeenCalled());
    expect(shown.mock.contexts.at(-1)).toBe(screen.getByLabelText("Message").closest(".composer")!.parentElement);
  });
});
