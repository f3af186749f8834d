// The feature pages in real Chromium: auth/profile/health are the live Worker; knowledge, chat,
// avatar and share routes answer from contract fixtures (e2e/fixtures.mjs) until their backends merge.
// Checks the SSE chat rendering, citations, XHR upload, search probe, share page, and screenshots each.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shot, signUp, BASE, hasChromium } from "../browser.mjs";
import { routeContract } from "../fixtures.mjs";

const skip = hasChromium ? false : "chromium not installed at /usr/bin/chromium";
let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

test("feature pages render contract data: streamed chat with citations, knowledge, avatar, shares, public page", { skip, timeout: 120_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  await routeContract(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && console.log("console:", m.text()));
  try {
    await flow(page);
  } catch (err) {
    await shot(page, "failure-screens");
    throw err;
  }
  assert.deepEqual(errors, [], "no uncaught errors in the page");
  await context.close();
});

async function flow(page) {
  await signUp(page, { tag: "screens" });
  await page.getByRole("button", { name: "Finish later" }).click();
  await page.getByTestId("knowledge-count").waitFor();
  assert.equal(await page.getByTestId("knowledge-count").textContent(), "2");
  await page.getByText("First chat with my clone").waitFor();
  await shot(page, "20-dashboard-with-data");

  // Knowledge: list, upload through XHR, search probe.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Knowledge" }).click();
  await page.getByText("Notes on the Analytical Engine").waitFor();
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: "ada-letters.txt", mimeType: "text/plain", buffer: Buffer.from("Dear Babbage, ...".repeat(200)) });
  await page.getByText("ada-letters", { exact: true }).waitFor();
  await page.getByLabel("Ask a question to search your knowledge").fill("Where did I study?");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByText("Curriculum vitae · Education").waitFor();
  await shot(page, "21-knowledge-with-data");

  // Chat: Enter sends, the reply streams in over SSE and cites the CV; the citation opens.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Chat" }).click();
  await page.getByRole("link", { name: /First chat with my clone/ }).click();
  await page.getByText("Say hello to your clone").waitFor();
  await shot(page, "22-chat-empty");
  await page.getByRole("textbox", { name: "Message", exact: true }).fill("Where did you study?");
  await page.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
  await page
    .getByTestId("msg-assistant")
    .getByText(/tutored by Augustus De Morgan/)
    .waitFor();
  await page.getByText("Curriculum vitae").first().click();
  await page.getByText("Privately tutored in mathematics").waitFor();
  assert.equal(await page.getByRole("textbox", { name: "Message", exact: true }).inputValue(), "", "composer clears after sending");
  assert.equal(await page.getByTestId("msg-user").count(), 1);
  await shot(page, "23-chat-reply");
  // Reduced motion, so the colour transitions do not leave half-switched buttons in the shot.
  await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
  await shot(page, "23b-chat-reply-dark");
  await page.emulateMedia({ colorScheme: "light" });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Avatar" }).click();
  await page.getByRole("img", { name: "Your avatar" }).waitFor();
  await shot(page, "24-avatar-ready");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Share" }).click();
  await page.getByText("Portfolio site").waitFor();
  await shot(page, "25-shares");

  // The public share page, as a visitor would see it.
  await page.goto("/share/tok_demo");
  await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
  await page.getByRole("textbox", { name: "Message", exact: true }).fill("Where did you study?");
  await page.getByRole("button", { name: "Send" }).click();
  await page
    .getByTestId("msg-assistant")
    .getByText(/tutored by Augustus De Morgan/)
    .waitFor();
  await shot(page, "26-public-share");
}

