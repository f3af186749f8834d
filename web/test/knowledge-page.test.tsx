import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { MemoryRouter, Route, createMemoryHistory } from "@solidjs/router";
import type { LiveEvent } from "../src/api/realtime";
import { json, stubFetch } from "./support/fetch-stub";

// The user's socket, driven by hand: `emit` delivers a live event to the page's listeners.
const live = vi.hoisted(() => ({ listeners: new Set<(e: unknown) => void>() }));
vi.mock("../src/api/realtime", () => ({
  onLiveEvent: (l: (e: unknown) => void) => {
    live.listeners.add(l);
    return () => live.listeners.delete(l);
  },
}));
const emit = (e: LiveEvent) => {
  for (const l of live.listeners) l(e);
};

import KnowledgePage from "../src/pages/KnowledgePage";

const doc = (over: Record<string, unknown> = {}) => ({
  id: "doc_1",
  title: "big.txt",
  source: "upload",
  kind: "document",
  url: null,
  fetchedAt: null,
  mimeType: "text/plain",
  sizeBytes: 718_000,
  status: "indexing",
  progress: 40,
  chunkCount: 0,
  error: null,
  jobId: "job_1",
  createdAt: 1,
  updatedAt: 1,
  ...over,
});
const succeeded = {
  type: "job",
  job: { id: "job_1", kind: "knowledge.index", subjectId: "doc_1", status: "succeeded", progress: 100, error: null },
} as LiveEvent;

afterEach(() => vi.unstubAllGlobals());

function renderPage() {
  const history = createMemoryHistory();
  history.set({ value: "/knowledge" });
  render(() => (
    <MemoryRouter history={history}>
      <Route path="/knowledge" component={KnowledgePage} />
    </MemoryRouter>
  ));
}

describe("Knowledge page: a document finishing indexing (QA bug 9)", () => {
  it("when reading the finished document fails, the row does not claim 0 chunks; Refresh reads it again", async () => {
    let up = false;
    const calls = stubFetch(({ method, path }) => {
      if (method === "GET" && path.startsWith("/api/knowledge?")) return json({ items: [doc()], nextCursor: null });
      if (method === "GET" && path === "/api/knowledge/doc_1") {
        if (!up) throw new TypeError("Failed to fetch");
        return json(doc({ status: "ready", progress: 100, chunkCount: 1000 }));
      }
      return json({ items: [], nextCursor: null });
    });
    renderPage();
    await screen.findByText("big.txt");
    emit(succeeded);
    const refresh = await screen.findByRole("button", { name: "Refresh big.txt" });
    expect(screen.queryByText(/0 chunks/)).toBeNull();
    up = true;
    await fireEvent.click(refresh);
    await screen.findByText(/1000 chunks/);
    expect(screen.queryByRole("button", { name: "Refresh big.txt" })).toBeNull();
    expect(calls.filter((c) => c.path === "/api/knowledge/doc_1").length).toBeGreaterThanOrEqual(2);
  });

  it("when it succeeds, the row shows the document's chunk count", async () => {
    stubFetch(({ method, path }) => {
      if (method === "GET" && path.startsWith("/api/knowledge?")) return json({ items: [doc()], nextCursor: null });
      if (method === "GET" && path === "/api/knowledge/doc_1") return json(doc({ status: "ready", progress: 100, chunkCount: 1000 }));
      return json({ items: [], nextCursor: null });
    });
    renderPage();
    await screen.findByText("big.txt");
    emit(succeeded);
    await screen.findByText(/1000 chunks/);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Refresh big.txt" })).toBeNull());
  });
});
