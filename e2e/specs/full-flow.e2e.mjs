// The end-to-end story against the real Worker, no fixtures:
// register → onboarding with a real file upload → chat with a streamed reply citing that file →
// logout/login keeps the conversation. Needs the knowledge and chat backends; until they are merged
// into this branch it skips with the reason printed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shot, signUp, BASE, hasChromium } from "../browser.mjs";
import { facePng } from "../fixtures.mjs";

async function missingRoute() {
  for (const path of ["/api/knowledge", "/api/conversations", "/api/shares"]) {
    const res = await fetch(`${BASE}${path}`).catch(() => null);
    const body = res && (await res.json().catch(() => null));
    if (!res || (res.status === 404 && /No route/.test(body?.error?.message ?? ""))) return `${path} is not served yet (backend branch not merged)`;
  }
  return false;
}

async function backendMissing() {
  // Asked a few times so a server still warming up is not mistaken for a missing backend.
  let reason = false;
  for (let i = 0; i < 3; i++) {
    reason = await missingRoute();
    if (!reason) return false;
    await new Promise((r) => setTimeout(r, 1000));
  }
  // E2E_REQUIRE_FULL=1 (set it once the backends are merged) turns the skip into a failure.
  if (process.env.E2E_REQUIRE_FULL === "1") throw new Error(`full-flow required but ${reason}`);
  return reason;
}

const skip = !hasChromium ? "chromium not installed at /usr/bin/chromium" : await backendMissing();
if (skip) console.log(`# full-flow skipped: ${skip}`);
// e2e/run.mjs starts the local media renderer when ffmpeg + espeak-ng are there; without it the
// avatar cannot train, so its training and the reply video are skipped with the reason.
const renderer = process.env.E2E_RENDERER;
if (!skip && !renderer)
  console.log(`# full-flow: avatar training and reply video skipped: ${process.env.E2E_RENDERER_SKIP || "no media renderer (run through npm run e2e)"}`);

let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

// A real 64×64 PNG (solid colour), so server-side type sniffing sees a genuine image.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAeklEQVR4nO3PsQkAIBDAwB/REdy/t3cIi0MIZIDL7HW+brigAS1oQAsa0IIGtKABLWhACxrQgga0oAEtaEALGtCCBrSgAS1oQAsa0IIGtKABLWhACxrQgga0oAEtaEALGtCCBrSgAS1oQAsa0IIGtKABLWhACxrQgscuE7pRh3qbhlMAAAAASUVORK5CYII=",
  "base64",
);

const FACTS = [
  "Ada Lovelace keeps a theremin in her study and plays it every Sunday evening.",
  "Her favourite musical instrument is the theremin, because it is played without being touched.",
  "She wrote the first published algorithm, intended for the Analytical Engine.",
].join("\n\n");

