import { describe, expect, it, vi, beforeEach } from "vitest";
import { render, fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { ApiError, apiErrorFrom } from "../src/api/client";
import { knowledgeApi } from "../src/api/knowledge";
import { avatarApi } from "../src/api/avatars";
import { KnowledgeUploader } from "../src/components/KnowledgeUploader";
import { AvatarUploader } from "../src/components/AvatarUploader";
import { lazyPage, isChunkLoadError } from "../src/lib/lazy-page";

const chunkError = () => new TypeError("Failed to fetch dynamically imported module: http://localhost/assets/ChatPage-abc123.js");

function pick(file: File) {
  const input = document.querySelector("input[type=file]") as HTMLInputElement;
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  return fireEvent.change(input);
}

describe("a page chunk that cannot load", () => {
  beforeEach(() => sessionStorage.clear());

  it("shows an error state with Retry, and Retry loads the page", async () => {
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw chunkError();
      return { default: () => <p>the page</p> };
    });
    // Same deployment (index.html names the same entry script): no reload, an error with a retry.
    const reload = vi.fn();
    const Page = lazyPage(load, { reload, currentEntry: () => "/assets/index-1.js", fetchIndex: async () => '<script type="module" src="/assets/index-1.js"></script>' });
    render(() => <Page />);
    await screen.findByRole("alert");
    expect(screen.getByRole("alert").textContent).toMatch(/could not be loaded/i);
    expect(reload).not.toHaveBeenCalled();
    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: /try again/i }));
    await screen.findByText("the page");
  });

  it("reloads once when a new deployment replaced the chunk, and not again after that", async () => {
    const reload = vi.fn();
    const opts = { reload, currentEntry: () => "/assets/index-1.js", fetchIndex: async () => '<script type="module" crossorigin src="/assets/index-2.js"></script>' };
    const Page = lazyPage(async () => Promise.reject(chunkError()), opts);
    render(() => <Page />);
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    // After the reload the same failure shows the error instead of looping.
    const Again = lazyPage(async () => Promise.reject(chunkError()), opts);
    render(() => <Again />);
    await screen.findAllByRole("alert");
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("recognises the browsers' chunk-load messages", () => {
    expect(isChunkLoadError(chunkError())).toBe(true);
    expect(isChunkLoadError(new TypeError("Importing a module script failed."))).toBe(true);
    expect(isChunkLoadError(new Error("error loading dynamically imported module"))).toBe(true);
    expect(isChunkLoadError(new Error("x is undefined"))).toBe(false);
  });
});

describe("a failed upload", () => {
  it("says why (the server's message) and offers Retry, which uploads the same file again", async () => {
    const doc = { id: "doc_1", title: "notes.txt", status: "queued" } as any;
    const spy = vi
      .spyOn(knowledgeApi, "upload")
      .mockImplementationOnce(async (_f, onProgress) => {
        onProgress?.(1);
        throw new ApiError(503, "upstream_unavailable", "Storage is unavailable right now; try again in a minute", "req_1");
      })
      .mockImplementationOnce(async () => doc);
    const onUploaded = vi.fn();
    render(() => <KnowledgeUploader onUploaded={onUploaded} />);
    await pick(new File(["hello"], "notes.txt", { type: "text/plain" }));
    await screen.findByText(/Storage is unavailable right now/);
    expect(screen.queryByText(/100%/)).toBeNull(); // no full bar under a failure
    await fireEvent.click(screen.getByRole("button", { name: /retry/i }));
    await waitFor(() => expect(onUploaded).toHaveBeenCalledWith(doc));
    expect(spy).toHaveBeenCalledTimes(2);
    expect((spy.mock.calls[1]![0] as File).name).toBe("notes.txt");
    spy.mockRestore();
  });

  it("the avatar uploader shows the reason and retries too", async () => {
    const avatar = { id: "avt_1", status: "queued" } as any;
    const spy = vi
      .spyOn(avatarApi, "upload")
      .mockRejectedValueOnce(new ApiError(413, "payload_too_large", "Avatars are limited to 100 MB", null))
      .mockResolvedValueOnce(avatar);
    const onUploaded = vi.fn();
    render(() => <AvatarUploader onUploaded={onUploaded} />);
    await pick(new File([new Uint8Array(10)], "me.mp4", { type: "video/mp4" }));
    await screen.findByText(/Avatars are limited to 100 MB/);
    await fireEvent.click(screen.getByRole("button", { name: /retry/i }));
    await waitFor(() => expect(onUploaded).toHaveBeenCalledWith(avatar));
    spy.mockRestore();
  });

  it("a non-JSON error body still gets a reason, not just a status number", () => {
    expect(apiErrorFrom(503, null).message).toMatch(/unavailable/i);
    expect(apiErrorFrom(413, "<html>").message).toMatch(/too large/i);
    expect(apiErrorFrom(503, { error: { code: "x", message: "Renderer down" } }).message).toBe("Renderer down");
  });
});
