// The headers the app is served with (CSP, framing, nosniff) on the SPA's pages, its assets and
// the API docs, as wrangler dev's asset server and the Worker really send them; and Chromium
// running the pages under that CSP without a single violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, BASE, hasChromium } from "../browser.mjs";

const skip = hasChromium ? false : "chromium not installed at /usr/bin/chromium";
let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

const head = async (path) => {
  const res = await fetch(`${BASE}${path}`);
  return { status: res.status, h: res.headers, text: await res.text() };
};

test("pages and assets: strict CSP, no framing, nosniff", async () => {
  const index = await head("/");
  const asset = index.text.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
  assert.ok(asset, "index.html references its script");
  for (const path of ["/", "/s/some-token", "/login", asset, "/vendor/swagger-ui-dist/swagger-ui.css"]) {
    const { status, h } = await head(path);
    assert.equal(status, 200, path);
    const csp = h.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/, `${path} CSP`);
    assert.match(csp, /script-src 'self'(;|$)/, `${path}: no inline script allowed`);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.equal(h.get("x-frame-options"), "DENY", path);
    assert.equal(h.get("x-content-type-options"), "nosniff", path);
  }
  const docs = await head("/api/docs");
  assert.match(docs.h.get("content-security-policy") ?? "", /script-src 'self' 'sha256-/);
  const api = await head("/api/health/live");
  assert.equal(api.h.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
});

test("Chromium renders the app and the API docs under the CSP without violations", { skip, timeout: 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  const violations = [];
  page.on("console", (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  await page.goto("/login");
  await page.getByRole("button", { name: /sign in/i }).waitFor();
  await page.goto("/register");
  await page.getByRole("button", { name: "Create account" }).waitFor();
  await page.goto("/s/not-a-real-token");
  await page.waitForLoadState("networkidle");
  await page.goto("/api/docs");
  await page.locator(".opblock").first().waitFor({ timeout: 20_000 });
  assert.deepEqual(violations, []);
  await context.close();
});