test("upload a file in onboarding, get a streamed reply that cites it, and find the chat after signing in again", { skip, timeout: 240_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  // The whole flow (uploads, streaming, sockets, the video player) runs under the pages' CSP.
  const cspViolations = [];
  context.on("console", (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
  const email = `e2e-full-${Date.now()}@example.com`;
  const password = "correct horse battery";
  try {
    await signUp(page, { email, password });
    await page.getByLabel("Bio").fill("Mathematician. Ask me about the Analytical Engine.");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "How does your clone talk?" }).waitFor();
    await page.getByRole("button", { name: "Continue" }).click();

    // A real file through the real multipart upload; indexing runs on the local queue.
    await page.getByRole("heading", { name: "What should your clone know?" }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: "ada-facts.txt", mimeType: "text/plain", buffer: Buffer.from(FACTS) });
    const added = page.getByRole("list", { name: "Added knowledge" });
    await added.getByText("ada-facts").waitFor();
    await shot(page, "40-full-onboarding-upload");
    // Indexing progress arrives live over the UserHub socket: the row turns Ready without a reload.
    await added.getByText("Ready").waitFor({ timeout: 90_000 });
    await added.getByText(/[1-9]\d* chunks?/).waitFor();
    await shot(page, "40b-full-onboarding-indexed");
    await page.getByRole("button", { name: "Continue" }).click();
    // A real photo as the raw request body; training then runs (or fails with a reason) on the job queue.
    await page.getByRole("heading", { name: "Give your clone a face" }).waitFor();
    // With the renderer, a real face (its face model refuses a picture without one).
    const photo = renderer ? await facePng() : PNG;
    await page.locator('input[type="file"]').setInputFiles({ name: "me.png", mimeType: "image/png", buffer: photo });
    await page.getByText("Photo avatar").waitFor();
    if (renderer) {
      // The renderer extracts the reference frame and picks a voice; the card turns ready live.
      await page.locator(".avatar-card .badge-ok", { hasText: "ready" }).waitFor({ timeout: 60_000 });
      await page.locator(".avatar-card img[alt='Your avatar']").waitFor();
    }
    await shot(page, "40c-full-onboarding-avatar");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Meet your clone" }).waitFor();

    await page.getByText("1 document").waitFor();

    await page.getByRole("button", { name: /Start your first chat/ }).click();
    await page.waitForURL(/\/chat\/[^/]+$/);
    await page.getByRole("textbox", { name: "Message", exact: true }).fill("What is your favourite musical instrument?");
    await page.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
    const reply = page.getByTestId("msg-assistant").last();
    await reply.locator(".citation").first().waitFor({ timeout: 60_000 });
    assert.match(await reply.locator(".citation summary").first().textContent(), /ada-facts/);
    assert.match(await reply.locator(".bubble").textContent(), /theremin/i);
    await reply.locator(".citation summary").first().click();
    await shot(page, "41-full-chat-reply");
    if (renderer) {
      // A talking-avatar video of the reply: rendered by the job queue, announced over the socket.
      const started = Date.now();
      await reply.getByRole("button", { name: "▶ Video reply" }).click();
      const video = reply.locator("video.reply-video");
      await video.waitFor({ timeout: 120_000 });
      const media = await page.request.get(await video.getAttribute("src"));
      assert.equal(media.status(), 200);
      assert.match(media.headers()["content-type"], /^video\/mp4/);
      assert.ok((await media.body()).length > 1000, "the reply video has content");
      // Chromium itself can decode it (and the shot shows the first frame, not a spinner).
      const decoded = await video.evaluate(
        (v) =>
          v.readyState >= 2 ||
          new Promise((ok) => {
            v.onloadeddata = () => ok(true);
            v.onerror = () => ok(false);
          }),
      );
      assert.equal(decoded, true, "chromium decodes the reply video");
      console.log(`full-flow: reply video ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await shot(page, "41b-full-chat-video");
    }
    const chatUrl = page.url();

    // Sign out and back in: the conversation and its messages are still there.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Hi, Ada" }).waitFor();
    await page.goto(chatUrl);
    await page.getByText("What is your favourite musical instrument?").waitFor();
    await page.getByTestId("msg-assistant").last().locator(".citation").first().waitFor();
    await shot(page, "42-full-chat-after-login");

    // "Test what my clone knows" runs the same retrieval chat uses.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Knowledge" }).click();
    await page.getByLabel("Ask a question to search your knowledge").fill("theremin");
    await page.getByRole("button", { name: "Search" }).click();
    await page.locator(".hits").getByText("ada-facts").waitFor();
    await shot(page, "42b-full-knowledge");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Avatar" }).click();
    await page.getByText("Photo avatar").waitFor();
    await shot(page, "42c-full-avatar");

    // Share a public link; a visitor (no account) chats with the clone through it.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Share" }).click();
    await page.getByLabel("Label (optional)").fill("Portfolio");
    await page.getByRole("button", { name: "Create link" }).click();
    const link = page.getByRole("link", { name: "Open" }).first();
    await link.waitFor();
    const href = await link.getAttribute("href");
    await shot(page, "43-full-shares");
    const visitor = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 860 } });
    const pub = await visitor.newPage();
    await pub.goto(href);
    await pub.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
    await pub.getByRole("textbox", { name: "Message", exact: true }).fill("Which instrument do you play?");
    await pub.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
    await pub.getByTestId("msg-assistant").last().locator(".citation").first().waitFor({ timeout: 60_000 });
    assert.match(await pub.getByTestId("msg-assistant").last().locator(".bubble").textContent(), /theremin/i);
    await shot(pub, "44-full-public-share");
    // A reload keeps the visitor's conversation (read back through the share link).
    await pub.reload();
    await pub.getByTestId("msg-assistant").first().locator(".citation").first().waitFor();
    assert.match(await pub.getByTestId("msg-assistant").first().locator(".bubble").textContent(), /theremin/i);
    await visitor.close();

    // A second conversation: rename it, then delete it with the confirm dialog.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Chat" }).click();
    await page.getByRole("button", { name: "New conversation" }).click();
    await page.waitForURL(/\/chat\/[^/]+$/);
    page.once("dialog", (d) => d.accept("Scratch pad"));
    await page.getByRole("button", { name: "Rename conversation" }).click();
    await page.getByRole("heading", { name: "Scratch pad" }).waitFor();
    await page.getByRole("button", { name: "Delete conversation" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/chat$/);
    assert.equal(await page.getByRole("link", { name: /Scratch pad/ }).count(), 0);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Share" }).click();

    // Revoked links stop working.
    await page.getByRole("button", { name: "Revoke" }).first().click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await page.getByText("revoked", { exact: true }).waitFor();
    const gone = await page.request.get(`/api/public/${href.split("/").pop()}`);
    assert.equal(gone.status(), 404);
    assert.deepEqual(cspViolations, [], "no Content-Security-Policy violations");
  } catch (err) {
    await shot(page, "failure-full-flow");
    throw err;
  }
  await context.close();
});
