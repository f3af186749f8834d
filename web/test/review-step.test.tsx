import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@solidjs/testing-library";
import { ReviewStep } from "../src/pages/onboarding/ReviewStep";
import { profileStore } from "../src/stores/profile";
import { session } from "../src/stores/session";
import { avatarFixture as avatar, json, NO_FACE, profileFixture, stubFetch } from "./support/fetch-stub";
import { renderAt } from "./support/render-at";

// The step listens to the user's socket (a training that ends while it is open): a hand-driven one, not a real connection.
vi.mock("../src/api/realtime", () => import("./support/live-stub"));

afterEach(() => {
  session.clear();
  vi.unstubAllGlobals();
});

const doc = (id: string) => ({ id, title: id, status: "ready" });

describe("onboarding → Review (QA bug 16)", () => {
  it("lays out every line at once: Knowledge and Avatar hold their place while loading, then fill in", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    stubFetch(async ({ path }) => {
      if (path === "/api/users/profile") return json({ ...profileFixture({ step: 5, completed: false }), name: "Maya Ortiz", bio: "Marine biologist." });
      await held;
      if (path.startsWith("/api/knowledge")) return json({ items: [doc("a"), doc("b"), doc("c")], nextCursor: null });
      if (path === "/api/avatars/my-avatar") return json(null);
      return undefined;
    });
    session.setTokens({ accessToken: "a1", refreshToken: "r1" });
    await waitFor(() => expect(profileStore.profile()?.name).toBe("Maya Ortiz"));
    renderAt("/onboarding", { "/onboarding": () => <ReviewStep back={() => undefined} /> });
    const terms = () => [...document.querySelectorAll(".review dt")].map((dt) => dt.textContent);
    await screen.findByText("Maya Ortiz");
    const whileLoading = terms();
    expect(whileLoading).toEqual(["Name", "Bio", "Knowledge", "Avatar", "Sounds like"]);
    expect(screen.getAllByLabelText("Loading").length).toBe(2);
    release();
    await screen.findByText("3 documents");
    await screen.findByText("None — replies will be text only");
    expect(terms()).toEqual(whileLoading);
    expect(screen.queryAllByLabelText("Loading")).toHaveLength(0);
  });
});

describe("onboarding → Review: a newer avatar upload that has not replaced the one in use", () => {
  async function renderReview(mine: unknown) {
    stubFetch(({ path }) => {
      if (path === "/api/users/profile") return json(profileFixture({ step: 5, completed: false }));
      if (path.startsWith("/api/knowledge")) return json({ items: [], nextCursor: null });
      if (path === "/api/avatars/my-avatar") return json(mine);
      return undefined;
    });
    session.setTokens({ accessToken: "a1", refreshToken: "r1" });
    await waitFor(() => expect(profileStore.profile()).toBeTruthy());
    renderAt("/onboarding", { "/onboarding": () => <ReviewStep back={() => undefined} /> });
  }
  const avatarLine = () => [...document.querySelectorAll(".review dt")].find((dt) => dt.textContent === "Avatar")!.nextElementSibling!;

  it("a failed one: the avatar in use stays ready, with the failure, its reason and a link to the Avatar page", async () => {
    await renderReview({ ...avatar(), replacement: avatar({ id: "avt_new", status: "failed", error: NO_FACE, createdAt: 2 }) });
    await screen.findByText("Your new photo could not be used");
    expect(avatarLine().textContent).toContain("ready");
    expect(avatarLine().textContent).toContain(NO_FACE);
    expect(avatarLine().textContent).toMatch(/current avatar is still the one your clone uses/);
    expect(screen.getByRole("link", { name: "Open the Avatar page" }).getAttribute("href")).toBe("/avatar");
  });

  it("one still training: says so", async () => {
    await renderReview({ ...avatar(), replacement: avatar({ id: "avt_new", status: "queued", progress: 0, createdAt: 2 }) });
    await screen.findByText("Training your new photo…");
    expect(avatarLine().textContent).toContain("ready");
  });

  it("none: only the avatar's status", async () => {
    await renderReview({ ...avatar(), replacement: null });
    await waitFor(() => expect(avatarLine().textContent).toBe("ready"));
    expect(screen.queryByRole("link", { name: "Open the Avatar page" })).toBeNull();
  });
});
