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
