// axe-core on every page, owner and visitor, light and dark, desktop (1280×800) and phone (390×844):
// any serious or critical finding fails the run; the counts per page are printed either way.
// Backend: auth/profile live (wrangler dev), feature routes from the contract fixtures.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shot, BASE, hasChromium } from "../browser.mjs";
import { routeContract } from "../fixtures.mjs";
import { axeSerious } from "../axe.mjs";

const skip = hasChromium ? false : "chromium not installed at /usr/bin/chromium";
let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

const COMBOS = [
  { name: "desktop-light", viewport: { width: 1280, height: 800 }, colorScheme: "light" },
  { name: "desktop-dark", viewport: { width: 1280, height: 800 }, colorScheme: "dark" },
  { name: "phone-light", viewport: { width: 390, height: 844 }, colorScheme: "light", isMobile: true, hasTouch: true },
  { name: "phone-dark", viewport: { width: 390, height: 844 }, colorScheme: "dark", isMobile: true, hasTouch: true },
];

// A screenshot of these in every combination, for a human to look at.
const SHOTS = new Set(["audience-inbox", "dashboard", "chat-reply", "shares", "onboarding-2-personality", "visitor-reply", "knowledge"]);

for (const combo of COMBOS) {
  test(`axe: no serious/critical findings on any page (${combo.name})`, { skip, timeout: 180_000 }, async () => {
    const { name, ...opts } = combo;
    const context = await browser.newContext({ baseURL: BASE, bypassCSP: true, reducedMotion: "reduce", ...opts });
    await routeContract(context);
    const page = await context.newPage();
    const table = [];
    const check = async (label, ready) => {
      await ready();
      await page.waitForTimeout(150); // let the last state transition paint
      const found = await axeSerious(page);
      table.push({
        page: label,
        serious: found.filter((f) => f.impact === "serious").length,
        critical: found.filter((f) => f.impact === "critical").length,
        found,
      });
      if (found.length || SHOTS.has(label)) await shot(page, `axe-${name}-${label.replace(/\W+/g, "-")}`, { fullPage: false });
    };
    const heading = (n) => () => page.getByRole("heading", { name: n }).first().waitFor();
    const nav = (label) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label });
    try {
      await page.goto("/login");
      await check("login", heading("Sign in"));
      await page.getByText("Forgot password?").click();
      await check("login-forgot", () => page.getByText("Digital Self sends no email").waitFor());
      await page.goto("/register");
      await check("register", heading("Create your account"));
      await page.getByLabel("Name").fill("Ada Lovelace");
      await page.getByLabel("Email").fill(`e2e-axe-${name}-${Date.now()}@example.com`);
      await page.getByLabel("Password").fill("correct horse battery");
      await page.getByRole("button", { name: "Create account" }).click();
      await check("onboarding-1-basics", heading("Tell us about you"));
      await page.getByRole("button", { name: "Continue" }).click();
      await check("onboarding-2-personality", heading("How does your clone talk?"));
      await page.getByRole("button", { name: "Continue" }).click();
      await check("onboarding-3-knowledge", heading("What should your clone know?"));
      await page.getByRole("button", { name: /Continue|Skip for now/ }).click();
      await check("onboarding-4-avatar", heading("Give your clone a face"));
      await page.getByRole("button", { name: /Continue|Skip for now/ }).click();
      await check("onboarding-5-review", heading("Meet your clone"));
      await page.getByRole("button", { name: "Finish later" }).click();
      await check("dashboard", () => page.getByTestId("knowledge-count").waitFor());
      // Every entry of the main nav shows its whole label (on a phone the bottom bar once cut "Dashboard" and "Knowledge").
      const clipped = await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link")
        .evaluateAll((links) => links.filter((a) => a.scrollWidth > a.clientWidth + 1).map((a) => a.textContent));
      assert.deepEqual(clipped, [], `nav labels cut off (${name})`);
      // On a phone the sidebar is the bottom bar: the same nav, so the same links.
      await nav("Chat").click();
      await check("chat-list", () => page.getByRole("link", { name: /First chat with my clone/ }).waitFor());
      await page.getByRole("link", { name: /First chat with my clone/ }).click();
      await check("chat-empty", () => page.getByText("Say hello to your clone").waitFor());
      await page.getByRole("textbox", { name: "Message", exact: true }).fill("Where did you study?");
      await page.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
      await check("chat-reply", () =>
        page
          .getByText(/tutored by Augustus De Morgan/)
          .first()
          .waitFor(),
      );
      await nav("Knowledge").click();
      await check("knowledge", () => page.getByText("Notes on the Analytical Engine").waitFor());
      await page.getByRole("tab", { name: "Web page" }).click();
      await check("knowledge-web-page", async () => {
        await page.getByLabel("Page address").waitFor();
        await page.getByRole("button", { name: "Re-index all documents" }).waitFor();
      });
      await nav("Memories").click();
      await check("memories", () => page.getByText("I moved to London in 1835.").waitFor());
      await nav("Avatar").click();
      await check("avatar", () => page.getByRole("img", { name: "Your avatar" }).waitFor());
      await nav("Share").click();
      await check("shares", () => page.getByText("Portfolio site").waitFor());
      await page.getByText("Visitors and what your clone remembers about them").first().click();
      await check("shares-visitors", () => page.getByText("Said: I'm a student in Turin.").waitFor());
      // Settings sits in the sidebar on a desktop and in the top bar on a phone: the one visible link.
      await page.getByRole("link", { name: "Settings", exact: true }).click();
      await check("settings", heading("Profile"));
      await page.getByRole("button", { name: "Delete account" }).click();
      await check("settings-delete-dialog", () => page.getByRole("dialog", { name: "Delete your account?" }).waitFor());
      await page.keyboard.press("Escape");
      await nav("Audience").click();
      await check("audience-inbox", () => page.getByText("Nothing unanswered").waitFor());
      await page.getByRole("tab", { name: "Visitors" }).click();
      await check("audience-conversations", () => page.getByText("No visitors yet").waitFor());
      await page.getByRole("tab", { name: "Your answers" }).click();
      await check("audience-answers", () => page.getByText("No answers of your own yet").waitFor());
      await page.getByRole("tab", { name: "Off-limits" }).click();
      await check("audience-guardrails", () => page.getByLabel(/Topics your clone must not discuss/).waitFor());
      await page.goto("/no-such-page");
      await check("not-found", heading("Page not found"));
      await page.goto("/account-deleted");
      await check("account-deleted", heading("Your account was deleted"));
      // The visitor's side.
      await page.goto("/share/tok_demo");
      await check("visitor", heading("Ada Lovelace"));
      await page.getByRole("textbox", { name: "Message", exact: true }).fill("Where did you study?");
      await page.getByRole("button", { name: "Send" }).click();
      await check("visitor-reply", () =>
        page
          .getByText(/tutored by Augustus De Morgan/)
          .first()
          .waitFor(),
      );
      await page.getByText("What the clone remembers about you").click();
      await check("visitor-memory", () => page.getByText("You asked: Where did you study?").waitFor());
    } catch (err) {
      await shot(page, `failure-axe-${name}`);
      throw err;
    } finally {
      const total = table.reduce((n, r) => n + r.serious + r.critical, 0);
      console.log(`axe ${name}: ${table.length} pages, ${total} serious/critical findings`);
      for (const r of table) {
        console.log(`  ${r.page.padEnd(26)} serious ${r.serious}  critical ${r.critical}`);
        for (const f of r.found) console.log(`    ${f.impact} ${f.id} ×${f.nodes} — ${f.first} ${f.summary ?? ""}`);
      }
      await context.close();
    }
    assert.deepEqual(
      table.filter((r) => r.found.length).map((r) => `${r.page}: ${r.found.map((f) => f.id).join(", ")}`),
      [],
      "no serious or critical axe findings",
    );
  });
}
