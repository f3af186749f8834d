import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@solidjs/testing-library";
import type { LiveEvent } from "../src/api/realtime";
import { avatarFixture, json, NO_FACE, stubFetch } from "./support/fetch-stub";
import { emit } from "./support/live-stub";

vi.mock("../src/api/realtime", () => import("./support/live-stub"));

import AvatarPage from "../src/pages/AvatarPage";
import { renderAt } from "./support/render-at";

const avatar = avatarFixture;

afterEach(() => vi.unstubAllGlobals());

function renderPage() {
  renderAt("/avatar", { "/avatar": AvatarPage });
}

const replacementSection = () => screen.queryByTestId("avatar-replacement");

describe("Avatar page: a replacement upload that fails to train (browser walk-through bug)", () => {
  it("shows the ready avatar still in use, and the failed new upload with its reason beside it", async () => {
    stubFetch(({ path }) =>
      path === "/api/avatars/my-avatar"
        ? json({
            ...avatar(),
            replacement: avatar({ id: "avt_new", mimeType: "image/jpeg", status: "failed", progress: 10, error: NO_FACE, createdAt: 2, updatedAt: 3 }),
          })
        : undefined,
    );
    renderPage();
    await screen.findByText("Your new photo could not be used");
    expect(screen.getByText(/still the one your clone uses for video replies/)).toBeTruthy();
    expect(replacementSection()!.textContent).toContain(NO_FACE);
    // The avatar in use is shown as ready, with its picture and the video-reply hint.
    expect(screen.getByAltText("Your avatar")).toBeTruthy();
    expect(screen.getByText(/Your clone can now answer on video/)).toBeTruthy();
    expect(screen.getByText("ready")).toBeTruthy();
  });

  it("a replacement in training takes the avatar's place when it is ready, and only then", async () => {
    stubFetch(({ path }) =>
      path === "/api/avatars/my-avatar"
        ? json({ ...avatar(), replacement: avatar({ id: "avt_new", mimeType: "image/jpeg", status: "processing", progress: 30, createdAt: 2 }) })
        : undefined,
    );
    renderPage();
    await screen.findByText("Training your new photo…");
    expect(screen.getByText(/keeps answering on video until the new one is ready/)).toBeTruthy();
    expect(screen.getByText(/image\/png/)).toBeTruthy();
    emit({ type: "avatar", avatar: avatar({ id: "avt_new", mimeType: "image/jpeg", createdAt: 2, updatedAt: 5 }) } as LiveEvent);
    await waitFor(() => expect(replacementSection()).toBeNull());
    expect(screen.getByText(/image\/jpeg/)).toBeTruthy();
    expect(screen.queryByText(/image\/png/)).toBeNull();
  });
});
