// Issue 18's browser story against the real Worker, no fixtures: tell the clone a fact → accept
// the memory it proposes → a new conversation → ask about it → the reply answers and cites it as
// "from your memories"; the Memories page lists it, and an edit there is what the clone says next.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shot, signUp, BASE, hasChromium } from "../browser.mjs";

const skip = hasChromium ? false : "chromium not installed at /usr/bin/chromium";
let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

test("a fact told in chat becomes a memory the owner accepts, and a new conversation answers from it with a citation", { skip, timeout: 180_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const message = page.getByRole("textbox", { name: "Message", exact: true });
  try {
    await signUp(page, { tag: "memory", name: "Ana Silva" });

    // Conversation A: tell the clone a fact; it proposes to remember it.
    await page.goto("/chat");
    await page.getByRole("button", { name: "New conversation" }).click();
    await page.waitForURL(/\/chat\/[^/]+$/);
    await message.fill("By the way, I moved to Lisbon last month.");
    await message.press("Enter");
    const proposal = page.getByTestId("memory-proposal");
    await proposal.getByText("I moved to Lisbon last month.").waitFor({ timeout: 30_000 });
    await shot(page, "70-memory-proposal");
    await proposal.getByRole("button", { name: "Remember", exact: true }).click();
    await proposal.waitFor({ state: "detached" });

    // The Memories page lists it; it is learned in the background (the page looks again until it is).
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Memories" }).click();
    const row = page.getByTestId("memory").filter({ hasText: "I moved to Lisbon last month." });
    await row.getByText("Remembered").waitFor({ timeout: 60_000 });
    await shot(page, "71-memories-page");

    // Conversation B: ask about it.
    await page.goto("/chat");
    await page.getByRole("button", { name: "New conversation" }).click();
    await page.waitForURL(/\/chat\/[^/]+$/);
    await message.fill("Did you move to Lisbon?");
    await message.press("Enter");
    const reply = page.getByTestId("msg-assistant").last();
    await reply.locator(".citation").first().waitFor({ timeout: 60_000 });
    assert.match(await reply.locator(".bubble").textContent(), /I moved to Lisbon last month/);
    assert.match(await reply.locator(".citation summary").first().textContent(), /from your memories/);
    await reply.locator(".citation summary").first().click();
    await shot(page, "72-reply-cites-memory");

    // Reword it on the Memories page; the next answer uses the new words.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Memories" }).click();
    await row.getByRole("button", { name: /^Edit memory/ }).click();
    const input = page.getByLabel("Memory text");
    await input.fill("I moved to Lisbon in November 2026, to the Alfama district.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("memory").filter({ hasText: "Alfama" }).getByText("Remembered").waitFor({ timeout: 60_000 });
    await page.goto("/chat");
    await page.getByRole("button", { name: "New conversation" }).click();
    await page.waitForURL(/\/chat\/[^/]+$/);
    await message.fill("Did you move to Lisbon?");
    await message.press("Enter");
    const again = page.getByTestId("msg-assistant").last();
    await again.locator(".citation").first().waitFor({ timeout: 60_000 });
    assert.match(await again.locator(".bubble").textContent(), /Alfama/);
  } catch (err) {
    await shot(page, "failure-memories");
    throw err;
  }
  await context.close();
});

// Walk-through on a 390 px phone: the "Remember this?" card's three buttons did not wrap, so the page
// was 432 px wide (the phone zoomed out), and the card, arriving after the reply, shrank the thread
// without keeping it at the bottom: the question and its reply sat hidden under the card.
test("on a phone the Remember this? card fits the screen and the reply it follows stays in view", { skip, timeout: 120_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const message = page.getByRole("textbox", { name: "Message", exact: true });
  try {
    await signUp(page, { tag: "memory-phone", name: "Ana Silva" });
    await page.goto("/chat");
    await page.getByRole("button", { name: "New conversation" }).click();
    await page.waitForURL(/\/chat\/[^/]+$/);
    for (const q of ["Where did you grow up?", "What do you do for a living?", "What are your hobbies?", "By the way, I moved to Lisbon last month."]) {
      const replies = await page.getByTestId("msg-assistant").count();
      await message.fill(q);
      await message.press("Enter");
      await page.getByTestId("msg-assistant").nth(replies).getByRole("button", { name: "Copy" }).waitFor();
    }
    const proposal = page.getByTestId("memory-proposal");
    await proposal.getByText("I moved to Lisbon last month.").waitFor();
    await page.waitForTimeout(500);
    await shot(page, "73-memory-proposal-phone", { fullPage: false });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, "the page is wider than the phone");
    const thread = await page.locator(".thread").boundingBox();
    const reply = await page.getByTestId("msg-assistant").last().locator(".bubble").boundingBox();
    assert.ok(
      reply.y + reply.height <= thread.y + thread.height + 1,
      `the reply (bottom ${reply.y + reply.height}) is below the thread's visible end (${thread.y + thread.height})`,
    );
  } catch (err) {
    await shot(page, "failure-memories-phone", { fullPage: false });
    throw err;
  }
  await context.close();
});
