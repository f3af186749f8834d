import { describe, expect, it, vi } from "vitest";
import { createSignal, type JSX } from "solid-js";
import { render, fireEvent, screen } from "@solidjs/testing-library";
import { PersonalitySliders } from "../src/components/PersonalitySliders";
import { Composer } from "../src/components/chat/Composer";
import { MessageBubble } from "../src/components/chat/MessageBubble";
import { describeMode } from "../src/pages/DashboardPage";
import { themeStore } from "../src/stores/theme";
import type { KnowledgeDocument } from "../src/api/contract";

describe("PersonalitySliders", () => {
  it("updates the live preview as a slider moves", async () => {
    const [value, setValue] = createSignal({ formality: 50, enthusiasm: 50, verbosity: 50, humor: 50 });
    render(() => <PersonalitySliders value={value()} onChange={setValue} name="Ada" />);
    const before = screen.getByTestId("personality-preview").textContent;
    const slider = screen.getByLabelText(/Formality/) as HTMLInputElement;
    slider.value = "95";
    await fireEvent.input(slider);
    expect(value().formality).toBe(95);
    expect(screen.getByTestId("personality-preview").textContent).not.toBe(before);
    expect(screen.getByTestId("personality-preview").textContent).toContain("My name is Ada");
  });
});

describe("Composer", () => {
  it("sends on Enter, keeps Shift+Enter for a newline, and clears after sending", async () => {
    const onSend = vi.fn(async () => true);
    render(() => <Composer onSend={onSend} />);
    const box = screen.getByLabelText("Message") as HTMLTextAreaElement;
    box.value = "line one";
    await fireEvent.input(box);
    await fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    await fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith("line one");
    expect(box.value).toBe("");
  });

  it("does not send blank text and restores text when sending is refused", async () => {
    const onSend = vi.fn(async () => false);
    render(() => <Composer onSend={onSend} />);
    const box = screen.getByLabelText("Message") as HTMLTextAreaElement;
    await fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).not.toHaveBeenCalled();
    box.value = "hello";
    await fireEvent.input(box);
    await fireEvent.keyDown(box, { key: "Enter" });
    await Promise.resolve();
    expect(onSend).toHaveBeenCalledOnce();
    expect(box.value).toBe("hello");
  });

  it("gives text restored after a failed send its grown height back, so a long message is not clipped to one row", async () => {
    const onSend = vi.fn(async () => false);
    render(() => <Composer onSend={onSend} />);
    const box = screen.getByLabelText("Message") as HTMLTextAreaElement;
    // The DOM here does no layout: the text's height is what the browser would measure for two lines.
    Object.defineProperty(box, "scrollHeight", { configurable: true, get: () => (box.value ? 72 : 44) });
    box.value = "What bread do you bake on Sundays, and for whom?";
    await fireEvent.input(box);
    expect(box.style.height).toBe("72px");
    await fireEvent.keyDown(box, { key: "Enter" });
    await Promise.resolve();
    await Promise.resolve();
    expect(box.value).toBe("What bread do you bake on Sundays, and for whom?");
    expect(box.style.height).toBe("72px");
  });
});

const base = { id: "m1", conversationId: "c", citations: [], model: null, videoJobId: null, createdAt: 1, replyTo: null };
/** An assistant reply built on `base`. */
const reply = (over: Partial<Parameters<typeof MessageBubble>[0]["m"]>) => ({ ...base, role: "assistant" as const, content: "", ...over });
/** Bubbles render as list items: mount them in a thread list. */
const inThread = (ui: () => JSX.Element) => render(() => <ol>{ui()}</ol>);