test("onboarding steps 3–5: knowledge upload, raw-body avatar upload with progress, review → first chat", { skip, timeout: 120_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  const seen = await routeContract(context, { avatar: null });
  const page = await context.newPage();
  try {
    await signUp(page, { tag: "steps" });
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "How does your clone talk?" }).waitFor();
    await page.getByRole("button", { name: "Continue" }).click();

    // Step 3: a multipart upload; the document appears with its status.
    await page.getByRole("heading", { name: "What should your clone know?" }).waitFor();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "ada-letters.txt", mimeType: "text/plain", buffer: Buffer.from("Dear Babbage, ".repeat(500)) });
    await page.getByRole("list", { name: "Added knowledge" }).getByText("ada-letters").waitFor();
    const kUpload = seen.find((r) => r.pathname === "/api/knowledge/upload");
    assert.match(kUpload.headers["content-type"], /^multipart\/form-data; boundary=/);
    assert.match(kUpload.headers.authorization, /^Bearer /);
    await shot(page, "30-onboarding-knowledge-uploaded");
    await page.getByRole("button", { name: "Continue" }).click();

    // Step 4: the avatar goes as the raw request body with its own content type.
    await page.getByRole("heading", { name: "Give your clone a face" }).waitFor();
    const video = Buffer.alloc(300_000, 7);
    await page.locator('input[type="file"]').setInputFiles({ name: "me.mp4", mimeType: "video/mp4", buffer: video });
    await page.getByText("Video avatar").waitFor();
    const aUpload = seen.find((r) => r.pathname === "/api/avatars/upload");
    assert.equal(aUpload.headers["content-type"], "video/mp4");
    assert.equal(aUpload.size, video.length, "raw body is the file itself");
    await page.getByRole("progressbar", { name: "Avatar training" }).waitFor();
    await shot(page, "31-onboarding-avatar-training");
    await page.getByRole("button", { name: "Continue" }).click();

    // Step 5: review, then the first chat opens.
    await page.getByRole("heading", { name: "Meet your clone" }).waitFor();
    await shot(page, "32-onboarding-review");
    await page.getByRole("button", { name: /Start your first chat/ }).click();
    await page.waitForURL("**/chat/conv_1");
    await page.getByText("Say hello to your clone").waitFor();
    await page.reload();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: "Hi, Ada" }).waitFor();
    assert.equal(await page.getByText("Finish setting up your clone").count(), 0, "onboarding is complete");
  } catch (err) {
    await shot(page, "failure-steps");
    throw err;
  }
  await context.close();
});

test("on a phone a failed send keeps its Retry beside the error, reachable by keyboard, and Retry sends again", { skip, timeout: 120_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 390, height: 844 }, colorScheme: "light" });
  await routeContract(context);
  // Registered after the contract routes, so it answers first: the network drops the first send.
  let sends = 0;
  await context.route("**/api/chat/send", (route) => (sends++ === 0 ? route.abort() : route.fallback()));
  const page = await context.newPage();
  try {
    await signUp(page, { tag: "phone" });
    await page.getByRole("button", { name: "Finish later" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Chat" }).click();
    await page.getByRole("link", { name: /First chat with my clone/ }).click();
    await page.getByText("Say hello to your clone").waitFor();
    const box = page.getByRole("textbox", { name: "Message", exact: true });
    await box.fill("Where did you study, and who taught you mathematics?");
    await box.press("Enter");
    const retry = page.getByRole("button", { name: "Retry" });
    await retry.waitFor();
    const error = page.getByText(/Could not reach your clone/);
    const [e, r] = [await error.boundingBox(), await retry.boundingBox()];
    assert.ok(e && r, "the error and its Retry are shown");
    assert.ok(r.y < e.y + e.height && r.y + r.height > e.y, `Retry shares a line with the error (error ${JSON.stringify(e)}, Retry ${JSON.stringify(r)})`);
    assert.ok(r.x >= e.x + e.width - 1, "Retry sits to the right of the error");
    assert.ok(r.x + r.width <= 390, "Retry stays inside the phone's width");
    await shot(page, "27-phone-failed-send");
    await retry.focus();
    await page.keyboard.press("Enter");
    await page
      .getByTestId("msg-assistant")
      .getByText(/tutored by Augustus De Morgan/)
      .waitFor();
    assert.equal(sends, 2, "Retry sent the question again");
  } catch (err) {
    await shot(page, "failure-phone");
    throw err;
  }
  await context.close();
});

