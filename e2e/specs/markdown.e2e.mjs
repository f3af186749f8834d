// A reply is rendered as Markdown in real Chromium, and a hostile one stays inert: no image that
// fires onerror, no javascript: link, no script — while lists and emphasis render. Copy works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shot, BASE, hasChromium } from "../browser.mjs";
import { routeContract } from "../fixtures.mjs";

const skip = hasChromium ? false : "chromium not installed at /usr/bin/chromium";
let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

const HOSTILE =
  'Here you go:\n\n- **bold** point\n- *second*\n\n<img src=x onerror="window.__pwned=1"> [click me](javascript:window.__pwned=2) <a href="javascript:window.__pwned=3">raw</a> <script>window.__pwned=4</script>';

test("replies render sanitised Markdown: lists and emphasis yes, onerror/javascript:/script no", { skip, timeout: 90_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 }, permissions: ["clipboard-read", "clipboard-write"] });
  await routeContract(context);
  await context.route("**/api/public/tok_demo/chat", async (route) => {
    const now = Date.now();
    const msg = (role, content) => ({
      id: `msg_${role}_x`,
      conversationId: "conv_1",
      role,
      content,
      citations: [],
      model: "llm",
      videoJobId: null,
      createdAt: now,
    });
    const body = `event: meta\ndata: ${JSON.stringify({ conversationId: "conv_1", userMessage: msg("user", "hi") })}\n\nevent: token\ndata: ${JSON.stringify({ text: HOSTILE })}\n\nevent: done\ndata: ${JSON.stringify({ reply: msg("assistant", HOSTILE) })}\n\n`;
    await route.fulfill({ status: 200, contentType: "text/event-stream", body });
  });
  const page = await context.newPage();
  try {
    await page.goto("/share/tok_demo");
    await page
      .getByTestId("greeting")
      .getByText(/^Hi, I'm Ada\b/)
      .waitFor();
    await page.getByRole("textbox", { name: "Message", exact: true }).fill("hi");
    await page.getByRole("button", { name: "Send" }).click();
    const reply = page.getByTestId("msg-assistant");
    await reply.locator("li strong", { hasText: "bold" }).waitFor();
    await page.waitForTimeout(300); // give an onerror a chance to fire
    assert.equal(await page.evaluate(() => window.__pwned), undefined, "nothing in the reply ran");
    assert.equal(await reply.locator("img, script").count(), 0);
    const hrefs = await reply.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(
      hrefs.filter((h) => /javascript:/i.test(h ?? "")),
      [],
    );
    await reply.getByRole("button", { name: "Copy" }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), HOSTILE, "Copy puts the reply's text on the clipboard");
    await shot(page, "41-markdown-reply");
  } catch (err) {
    await shot(page, "failure-markdown");
    throw err;
  }
  await context.close();
});
