import { afterEach, describe, expect, it, vi } from "vitest";
import { screen } from "@solidjs/testing-library";
import type { LiveEvent } from "../src/api/realtime";
import { avatarFixture as avatar, json, NO_FACE, stubFetch } from "./support/fetch-stub";
import { emit } from "./support/live-stub";

vi.mock("../src/api/realtime", () => import("./support/live-stub"));

import DashboardPage from "../src/pages/DashboardPage";
import { renderAt } from "./support/render-at";

afterEach(() => vi.unstubAllGlobals());

/** The Dashboard over a fake API whose `my-avatar` answers `mine` (the other panels get empty answers). */
function renderDashboard(mine: unknown) {
  stubFetch(({ path }) => {
    if (path === "/api/avatars/my-avatar") return json(mine);
    if (path === "/api/health") return json({ status: "ok", ports: {} });
    if (path.startsWith("/api/knowledge") || path.startsWith("/api/conversations")) return json({ items: [], nextCursor: null });
    return undefined;
  });
  renderAt("/", { "/": DashboardPage });
}

const notice = () => screen.queryByTestId("avatar-replacement-notice");
const avatarLink = () => screen.getByRole("link", { name: "Open the Avatar page" });

describe("Dashboard: a newer avatar upload that has not replaced the one in use", () => {
  it("a failed one: says it could not be used and why, that the current avatar stays, and links to the Avatar page", async () => {
    renderDashboard({
      ...avatar(),
      replacement: avatar({ id: "avt_new", mimeType: "image/jpeg", status: "failed", progress: 10, error: NO_FACE, createdAt: 2 }),
    });
    await screen.findByText("Your new photo could not be used");
    const text = notice()!.textContent!;
    // In words, not only a colour: what failed, why, and that the avatar in use is still in use.
    expect(text).toContain(NO_FACE);
    expect(text).toMatch(/current avatar is still the one your clone uses for video replies/);
    const link = avatarLink();
    expect(link.getAttribute("href")).toBe("/avatar");
    link.focus();
    expect(document.activeElement).toBe(link);
    // The avatar in use is still shown as ready.
    expect(screen.getByText("ready")).toBeTruthy();
    // Above the status cards, so a phone shows it without scrolling past four of them.
    const stats = screen.getByRole("region", { name: "Clone status" });
    expect(notice()!.compareDocumentPosition(stats) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("one still training: says so, and links to the Avatar page", async () => {
    renderDashboard({ ...avatar(), replacement: avatar({ id: "avt_new", status: "processing", progress: 30, createdAt: 2 }) });
    await screen.findByText("Training your new photo…");
    expect(notice()!.textContent).toMatch(/current avatar keeps answering on video until the new one is ready/);
    expect(avatarLink().getAttribute("href")).toBe("/avatar");
  });

  it("none: nothing beyond the avatar's own status", async () => {
    renderDashboard({ ...avatar(), replacement: null });
    await screen.findByText("ready");
    expect(notice()).toBeNull();
    expect(screen.queryByText(/new photo|new video/)).toBeNull();
  });

  it("follows the training live: a failure shows with its reason", async () => {
    const training = avatar({ id: "avt_new", kind: "video", mimeType: "video/mp4", status: "queued", progress: 0, createdAt: 2 });
    renderDashboard({ ...avatar(), replacement: training });
    await screen.findByText("Training your new video…");
    emit({ type: "avatar", avatar: { ...training, status: "failed", error: "The video has no audio track" } } as LiveEvent);
    await screen.findByText("Your new video could not be used");
    expect(notice()!.textContent).toContain("The video has no audio track");
  });

  it("follows the training live: once ready, the new avatar is the one shown and the notice goes", async () => {
    const training = avatar({ id: "avt_new", kind: "video", mimeType: "video/mp4", status: "processing", progress: 50, createdAt: 2 });
    renderDashboard({ ...avatar(), replacement: training });
    await screen.findByText("Training your new video…");
    expect(screen.getByText("Photo")).toBeTruthy();
    emit({ type: "avatar", avatar: { ...training, status: "ready", progress: 100 } } as LiveEvent);
    await screen.findByText("Video");
    expect(notice()).toBeNull();
    expect(screen.getByText("ready")).toBeTruthy();
  });
});
