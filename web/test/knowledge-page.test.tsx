import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import type { LiveEvent } from "../src/api/realtime";
import { json, stubFetch } from "./support/fetch-stub";
import { emit } from "./support/live-stub";
import { type FakeUpload, stubXhr } from "./support/xhr-stub";

vi.mock("../src/api/realtime", () => import("./support/live-stub"));

import KnowledgePage from "../src/pages/KnowledgePage";
import { renderAt } from "./support/render-at";

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
  renderAt("/knowledge", { "/knowledge": KnowledgePage });
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

// Walk-through 2026-12-04: the "Search index" panel kept its count from page load ("3 of 3" with a 4th document ready).
describe("Knowledge page: the search index panel", () => {
  it("counts a document that finishes indexing without a reload", async () => {
    let ready = false;
    stubFetch(({ method, path }) => {
      if (method === "GET" && path.startsWith("/api/knowledge?")) return json({ items: [doc()], nextCursor: null });
      if (method === "GET" && path === "/api/knowledge/doc_1") return json(doc({ status: "ready", progress: 100, chunkCount: 3 }));
      if (method === "GET" && path === "/api/knowledge/reindex")
        return json({ embedder: "lexical-hash-v5@512", documents: ready ? 4 : 3, current: ready ? 3 : 2, job: null });
      return json({ items: [], nextCursor: null });
    });
    renderPage();
    await screen.findByText(/2 of 3 documents/);
    ready = true;
    emit(succeeded);
    await screen.findByText(/3 of 4 documents/);
  });
});

/**
 * What POST /api/knowledge/upload does with its form (knowledge.schemas.ts, knowledge.service.ts): a title over
 * 200 characters is refused with 422; without one the title is the file's name less its extension, cut to 200.
 */
function answerUpload(up: FakeUpload, id: string) {
  const form = up.body as FormData;
  const file = form.get("file") as File;
  const sent = form.get("title");
  if (typeof sent === "string" && sent.trim().length > 200) {
    up.respond(422, { error: { code: "validation_failed", message: "title: Too big: expected string to have <=200 characters", requestId: "q" } });
    return;
  }
  const title = ((typeof sent === "string" && sent.trim()) || file.name.replace(/\.[^.]+$/, "").trim()).slice(0, 200);
  up.respond(202, doc({ id, title, mimeType: "text/markdown", status: "queued", progress: 0, jobId: `job_${id}` }));
}

const dropFiles = (...files: File[]) => fireEvent.drop(screen.getByText("Drop files here or browse").closest("label")!, { dataTransfer: { files } });

describe("Knowledge page: uploading files", () => {
  it("a file whose name is longer than a title may be is uploaded, titled by its name cut to the limit (walk bug 1)", async () => {
    stubFetch(({ method, path }) => (method === "GET" && path.startsWith("/api/knowledge?") ? json({ items: [], nextCursor: null }) : undefined));
    const sent = stubXhr();
    renderPage();
    await screen.findByText("No knowledge yet");
    const name = `${"a".repeat(250)}.md`;
    await dropFiles(new File(["# notes"], name, { type: "text/markdown" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    answerUpload(sent[0]!, "doc_long");
    await screen.findByText("a".repeat(200));
    expect(screen.queryByText(/Could not upload/)).toBeNull();
  });

  it("a normal name keeps today's title: the name without its extension", async () => {
    stubFetch(({ method, path }) => (method === "GET" && path.startsWith("/api/knowledge?") ? json({ items: [], nextCursor: null }) : undefined));
    const sent = stubXhr();
    renderPage();
    await screen.findByText("No knowledge yet");
    await dropFiles(new File(["# notes"], "garden notes.md", { type: "text/markdown" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    answerUpload(sent[0]!, "doc_g");
    await screen.findByText("garden notes");
  });

  it("the same file again: it is added, the row says which document already has it, and Remove this copy deletes the new one", async () => {
    const calls = stubFetch(({ method, path }) => {
      if (method === "GET" && path.startsWith("/api/knowledge?"))
        return json({ items: [doc({ id: "doc_cv", title: "cv", status: "ready" })], nextCursor: null });
      if (method === "DELETE" && path === "/api/knowledge/doc_cv2") return new Response(null, { status: 204 });
      return undefined;
    });
    const sent = stubXhr();
    renderPage();
    await screen.findByText("cv");
    await dropFiles(new File(["%PDF-1.4"], "cv (1).pdf", { type: "application/pdf" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    sent[0]!.respond(202, { ...doc({ id: "doc_cv2", title: "cv (1)", status: "queued", jobId: "job_cv2" }), duplicateOf: { id: "doc_cv", title: "cv" } });
    await screen.findByText("cv (1)");
    expect((await screen.findByText(/You already have this file, as “cv”/)).textContent).toContain("This copy was added too");
    await fireEvent.click(screen.getByRole("button", { name: "Remove this copy" }));
    await waitFor(() => expect(screen.queryByText("cv (1)")).toBeNull());
    expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/knowledge/doc_cv2")).toBe(true);
    expect(screen.queryByText(/You already have this file/)).toBeNull();
    expect(screen.getByText("cv")).toBeTruthy();
  });

  it("switching to another tab and back keeps the uploads: a failure with its Retry, and a running upload's progress (walk bug 3)", async () => {
    stubFetch(({ method, path }) => (method === "GET" && path.startsWith("/api/knowledge?") ? json({ items: [], nextCursor: null }) : undefined));
    const sent = stubXhr();
    renderPage();
    await screen.findByText("No knowledge yet");
    await dropFiles(new File(["MZ"], "virus.pdf", { type: "application/pdf" }), new File(["# big"], "big.md", { type: "text/markdown" }));
    await waitFor(() => expect(sent).toHaveLength(2));
    sent[0]!.respond(415, {
      error: { code: "unsupported_media_type", message: "Only PDF, Word (.docx), HTML, plain text and Markdown files are accepted", requestId: "q" },
    });
    sent[1]!.progress(40, 100);
    await screen.findByText(/Could not upload virus.pdf/);
    expect(screen.getByRole("progressbar", { name: "Uploading big.md" }).getAttribute("aria-valuenow")).toBe("40");

    await fireEvent.click(screen.getByRole("tab", { name: "Write a note" }));
    expect(screen.queryByRole("progressbar", { name: "Uploading big.md" })).toBeNull();
    sent[1]!.progress(70, 100); // the upload goes on while its tab is not shown
    await fireEvent.click(screen.getByRole("tab", { name: "Upload files" }));

    expect(screen.getByText(/Could not upload virus.pdf/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
    expect(screen.getByRole("progressbar", { name: "Uploading big.md" }).getAttribute("aria-valuenow")).toBe("70");
    answerUpload(sent[1]!, "doc_big");
    await screen.findByText("big");
    await waitFor(() => expect(screen.queryByRole("progressbar", { name: "Uploading big.md" })).toBeNull());
  });
});