describe("MessageBubble", () => {
  it("shows citations that open to their snippet and the offline badge", () => {
    inThread(() => (
      <MessageBubble
        m={reply({
          content: "I studied in Lisbon.",
          model: "offline-extractive",
          citations: [{ documentId: "doc_1", chunkId: "k", title: "cv.pdf", position: 0, snippet: "MSc, Lisbon" }],
        })}
        onVideo={() => undefined}
      />
    ));
    expect(screen.getByText("cv.pdf")).toBeTruthy();
    expect(screen.getByText("MSc, Lisbon")).toBeTruthy();
    expect(screen.getByText("offline")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open in knowledge" }).getAttribute("href")).toBe("/knowledge?doc=doc_1");
    expect(screen.getByRole("button", { name: /Video reply/ })).toBeTruthy();
  });

  // Walk-through: a share-link visitor saw a yellow "offline" badge under every reply (its tooltip: "no LLM key
  // configured"), beside real connection errors that say "Check your connection": the server's setup is the owner's business.
  // A later walk-through: the visitor page said only "It is an AI and can be wrong", so nothing told a visitor that these
  // replies quote the owner's notes word for word. They are told so, in their terms, not "offline".
  const cited = [{ documentId: "doc_1", chunkId: "k", title: "cv.pdf", position: 0, snippet: "MSc, Lisbon" }];
  it("shows a visitor (the share page names the owner) no offline badge, but that the reply quotes the owner's notes", () => {
    inThread(() => <MessageBubble m={reply({ content: "I studied in Lisbon [1].", model: "offline-extractive", citations: cited })} ownerName="Ana" />);
    expect(screen.getByText(/I studied in Lisbon/)).toBeTruthy();
    expect(screen.queryByText("offline")).toBeNull();
    expect(screen.getByText("quoted from Ana's notes")).toBeTruthy();
  });
  it("names a cited section beside its document's title, so two sections of one document read apart", () => {
    inThread(() => (
      <MessageBubble
        m={reply({
          content: "I live in Kinsale [1]. I study climate science [2].",
          citations: [
            { ...cited[0]!, n: 1, title: "My life so far", heading: "Home" },
            { ...cited[0]!, n: 2, chunkId: "k2", title: "My life so far", heading: "Study" },
          ],
        })}
      />
    ));
    expect(screen.getByText(/My life so far › Home/)).toBeTruthy();
    expect(screen.getByText(/My life so far › Study/)).toBeTruthy();
  });
  // Walk-through: "About me › About me › Family": a note whose first heading repeats its title.
  it("does not repeat the title when the note's own heading is the title", () => {
    inThread(() => (
      <MessageBubble
        m={reply({ content: "My brother is a paramedic [1].", citations: [{ ...cited[0]!, n: 1, title: "About me", heading: "About me › Family" }] })}
      />
    ));
    expect(screen.getByText(/About me › Family/)).toBeTruthy();
    expect(screen.queryByText(/About me › About me/)).toBeNull();
  });
  it("does not say a model's reply, a greeting or a decline is quoted", () => {
    inThread(() => (
      <>
        <MessageBubble m={reply({ content: "I studied in Lisbon [1].", model: "llama-3.3-70b-versatile", citations: cited })} ownerName="Ana" />
        <MessageBubble m={reply({ id: "m2", content: "I haven't shared that yet.", model: "offline-extractive" })} ownerName="Ana" />
      </>
    ));
    expect(screen.queryByText("quoted from Ana's notes")).toBeNull();
  });

  it("links a web-page citation to the page (http/https only), besides the knowledge entry", () => {
    const page = { documentId: "doc_w", chunkId: "k", title: "Tide pools", position: 0, snippet: "412 anemones", url: "https://ada.example/tide" };
    inThread(() => (
      <MessageBubble m={reply({ content: "412 [1] [2]", citations: [page, { ...page, documentId: "doc_x", title: "Evil", url: "javascript:alert(1)" }] })} />
    ));
    const links = screen.getAllByRole("link", { name: "Open the page" });
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://ada.example/tide"]);
    expect(links[0]!.getAttribute("rel")).toBe("noopener noreferrer");
    expect(screen.getAllByRole("link", { name: "Open in knowledge" })).toHaveLength(2);
  });

  it("numbers each source chip with the [n] the reply text uses for it, not its place in the list", () => {
    const src = (n: number | undefined, title: string) => ({
      ...(n ? { n } : {}),
      documentId: `doc_${title}`,
      chunkId: "k",
      title,
      position: 0,
      snippet: title,
    });
    render(() => (
      <ol>
        {/* Source 1 (a higher-ranked one) was not cited: the chips are 2 and 3, as in the text. */}
        <MessageBubble m={reply({ content: "Octopuses [2]. Sardines [3].", citations: [src(2, "Where I come from"), src(3, "maya-running")] })} />
        {/* A reply stored before citations carried their number: the list order, as before. */}
        <MessageBubble m={reply({ id: "m2", content: "Old [1]", citations: [src(undefined, "old.txt")] })} />
      </ol>
    ));
    const chip = (title: string) => screen.getByText(new RegExp(title), { selector: "summary" }).querySelector(".cite-num")!.textContent;
    expect(chip("Where I come from")).toBe("2");
    expect(chip("maya-running")).toBe("3");
    expect(chip("old.txt")).toBe("1");
  });

  it("offers retry on a failed message", async () => {
    const onRetry = vi.fn();
    render(() => (
      <ol>
        <MessageBubble m={{ ...base, role: "user", content: "hi", failed: "Network down" }} onRetry={onRetry} />
      </ol>
    ));
    expect(screen.getByRole("alert").textContent).toBe("Network down");
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("shows a typing indicator while the reply has no text yet, and the video when ready", () => {
    render(() => (
      <ol>
        <MessageBubble m={{ ...base, role: "assistant", content: "", pending: true }} />
        <MessageBubble m={{ ...base, id: "m2", role: "assistant", content: "Done", videoUrl: "/api/media/v.mp4?sig=x" }} />
      </ol>
    ));
    expect(screen.getByLabelText("Your clone is typing")).toBeTruthy();
    expect(screen.getByLabelText("Video reply").getAttribute("src")).toBe("/api/media/v.mp4?sig=x");
  });
});

describe("MessageBubble: the owner's answers", () => {
  it("a visitor sees the owner's answer and its citation as the owner's own; an unanswered reply offers ask the real me once", async () => {
    const onAsk = vi.fn();
    const unanswered = { ...base, role: "assistant" as const, content: "I haven't shared that.", answerStatus: "unanswered" as const };
    render(() => (
      <ol>
        <MessageBubble m={unanswered} onAskOwner={onAsk} ownerName="Ana" />
        <MessageBubble m={{ ...unanswered, id: "m2", askedOwnerAt: 5 }} onAskOwner={onAsk} ownerName="Ana" />
        <MessageBubble
          m={reply({
            id: "m3",
            content: "Dune [1]",
            ownerAnswer: { content: "Dune, always.", revisedAt: 9 },
            citations: [{ documentId: "doc_r", chunkId: "k", title: "Favourite book?", position: 0, snippet: "Dune, always.", ownerAnswer: true }],
          })}
          ownerName="Ana"
        />
      </ol>
    ));
    await fireEvent.click(screen.getByRole("button", { name: "Ask the real Ana" }));
    expect(onAsk).toHaveBeenCalledOnce();
    expect(screen.getAllByRole("button", { name: "Ask the real Ana" })).toHaveLength(1); // m2 was already asked
    expect(screen.getByTestId("asked-owner").textContent).toMatch(/Sent to Ana/);
    expect(screen.getByTestId("owner-answer").textContent).toBe("Ana's own answerDune, always.");
    expect(screen.getByText("Ana's own answer: Favourite book?")).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Open in knowledge" })).toBeNull(); // a visitor has no knowledge page
  });

  it("the owner opens Revise on a reply, not on a question", async () => {
    render(() => (
      <ol>
        <MessageBubble m={{ ...base, role: "user", content: "q" }} onRevised={() => undefined} />
        <MessageBubble m={{ ...base, id: "m2", role: "assistant", content: "a" }} onRevised={() => undefined} />
      </ol>
    ));
    const buttons = screen.getAllByRole("button", { name: "Revise" });
    expect(buttons).toHaveLength(1);
    await fireEvent.click(buttons[0]!);
    expect(screen.getByLabelText("Your answer")).toBeTruthy();
  });
});

describe("mode description", () => {
  it("says what the mode means for the person, with the technical terms kept out of the summary", () => {
    expect(describeMode({ llm: { mode: "cloud", adapter: "groq" } }).label).toBe("Cloud mode");
    const all = describeMode({ llm: { mode: "local", adapter: "offline-extractive" } });
    expect(all.label).toBe("Private mode");
    expect(all.detail).toBe("Your clone answers from your notes on this computer.");
    const partial = describeMode({ llm: { mode: "cloud", adapter: "groq" }, video: { mode: "local", adapter: "ffmpeg" } });
    expect(partial.label).toBe("Mixed mode");
    expect(partial.detail).toContain("video");
    for (const d of [all, partial]) expect(d.detail).not.toMatch(/adapter|cloud keys/i);
  });
});

describe("theme store", () => {
  it("cycles system → dark → light and reflects it on <html>", () => {
    themeStore.set("system");
    expect(document.documentElement.hasAttribute("data-theme")).toBe(false);
    themeStore.cycle();
    expect(document.documentElement.getAttribute("data-theme")).toBe("dark");
    themeStore.cycle();
    expect(document.documentElement.getAttribute("data-theme")).toBe("light");
    expect(localStorage.getItem("digital-self.theme")).toBe("light");
  });
});

describe("Tabs", () => {
  it("switches panels by click and by arrow keys with a roving tabindex", async () => {
    const { Tabs } = await import("../src/components/Tabs");
    render(() => (
      <Tabs
        label="Add knowledge"
        tabs={[
          { id: "a", label: "Upload files", panel: () => <p>upload panel</p> },
          { id: "b", label: "Write a note", panel: () => <p>note panel</p> },
        ]}
      />
    ));
    const [first, second] = screen.getAllByRole("tab");
    expect(screen.getByRole("tabpanel").textContent).toBe("upload panel");
    expect(first!.getAttribute("tabindex")).toBe("0");
    expect(second!.getAttribute("tabindex")).toBe("-1");
    await fireEvent.keyDown(first!, { key: "ArrowRight" });
    expect(screen.getByRole("tabpanel").textContent).toBe("note panel");
    expect(document.activeElement).toBe(second);
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(second!.id);
    await fireEvent.keyDown(second!, { key: "ArrowRight" });
    expect(screen.getByRole("tabpanel").textContent).toBe("upload panel");
    await fireEvent.click(second!);
    expect(second!.getAttribute("aria-selected")).toBe("true");
  });

  it("with keepMounted, a panel left and came back to is the same (its state kept), hidden while another is shown", async () => {
    const { Tabs } = await import("../src/components/Tabs");
    const mounts = vi.fn();
    const Counter = () => {
      mounts();
      const [n, setN] = createSignal(0);
      return <button onClick={() => setN(n() + 1)}>clicked {n()}</button>;
    };
    render(() => (
      <Tabs
        label="Add knowledge"
        keepMounted
        tabs={[
          { id: "a", label: "Upload files", panel: () => <Counter /> },
          { id: "b", label: "Write a note", panel: () => <p>note panel</p> },
        ]}
      />
    ));
    await fireEvent.click(screen.getByRole("button", { name: "clicked 0" }));
    const [first, second] = screen.getAllByRole("tab");
    await fireEvent.click(second!);
    expect(screen.getByRole("tabpanel").textContent).toBe("note panel");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(second!.id);
    expect(second!.getAttribute("aria-controls")).toBe(screen.getByRole("tabpanel").id);
    expect(screen.queryByRole("button", { name: "clicked 1" })).toBeNull();
    await fireEvent.keyDown(second!, { key: "ArrowLeft" });
    expect(document.activeElement).toBe(first);
    expect(screen.getByRole("tabpanel").textContent).toBe("clicked 1");
    expect(mounts).toHaveBeenCalledOnce();
  });
});

describe("DocRow", () => {
  const docFixture = (over: Partial<KnowledgeDocument>): KnowledgeDocument => ({
    id: "d",
    title: "cv",
    source: "upload",
    kind: "document",
    url: null,
    fetchedAt: null,
    mimeType: "application/pdf",
    sizeBytes: 2048,
    status: "ready",
    progress: 100,
    chunkCount: 1,
    error: null,
    jobId: "j",
    createdAt: Date.now(),
    updatedAt: Date.now(),
    ...over,
  });

  it("shows server progress (a 0–100 percentage) on the bar while indexing, and none when ready", async () => {
    const { DocRow } = await import("../src/components/DocRow");
    const doc = docFixture({ status: "indexing", progress: 40 });
    const [d, setD] = createSignal(doc);
    render(() => (
      <ul>
        <DocRow doc={d()} />
      </ul>
    ));
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("40");
    expect(screen.getByText(/1 chunk ·/)).toBeTruthy();
    setD({ ...doc, status: "ready", progress: 100, chunkCount: 3 });
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.getByText(/3 chunks/)).toBeTruthy();
  });

  it("a web page links to its address, says when it was fetched, and offers re-fetch", async () => {
    const { DocRow } = await import("../src/components/DocRow");
    const onRefetch = vi.fn();
    const doc = docFixture({
      id: "w",
      title: "Why tide pools matter",
      kind: "web_page",
      url: "https://ada.example/tide",
      fetchedAt: Date.now() - 60_000,
      mimeType: "text/html",
      sizeBytes: 9000,
      chunkCount: 3,
      createdAt: Date.now() - 86_400_000,
    });
    render(() => (
      <ul>
        <DocRow doc={doc} onRefetch={onRefetch} />
      </ul>
    ));
    expect(screen.getByRole("link", { name: "https://ada.example/tide" }).getAttribute("target")).toBe("_blank");
    expect(screen.getByText(/Web page · 3 chunks · fetched/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Re-fetch Why tide pools matter" }));
    expect(onRefetch).toHaveBeenCalledOnce();
  });

  it("a failed web page keeps Re-fetch and ✕ together in the row's last column, as on other rows (QA bug 14)", async () => {
    const { DocRow } = await import("../src/components/DocRow");
    const web = docFixture({
      id: "w",
      title: "nothing-here",
      kind: "web_page",
      url: "https://ada.example/x",
      status: "failed",
      error: "The page answered HTTP 404",
    });
    render(() => (
      <ul>
        <DocRow doc={web} onRefetch={() => undefined} onDelete={() => undefined} />
        <DocRow doc={docFixture({ id: "p" })} onDelete={() => undefined} />
      </ul>
    ));
    // The row is a 3-column grid (icon, text, actions): a fourth child wrapped the ✕ onto a line of its own.
    for (const row of document.querySelectorAll(".doc-row")) {
      expect(row.children).toHaveLength(3);
      expect(row.lastElementChild!.classList.contains("doc-actions")).toBe(true);
    }
    const actions = screen.getByRole("button", { name: "Delete nothing-here" }).parentElement!;
    expect(actions.classList.contains("doc-actions")).toBe(true);
    expect(actions.contains(screen.getByRole("button", { name: "Re-fetch nothing-here" }))).toBe(true);
  });

  it("badges each file type by what it is; an uploaded Markdown file is MD, not TXT (walk bug 5)", async () => {
    const { DocRow } = await import("../src/components/DocRow");
    render(() => (
      <ul>
        <DocRow doc={docFixture({ id: "md", title: "notes", mimeType: "text/markdown" })} />
        <DocRow doc={docFixture({ id: "txt", title: "plain", mimeType: "text/plain" })} />
        <DocRow doc={docFixture({ id: "pdf", title: "cv", mimeType: "application/pdf" })} />
        <DocRow doc={docFixture({ id: "html", title: "page", mimeType: "text/html" })} />
      </ul>
    ));
    const badges = [...document.querySelectorAll(".doc-icon")].map((e) => e.textContent);
    expect(badges).toEqual(["MD", "TXT", "PDF", "HTML"]);
  });

  it("a memory or an own answer says what it is and links to where it is managed, with no delete here", async () => {
    const { DocRow } = await import("../src/components/DocRow");
    const onDelete = vi.fn();
    const base = docFixture({ id: "m", title: "I moved to Lisbon", source: "note", kind: "memory", mimeType: "text/markdown", sizeBytes: 30 });
    render(() => (
      <ul>
        <DocRow doc={base} onDelete={onDelete} />
        <DocRow doc={{ ...base, id: "r", title: "Q: favourite tea?", kind: "revision" }} onDelete={onDelete} />
        <DocRow doc={{ ...base, id: "n", title: "A plain note", kind: "document" }} onDelete={onDelete} />
      </ul>
    ));
    expect(screen.getByRole("link", { name: "Edit or delete I moved to Lisbon in Memories" }).getAttribute("href")).toBe("/memories");
    expect(screen.getByRole("link", { name: "Edit or delete Q: favourite tea? in Audience" }).getAttribute("href")).toBe("/audience?tab=answers");
    expect(screen.getByText(/Memory · 1 chunk/)).toBeTruthy();
    expect(screen.getByText(/Your answer · 1 chunk/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Delete I moved to Lisbon" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete Q: favourite tea?" })).toBeNull();
    expect(screen.getByRole("button", { name: "Delete A plain note" })).toBeTruthy();
  });
});

describe("AsyncState, LoadMore and PagedList", () => {
  it("shows the error with Try again, else a labelled spinner, else the children with the ready value", async () => {
    const { AsyncState } = await import("../src/components/ui");
    const [error, setError] = createSignal<unknown>(new Error("Server down"));
    const [value, setValue] = createSignal<{ n: number } | undefined>(undefined);
    const retry = vi.fn();
    render(() => (
      <AsyncState error={error()} retry={retry} ready={value()} loadingLabel="Loading things">
        {(v) => <p>got {v().n}</p>}
      </AsyncState>
    ));
    expect(screen.getByRole("alert").textContent).toContain("Server down");
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledOnce();
    setError(null);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("status", { name: "Loading things" })).toBeTruthy();
    setValue({ n: 7 });
    expect(screen.getByText("got 7")).toBeTruthy();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("PagedList says No matches while filtered, lists the items and loads more until there is no more", async () => {
    const { PagedList } = await import("../src/components/ui");
    const [items, setItems] = createSignal<string[]>([]);
    const [query, setQuery] = createSignal("");
    const [hasMore, setHasMore] = createSignal(true);
    const [loading, setLoading] = createSignal(false);
    const loadMore = vi.fn(() => setLoading(true));
    const list = { error: () => null, loaded: () => true, loading, query, hasMore, items, refresh: () => undefined, loadMore };
    render(() => (
      <PagedList list={list} loadingLabel="Loading notes…" icon="✎" emptyTitle="No notes yet" emptyHint="Write one." noMatchHint="Try other words.">
        <ul>
          {items().map((i) => (
            <li>{i}</li>
          ))}
        </ul>
      </PagedList>
    ));
    expect(screen.getByText("No notes yet")).toBeTruthy();
    expect(screen.getByText("Write one.")).toBeTruthy();
    setQuery("tea");
    expect(screen.getByText("No matches")).toBeTruthy();
    expect(screen.getByText("Try other words.")).toBeTruthy();
    setItems(["first"]);
    expect(screen.getByText("first")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(loadMore).toHaveBeenCalledOnce();
    expect((screen.getByRole("button", { name: "Loading" }) as HTMLButtonElement).disabled).toBe(true);
    setHasMore(false);
    expect(screen.queryByRole("button")).toBeNull();
  });
});
