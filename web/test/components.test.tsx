import { describe, expect, it, vi } from "vitest";
import { createSignal } from "solid-js";
import { render, fireEvent, screen } from "@solidjs/testing-library";
import { PersonalitySliders } from "../src/components/PersonalitySliders";
import { Composer } from "../src/components/chat/Composer";
import { MessageBubble } from "../src/components/chat/MessageBubble";
import { describeMode } from "../src/pages/DashboardPage";
import { themeStore } from "../src/stores/theme";

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
});

describe("MessageBubble", () => {
  const base = { id: "m1", conversationId: "c", citations: [], model: null, videoJobId: null, createdAt: 1, replyTo: null };

  it("shows citations that open to their snippet and the offline badge", () => {
    render(() => (
      <ol>
        <MessageBubble
          m={{ ...base, role: "assistant", content: "I studied in Lisbon.", model: "offline-extractive", citations: [{ documentId: "doc_1", chunkId: "k", title: "cv.pdf", position: 0, snippet: "MSc, Lisbon" }] }}
          onVideo={() => undefined}
        />
      </ol>
    ));
    expect(screen.getByText("cv.pdf")).toBeTruthy();
    expect(screen.getByText("MSc, Lisbon")).toBeTruthy();
    expect(screen.getByText("offline")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open in knowledge" }).getAttribute("href")).toBe("/knowledge?doc=doc_1");
    expect(screen.getByRole("button", { name: /Video reply/ })).toBeTruthy();
  });

  it("offers retry on a failed message", async () => {
    const onRetry = vi.fn();
    render(() => <ol><MessageBubble m={{ ...base, role: "user", content: "hi", failed: "Network down" }} onRetry={onRetry} /></ol>);
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

describe("mode description", () => {
  it("says offline mode honestly when any port is local", () => {
    expect(describeMode({ llm: { mode: "cloud", adapter: "groq" } }).label).toBe("Cloud mode");
    expect(describeMode({ llm: { mode: "local", adapter: "offline-extractive" } }).label).toBe("Offline mode");
    const partial = describeMode({ llm: { mode: "cloud", adapter: "groq" }, video: { mode: "local", adapter: "ffmpeg" } });
    expect(partial.label).toBe("Offline mode (partial)");
    expect(partial.detail).toContain("video");
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
});

describe("DocRow", () => {
  it("shows server progress (a 0–100 percentage) on the bar while indexing, and none when ready", async () => {
    const { DocRow } = await import("../src/components/DocRow");
    const doc: import("../src/api/contract").KnowledgeDocument = { id: "d", title: "cv", source: "upload", mimeType: "application/pdf", sizeBytes: 2048, status: "indexing", progress: 40, chunkCount: 1, error: null, jobId: "j", createdAt: Date.now(), updatedAt: Date.now() };
    const [d, setD] = createSignal(doc);
    render(() => <ul><DocRow doc={d()} /></ul>);
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("40");
    expect(screen.getByText(/1 chunk ·/)).toBeTruthy();
    setD({ ...doc, status: "ready", progress: 100, chunkCount: 3 });
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.getByText(/3 chunks/)).toBeTruthy();
  });
});
