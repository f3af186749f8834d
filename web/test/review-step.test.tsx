import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@solidjs/testing-library";
import { MemoryRouter, Route, createMemoryHistory } from "@solidjs/router";
import { ReviewStep } from "../src/pages/onboarding/ReviewStep";
import { profileStore } from "../src/stores/profile";
import { session } from "../src/stores/session";
import { json, profileFixture, stubFetch } from "./support/fetch-stub";

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
    const history = createMemoryHistory();
    history.set({ value: "/onboarding" });
    render(() => (
      <MemoryRouter history={history}>
        <Route path="/onboarding" component={() => <ReviewStep back={() => undefined} />} />
      </MemoryRouter>
    ));
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
