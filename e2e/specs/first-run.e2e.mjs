// What a new user hits first (issue #11), in real Chromium against the real Worker:
// register → onboarding with Back and Forward on every step (each step shows the server's state)
// → the share link exactly as the Share page shows and copies it → a visitor opens it in a fresh
// context and chats. The happy path must log no console error and have no failed request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shot, BASE, hasChromium } from "../browser.mjs";

const skip = hasChromium ? false : "chromium not installed at /usr/bin/chromium";
let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

// A real 64×64 PNG, so server-side sniffing sees a genuine image.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAeklEQVR4nO3PsQkAIBDAwB/REdy/t3cIi0MIZIDL7HW+brigAS1oQAsa0IIGtKABLWhACxrQgga0oAEtaEALGtCCBrSgAS1oQAsa0IIGtKABLWhACxrQgga0oAEtaEALGtCCBrSgAS1oQAsa0IIGtKABLWhACxrQgscuE7pRh3qbhlMAAAAASUVORK5CYII=",
  "base64",
);

/** Records console errors, page errors, failed requests and 4xx/5xx answers of a page. */
function watch(page, tag) {
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(`${tag} console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`${tag} pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`${tag} requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`${tag} ${r.status()}: ${r.request().method()} ${r.url()}`));
  return problems;
}

const heading = (page, name) => page.getByRole("heading", { name }).waitFor();
const button = (page, name) => page.getByRole("button", { name, exact: true });

test("first run: onboarding Back/Forward keeps the server's state; the copied share link works for a visitor", { skip, timeout: 180_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 860 }, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const problems = watch(page, "owner");

  await page.goto("/register");
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(`e2e-first-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await button(page, "Create account").click();

  // 1 Basics → 2 Personality
  await heading(page, "Tell us about you");
  await page.getByLabel("Headline").fill("Mathematician");
  await page.getByLabel("Bio").fill("I write about the Analytical Engine. I play the theremin on Sundays.");
  await button(page, "Continue").click();
  await heading(page, "How does your clone talk?");
  // Back to 1: the saved basics are there; Forward again.
  await button(page, "Back").click();
  await heading(page, "Tell us about you");
  assert.equal(await page.getByLabel("Headline").inputValue(), "Mathematician");
  await button(page, "Continue").click();
  await heading(page, "How does your clone talk?");
  await page.getByLabel(/^Humor/).fill("80");
  await button(page, "Continue").click();

  // 3 Knowledge: add a note, go Back and Forward, the note is still listed (from the server).
  await heading(page, "What should your clone know?");
  await button(page, "Skip for now").waitFor(); // nothing added yet
  await page.getByRole("tab", { name: "Write a note" }).click();
  await page.getByRole("textbox", { name: "Title", exact: true }).fill("Music");
  await page.getByRole("textbox", { name: "Note", exact: true }).fill("Ada plays the theremin every Sunday evening.");
  await button(page, "Add note").click();
  const added = page.getByRole("list", { name: "Added knowledge" });
  await added.getByText("Music").waitFor();
  await button(page, "Back").click();
  await heading(page, "How does your clone talk?");
  assert.equal(await page.getByLabel(/^Humor/).inputValue(), "80");
  await button(page, "Continue").click();
  await heading(page, "What should your clone know?");
  await added.getByText("Music").waitFor();
  assert.equal(await button(page, "Skip for now").count(), 0, "the step knows something was added");
  await shot(page, "50-first-run-knowledge-after-back");
  await button(page, "Continue").click();

  // 4 Avatar: upload a photo, go Back and Forward, the avatar is still shown.
  await heading(page, "Give your clone a face");
  await page.locator('input[type="file"]').setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
  await page.getByText("Photo avatar").waitFor();
  if (process.env.E2E_RENDERER) await page.locator(".avatar-card .badge-ok", { hasText: "ready" }).waitFor({ timeout: 60_000 });
  await button(page, "Back").click();
  await heading(page, "What should your clone know?");
  await added.getByText("Music").waitFor();
  await button(page, "Continue").click();
  await heading(page, "Give your clone a face");
  await page.getByText("Photo avatar").waitFor();
  if (process.env.E2E_RENDERER) await page.locator(".avatar-card .badge-ok", { hasText: "ready" }).waitFor();
  assert.equal(await button(page, "Skip for now").count(), 0, "the step knows the avatar exists");
  await shot(page, "51-first-run-avatar-after-back");
  await button(page, "Continue").click();

  // 5 Review → Back → Forward → finish.
  await heading(page, "Meet your clone");
  await page.getByText("1 document").waitFor();
  await button(page, "Back").click();
  await heading(page, "Give your clone a face");
  await page.getByText("Photo avatar").waitFor();
  await button(page, "Continue").click();
  await heading(page, "Meet your clone");
  await shot(page, "52-first-run-review");
  await page.getByRole("button", { name: /Start your first chat/ }).click();
  await page.waitForURL(/\/chat\/cnv_/);

  // Share: the link as displayed and as copied must be the same URL; that URL is what the visitor opens.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Share" }).click();
  await page.getByLabel("Label (optional)").fill("Portfolio");
  await button(page, "Create link").click();
  const shown = page.locator("ul.links code").first();
  await shown.waitFor();
  const displayed = (await shown.textContent()).trim();
  await button(page, "Copy").first().click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, displayed, "Copy puts the displayed URL on the clipboard");
  assert.match(copied, new RegExp(`^${BASE.replace(/[.]/g, "\\.")}/share/[A-Za-z0-9_-]+$`));
  await shot(page, "53-first-run-share");

  const visitor = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const pub = await visitor.newPage();
  const visitorProblems = watch(pub, "visitor");
  await pub.goto(copied);
  await pub.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
  assert.equal(new URL(pub.url()).pathname, new URL(copied).pathname, "no detour through sign-in");
  await pub.getByRole("textbox", { name: "Message", exact: true }).fill("Which instrument do you play?");
  await pub.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
  await pub.getByTestId("msg-assistant").last().locator(".bubble").waitFor({ timeout: 60_000 });
  await pub.waitForFunction(() => /theremin/i.test(document.querySelector('[data-testid="msg-assistant"]:last-of-type .bubble')?.textContent ?? ""), null, { timeout: 60_000 });
  await shot(pub, "54-first-run-visitor-chat");

  // The old short form still lands on the same page.
  const old = new URL(copied).pathname.replace("/share/", "/s/");
  await pub.goto(new URL(old, copied).toString());
  await pub.waitForURL((u) => u.pathname === new URL(copied).pathname);
  await pub.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
  await visitor.close();

  assert.deepEqual([...problems, ...visitorProblems], [], "no console errors and no failed requests on the happy path");
  await context.close();
});

test("/health is the API's JSON, and an unknown address shows a real Not Found page", { skip, timeout: 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  const health = await page.request.get("/health");
  assert.equal(health.status(), 200);
  assert.match(health.headers()["content-type"], /application\/json/);
  assert.equal((await health.json()).status, "ok");

  await page.goto("/nope");
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/nope", "no silent redirect");
  await shot(page, "55-not-found");
  await context.close();
});
