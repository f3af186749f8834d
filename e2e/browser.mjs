// Shared Playwright setup: Debian's chromium (no browser download), one context per test.
import { chromium } from "playwright-core";
import { existsSync } from "node:fs";

export const BASE = process.env.E2E_BASE_URL ?? "http://127.0.0.1:8795";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Full-page screenshot into e2e/artifacts/ (gitignored) for a human to look at. */
export function shot(page, name, { fullPage = true } = {}) {
  return page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage });
}

/**
 * Signs a new owner up through the register page, as a user does, and waits for onboarding's
 * first step. `email` defaults to a fresh address tagged with `tag`.
 */
export async function signUp(page, { tag, name = "Ada Lovelace", email = `e2e-${tag}-${Date.now()}@example.com`, password = "correct horse battery" }) {
  await page.goto("/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Tell us about you" }).waitFor();
}
