// /api/docs with every non-local request blocked: Swagger UI's CSS/JS must come from the app
// itself (swagger-ui-dist copied into the web assets at build time), not a CDN, and the page must
// list the API's routes from /api/openapi.json.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, shot, BASE, hasChromium } from "../browser.mjs";

const skip = hasChromium ? false : "chromium not installed at /usr/bin/chromium";
let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(() => browser?.close());

test("API docs render offline and list the routes", { skip }, async () => {
  const context = await browser.newContext();
  const blocked = [];
  await context.route("**/*", (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === "127.0.0.1" || hostname === "localhost") return route.continue();
    blocked.push(route.request().url());
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  const res = await page.goto(`${BASE}/api/docs`);
  assert.equal(res.status(), 200);
  // Swagger UI renders one .opblock per operation once its bundle has loaded and fetched the spec.
  await page.locator(".opblock").first().waitFor({ timeout: 20_000 });
  const paths = await page.locator(".opblock-summary-path").allTextContents();
  for (const route of ["/api/auth/register", "/api/auth/login", "/api/knowledge", "/api/conversations"]) {
    assert.ok(paths.some((p) => p.replace(/\u200b/g, "") === route), `docs list ${route} (got ${paths.length} paths)`);
  }
  // Its own stylesheet applied (not a bare unstyled page) and nothing tried to leave the machine.
  assert.equal(await page.locator(".swagger-ui .info .title").count(), 1);
  assert.deepEqual(blocked, []);
  await shot(page, "api-docs-offline", { fullPage: false });
  await context.close();
});

test("Swagger's Authorize signs in with the OAuth2 password form, and a protected route then answers 200", { skip, timeout: 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  const email = `e2e-docs-${Date.now()}@example.com`;
  const reg = await page.request.post("/api/auth/register", { data: { name: "Docs Reader", email, password: "correct horse battery" } });
  assert.equal(reg.status(), 201);

  await page.goto("/api/docs");
  await page.locator(".btn.authorize").first().click();
  const modal = page.locator(".modal-ux");
  // The modal has one section per scheme (Bearer, OAuth2): use the OAuth2 password one.
  const oauth = modal.locator(".auth-container", { has: page.locator("#oauth_username") });
  await oauth.locator("#oauth_username").fill(email);
  await oauth.locator("#oauth_password").fill("correct horse battery");
  const token = page.waitForResponse((r) => r.url().endsWith("/api/auth/login") && r.request().method() === "POST");
  // (Swagger labels its buttons "Apply credentials" / "Remove authorization" for screen readers.)
  await oauth.locator("button", { hasText: "Authorize" }).click();
  const login = await token;
  assert.equal(login.status(), 200, "the OAuth2 password form is accepted");
  assert.match(login.request().headers()["content-type"], /application\/x-www-form-urlencoded/);
  await modal.locator("button", { hasText: "Logout" }).first().waitFor(); // the form is replaced once signed in
  await shot(page, "api-docs-authorized", { fullPage: false });
  await modal.locator(".close-modal").click();

  // "Try it out" on GET /api/auth/me sends the token Swagger got.
  const me = page.locator(".opblock", { has: page.locator('.opblock-summary-path[data-path="/api/auth/me"]') }).first();
  await me.locator(".opblock-summary").click();
  await me.locator("button", { hasText: "Try it out" }).click();
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/auth/me"));
  await me.locator("button", { hasText: "Execute" }).click();
  assert.equal((await answer).status(), 200);
  await context.close();
});