// Walk-through on a 390 px phone: the Knowledge page's search placeholder was cut off ("e.g. Where did I stud").
test("on a phone the Knowledge search field shows its whole placeholder", { skip, timeout: 120_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await routeContract(context);
  const page = await context.newPage();
  try {
    await signUp(page, { tag: "phone-knowledge" });
    await page.goto("/knowledge");
    const field = page.getByLabel("Ask a question to search your knowledge");
    await field.waitFor();
    const fit = await field.evaluate((el) => {
      const s = getComputedStyle(el);
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      return { placeholder: el.placeholder, text: ctx.measureText(el.placeholder).width, room };
    });
    assert.ok(fit.placeholder.length > 0, "the field has a placeholder");
    assert.ok(fit.text <= fit.room, `the placeholder fits: ${JSON.stringify(fit)}`);
    await shot(page, "28-phone-knowledge-search");
  } catch (err) {
    await shot(page, "failure-phone-knowledge");
    throw err;
  }
  await context.close();
});

// Walk-through on a 390 px phone: opening a conversation whose earlier reply has a video, the video arrived (its state is
// read after the history, then its metadata sizes it) and pushed the newest reply out of view below the thread's end.
test("on a phone a conversation with an earlier video reply opens at its newest message", { skip, timeout: 120_000 }, async () => {
  const { mkdtemp, readFile, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { faceVideo } = await import("../../local-services/media-renderer/fixtures.mjs");
  const dir = await mkdtemp(join(tmpdir(), "e2e-reply-video-"));
  const mp4 = await readFile(await faceVideo(dir, { seconds: 2 }));
  await rm(dir, { recursive: true, force: true });
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await routeContract(context);
  // Registered after the contract routes, so they answer first.
  const at = Date.now() - 600_000;
  const m = (id, role, content, extra = {}) => ({
    id,
    conversationId: "conv_1",
    role,
    content,
    citations: [],
    model: role === "assistant" ? "offline-extractive" : null,
    videoJobId: null,
    createdAt: at + Number(id.slice(-1)) * 1000,
    replyTo: null,
    ...extra,
  });
  const items = [
    m("msg_q1", "user", "Where did you grow up?"),
    m("msg_r1", "assistant", "I grew up in London.", { replyTo: "msg_q1", videoJobId: "job_v1" }),
    m("msg_q2", "user", "What instrument do you play?"),
    m("msg_r2", "assistant", "I play the cello every Sunday.", { replyTo: "msg_q2" }),
    m("msg_q3", "user", "And your favourite food?"),
    m("msg_r3", "assistant", "Ramen, without a doubt.", { replyTo: "msg_q3" }),
  ];
  await context.route("**/api/conversations/conv_1/messages*", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify({ items, nextCursor: null }) }),
  );
  await context.route("**/api/chat/video-status/job_v1", (route) =>
    route.fulfill({
      contentType: "application/json",
      body: JSON.stringify({
        jobId: "job_v1",
        messageId: "msg_r1",
        status: "ready",
        progress: 100,
        error: null,
        videoUrl: "/api/media/e2e-reply.mp4",
        durationSeconds: 2,
      }),
    }),
  );
  await context.route("**/api/media/e2e-reply.mp4", (route) => route.fulfill({ contentType: "video/mp4", body: mp4 }));
  const page = await context.newPage();
  try {
    await signUp(page, { tag: "phone-video-thread" });
    await page.getByRole("button", { name: "Finish later" }).click();
    await page.goto("/chat/conv_1");
    const video = page.locator("video.reply-video");
    await video.waitFor();
    await video.evaluate((v) => (v.readyState >= 1 ? null : new Promise((done) => v.addEventListener("loadedmetadata", done, { once: true }))));
    await page.waitForTimeout(300);
    await shot(page, "29-phone-thread-with-video", { fullPage: false });
    const thread = await page.locator(".thread").boundingBox();
    const reply = await page.getByTestId("msg-assistant").last().locator(".bubble").boundingBox();
    assert.ok(
      reply.y + reply.height <= thread.y + thread.height + 1,
      `the newest reply (bottom ${reply.y + reply.height}) is below the thread's visible end (${thread.y + thread.height})`,
    );
  } catch (err) {
    await shot(page, "failure-phone-video-thread", { fullPage: false });
    throw err;
  }
  await context.close();
});
