// register → onboarding steps 1–2 → profile persists (reload resumes, settings show it) → logout/login.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { unzipSync, strFromU8 } from "fflate";
import { launch, shot, BASE, hasChromium } from "../browser.mjs";

const skip = hasChromium ? false : "chromium not installed at /usr/bin/chromium";
let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

test("a new user registers, onboards, and finds everything again after signing back in", { skip, timeout: 120_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const email = `e2e-${Date.now()}@example.com`;
  const password = "correct horse battery";

  // Register
  await page.goto("/register");
  await page.getByRole("heading", { name: "Create your account" }).waitFor();
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await shot(page, "01-register");
  await page.getByRole("button", { name: "Create account" }).click();

  // Step 1: basics
  await page.waitForURL("**/onboarding");
  await page.getByRole("heading", { name: "Tell us about you" }).waitFor();
  assert.equal(await page.getByLabel("Name").inputValue(), "Ada Lovelace");
  await page.getByLabel("Headline").fill("Mathematician and first programmer");
  await page.getByLabel("Bio").fill("I write about the Analytical Engine and poetical science.");
  await shot(page, "02-onboarding-basics");
  await page.getByRole("button", { name: "Continue" }).click();

  // Step 2: personality with a live preview
  await page.getByRole("heading", { name: "How does your clone talk?" }).waitFor();
  const preview = page.getByTestId("personality-preview");
  const before = await preview.textContent();
  await page.getByLabel(/^Formality/).fill("90");
  await page.getByLabel(/^Humor/).fill("85");
  const afterText = await preview.textContent();
  assert.notEqual(afterText, before, "preview changes with the sliders");
  assert.match(afterText, /My name is Ada/);
  await shot(page, "03-onboarding-personality");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "What should your clone know?" }).waitFor();
  await shot(page, "04-onboarding-knowledge");

  // Resumable: a reload comes back to step 3 from the server's saved state.
  await page.reload();
  await page.getByRole("heading", { name: "What should your clone know?" }).waitFor();

  // Dashboard and Settings show the saved profile.
  await page.getByRole("button", { name: "Finish later" }).click();
  await page.getByRole("heading", { name: "Hi, Ada" }).waitFor();
  await page.getByText("You stopped at step 3 of 5").waitFor();
  await page.getByTestId("mode").getByText(/mode/i).first().waitFor();
  await shot(page, "05-dashboard");
  for (const [nav, name] of [
    ["Chat", "06-chat"],
    ["Knowledge", "07-knowledge"],
    ["Avatar", "08-avatar"],
    ["Share", "09-share"],
  ]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: nav }).click();
    await page.waitForLoadState("networkidle");
    await shot(page, name);
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("heading", { name: "Profile" }).waitFor();
  assert.equal(await page.getByLabel("Headline").inputValue(), "Mathematician and first programmer");
  assert.equal(await page.getByLabel(/^Formality/).inputValue(), "90");
  await shot(page, "10-settings");

  // Export downloads a ZIP: the data as export.json (plus any uploaded files under files/).
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download export (ZIP)" }).click()]);
  assert.match(download.suggestedFilename(), /^digital-self-export-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = unzipSync(new Uint8Array(await (await import("node:fs/promises")).readFile(await download.path())));
  assert.match(strFromU8(zip["export.json"]), /Mathematician and first programmer/);

  // Change the password; then sign out and back in with the new one.
  const newPassword = "a brand new passphrase";
  await page.getByLabel("Current password").fill(password);
  await page.getByLabel(/^New password/).fill(newPassword);
  await page.getByLabel("Repeat the new password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByText("Password changed").first().waitFor();

  // Sign out, sign back in: onboarding resumes at step 3 and the profile is intact.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor(); // the old password no longer works
  await page.getByLabel("Password").fill(newPassword);
  await shot(page, "11-login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/onboarding");
  await page.getByRole("heading", { name: "What should your clone know?" }).waitFor();
  await page.getByRole("button", { name: "Back" }).click();
  await page.getByRole("heading", { name: "How does your clone talk?" }).waitFor();
  assert.equal(await page.getByLabel(/^Humor/).inputValue(), "85");

  // Signed-out visitors are sent to sign-in (route guard).
  await page.evaluate(() => localStorage.clear());
  await page.goto("/settings");
  await page.waitForURL(/\/login\?next=%2Fsettings/);

  assert.deepEqual(errors, [], "no uncaught errors in the page");
  await context.close();
});

test("dark mode and a phone-sized screen", { skip, timeout: 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 390, height: 844 }, colorScheme: "dark" });
  const page = await context.newPage();
  await page.goto("/register");
  await page.getByLabel("Name").fill("Grace Hopper");
  const email = `e2e-dark-${Date.now()}@example.com`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Tell us about you" }).waitFor();
  await shot(page, "12-mobile-dark-onboarding");
  await page.getByRole("button", { name: "Finish later" }).click();
  await page.getByRole("heading", { name: "Hi, Grace" }).waitFor();
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.notEqual(bg, "rgb(246, 246, 251)", "dark background from prefers-color-scheme");
  // The window only: a full-page shot would paint the fixed bottom nav half-way down the page.
  await shot(page, "13-mobile-dark-dashboard", { fullPage: false });

  // Delete the account (confirm dialog), then the credentials no longer work.
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Delete account" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete your account?" });
  await dialog.waitFor();
  await dialog.getByLabel("Your password").fill("correct horse battery");
  await shot(page, "14-mobile-dark-delete-confirm", { fullPage: false });
  await dialog.getByRole("button", { name: "Delete everything" }).click();
  await page.waitForURL("**/account-deleted");
  await page.getByRole("heading", { name: "Your account was deleted" }).waitFor();
  await shot(page, "15-mobile-dark-account-deleted", { fullPage: false });
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  await context.close();
});
