import { afterEach, describe, expect, it, vi } from "vitest";
import { render, fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { MemoryRouter, Route, createMemoryHistory, useLocation } from "@solidjs/router";
import type { JSX } from "solid-js";
import { AuthPage } from "../src/pages/AuthPage";
import { session } from "../src/stores/session";
import { apiError, json, profileFixture, stubFetch } from "./support/fetch-stub";

const tokens = { accessToken: "a1", refreshToken: "r1", tokenType: "Bearer", expiresIn: 1800 };
const profile = (completed: boolean) => profileFixture({ step: 3, completed });

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
});

/** Renders at `path` inside a memory router; returns a live view of the current location. */
function renderAt(path: string, ui: () => JSX.Element) {
  const history = createMemoryHistory();
  history.set({ value: path });
  let current = path;
  const Probe = () => {
    const loc = useLocation();
    const track = () => {
      current = loc.pathname;
      return null;
    };
    return (
      <>
        {track()}
        {ui()}
      </>
    );
  };
  render(() => (
    <MemoryRouter history={history}>
      <Route path="*" component={Probe} />
    </MemoryRouter>
  ));
  return { location: () => current };
}

async function fillLogin() {
  // The router wrapper loads asynchronously, so wait for the form first.
  await fireEvent.input(await screen.findByLabelText("Email"), { target: { value: "a@x.io" } });
  await fireEvent.input(screen.getByLabelText("Password"), { target: { value: "secret-pass" } });
  await fireEvent.submit(screen.getByRole("button", { name: "Sign in" }).closest("form")!);
}

describe("AuthPage", () => {
  it("shows the server's error message on a failed sign-in and stays signed out", async () => {
    stubFetch(() => apiError(401, "unauthorized", "Email or password is wrong"));
    renderAt("/login", () => <AuthPage mode="login" />);
    await fillLogin();
    expect((await screen.findByRole("alert")).textContent).toBe("Email or password is wrong");
    expect(session.signedIn()).toBe(false);
  });

  it("signs in and resumes an unfinished onboarding", async () => {
    stubFetch(({ path }) => {
      if (path === "/api/auth/login") return json({ user: { id: "u1", email: "a@x.io", name: "Ada", createdAt: 1 }, tokens });
      if (path === "/api/users/profile") return json(profile(false));
      return undefined;
    });
    const { location } = renderAt("/login", () => <AuthPage mode="login" />);
    await fillLogin();
    await waitFor(() => expect(location()).toBe("/onboarding"));
    expect(session.accessToken()).toBe("a1");
  });

  it("only follows same-site ?next= paths", async () => {
    stubFetch(({ path }) =>
      path === "/api/auth/login" ? json({ user: { id: "u1", email: "a@x.io", name: "Ada", createdAt: 1 }, tokens }) : json(profile(true)),
    );
    const { location } = renderAt("/login?next=//evil.example", () => <AuthPage mode="login" />);
    await fillLogin();
    await waitFor(() => expect(location()).toBe("/"));
  });
});
