import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import SettingsPage from "../src/pages/SettingsPage";
import { AuthPage } from "../src/pages/AuthPage";
import { session } from "../src/stores/session";
import { apiError, json, profileFixture, type StubCall, stubFetch } from "./support/fetch-stub";
import { renderAt } from "./support/render-at";

const forbidden = () => apiError(403, "forbidden", "Your current password is incorrect");
const profile = profileFixture({ step: 5, completed: true });

let calls: StubCall[] = [];

/** Stubs fetch: the profile always answers, `handler` decides the rest. */
function stubApi(handler: (call: StubCall) => Response | undefined) {
  calls = stubFetch((call) => (call.path === "/api/users/profile" ? json(profile) : handler(call)));
  // Signed in only once fetch is stubbed: signing in makes the profile store load at once.
  session.setTokens({ accessToken: "a1", refreshToken: "r1" });
}

function renderSettings() {
  return renderAt("/settings", { "/settings": SettingsPage, "/account-deleted": () => <h1>deleted page</h1> });
}

beforeEach(() => {
  // happy-dom's <dialog>: make showModal/close toggle `open` as browsers do.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
});
afterEach(() => {
  session.clear();
  vi.unstubAllGlobals();
});

const fill = (label: string | RegExp, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe("Settings → Profile → Language", () => {
  // Walk-through: a free-text field wanting a tag; typing "English" got "language: must be a language tag such as en or pt-BR".
  it("is picked by name from a list, and the profile saves its tag", async () => {
    stubApi(() => undefined);
    renderSettings();
    await screen.findByRole("heading", { name: "Profile" });
    const select = screen.getByRole("combobox", { name: "Language" }) as HTMLSelectElement;
    expect(select.value).toBe("en");
    const names = [...select.options].map((o) => o.textContent);
    expect(names).toContain("English");
    expect(names).toContain("Português (Brasil)");
    expect(names).toContain("日本語 — Japanese");
    await fireEvent.change(select, { target: { value: "pt-BR" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    await waitFor(() => expect(calls.find((c) => c.method === "PUT" && c.path === "/api/users/profile")?.body.language).toBe("pt-BR"));
  });
});

describe("Settings → Password", () => {
  it("sends current + new password, and shows the server's answer when the current one is wrong", async () => {
    stubApi((c) => (c.path === "/api/auth/password" ? forbidden() : undefined));
    renderSettings();
    await screen.findByRole("heading", { name: "Password" });
    await fill("Current password", "guess");
    await fill(/^New password/, "new passphrase");
    await fill("Repeat the new password", "new passphrase");
    await fireEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Your current password is incorrect");
    expect(calls.find((c) => c.path === "/api/auth/password")).toEqual({
      method: "POST",
      path: "/api/auth/password",
      body: { currentPassword: "guess", newPassword: "new passphrase" },
      auth: "Bearer a1",
    });
  });

  it("two different new passwords are caught before anything is sent", async () => {
    stubApi(() => undefined);
    renderSettings();
    await screen.findByRole("heading", { name: "Password" });
    await fill("Current password", "correct horse");
    await fill(/^New password/, "new passphrase");
    await fill("Repeat the new password", "new passphrasf");
    await fireEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/do not match/);
    expect(calls.some((c) => c.path === "/api/auth/password")).toBe(false);
  });

  it("a successful change empties the form and stays signed in", async () => {
    stubApi((c) => (c.path === "/api/auth/password" ? new Response(null, { status: 204 }) : undefined));
    renderSettings();
    await screen.findByRole("heading", { name: "Password" });
    await fill("Current password", "correct horse");
    await fill(/^New password/, "new passphrase");
    await fill("Repeat the new password", "new passphrase");
    await fireEvent.click(screen.getByRole("button", { name: "Change password" }));
    await waitFor(() => expect((screen.getByLabelText("Current password") as HTMLInputElement).value).toBe(""));
    expect(session.signedIn()).toBe(true);
  });
});

describe("Settings → Delete account", () => {
  it("asks for the password; a wrong one keeps the dialog open with the reason, the right one lands on the deleted page signed out", async () => {
    let attempts = 0;
    stubApi((c) => {
      if (c.method !== "DELETE" || c.path !== "/api/users/me") return undefined;
      attempts++;
      return c.body?.password === "right password" ? new Response(null, { status: 204 }) : forbidden();
    });
    const history = renderSettings();
    await fireEvent.click(await screen.findByRole("button", { name: "Delete account" }));
    const dialog = screen.getByRole("dialog", { hidden: true }) as HTMLDialogElement;
    await fireEvent.input(screen.getByLabelText("Your password"), { target: { value: "wrong password" } });
    await fireEvent.click(screen.getByRole("button", { name: "Delete everything", hidden: true }));
    await waitFor(() => expect(dialog.textContent).toContain("Your current password is incorrect"));
    expect(dialog.open).toBe(true);
    expect(session.signedIn()).toBe(true);

    await fireEvent.input(screen.getByLabelText("Your password"), { target: { value: "right password" } });
    await fireEvent.click(screen.getByRole("button", { name: "Delete everything", hidden: true }));
    await screen.findByText("deleted page");
    expect(history.get()).toBe("/account-deleted");
    expect(session.signedIn()).toBe(false);
    expect(attempts).toBe(2);
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.body)).toEqual([{ password: "wrong password" }, { password: "right password" }]);
  });

  it("the export button asks for the ZIP", async () => {
    stubApi((c) =>
      c.path.startsWith("/api/users/me/export") ? new Response(new Uint8Array([80, 75]), { headers: { "content-type": "application/zip" } }) : undefined,
    );
    URL.createObjectURL ??= () => "blob:x";
    URL.revokeObjectURL ??= () => undefined;
    renderSettings();
    await fireEvent.click(await screen.findByRole("button", { name: "Download export (ZIP)" }));
    await waitFor(() => expect(calls.some((c) => c.path === "/api/users/me/export?format=zip")).toBe(true));
  });
});

describe("Sign in → Forgot password?", () => {
  it("says honestly what exists: no email reset, Settings when signed in elsewhere, the operator's command", async () => {
    renderAt("/login", { "/login": () => <AuthPage mode="login" /> });
    const summary = await screen.findByText("Forgot password?");
    await fireEvent.click(summary);
    const text = summary.closest("details")!.textContent!;
    expect(text).toMatch(/sends no email/);
    expect(text).toMatch(/Settings → Password/);
    expect(text).toContain("npm run user:reset-password -- your@email");
  });
});
