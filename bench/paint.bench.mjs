// First paint of /login on a throttled network (CDP), cold cache, in Debian's Chromium: when the
// first contentful paint happens, measured from the first byte of the HTML, and when the sign-in
// form is there. Median of BENCH_ROUNDS (5) fresh page loads per network profile.
import { chromium } from "playwright-core";
import { startApp } from "./lib.mjs";

const PROFILES = {
  // The e2e's slow profile (keyboard.e2e.mjs): 200 ms round trips, 40 KB/s.
  "slow (200 ms, 40 KB/s)": { latency: 200, downloadThroughput: 40 * 1024, uploadThroughput: 40 * 1024 },
  // Chrome DevTools' "Fast 3G" preset: 562.5 ms, 1.44 Mbit/s down.
  "fast 3G (563 ms, 180 KB/s)": { latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function () {
  const app = await startApp(8780);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
    for (const [name, conditions] of Object.entries(PROFILES)) {
      const rows = [];
      for (let i = 0; i < rounds; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
        await cdp.send("Network.emulateNetworkConditions", { offline: false, ...conditions });
        await page.goto(`${app.base}/login`, { waitUntil: "commit" });
        await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 120_000 });
        rows.push(
          await page.evaluate(async () => {
            const nav = performance.getEntriesByType("navigation")[0];
            // The paint entry can lag the frame it describes by a moment.
            for (let t = 0; t < 50 && !performance.getEntriesByName("first-contentful-paint")[0]; t++) await new Promise((r) => setTimeout(r, 20));
            const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN;
            return { fcp: fcp - nav.responseStart, form: performance.now() - nav.responseStart, firstByte: nav.responseStart };
          }),
        );
        await context.close();
      }
      const fcp = median(rows.map((r) => r.fcp));
      const form = median(rows.map((r) => r.form));
      const ttfb = median(rows.map((r) => r.firstByte));
      console.log(
        `${name.padEnd(28)} first byte ${ttfb.toFixed(0).padStart(5)} ms | first contentful paint +${fcp.toFixed(0).padStart(5)} ms after it | sign-in form +${form.toFixed(0).padStart(5)} ms  (median of ${rounds})`,
      );
    }
  } finally {
    await browser.close();
    app.stop();
  }
}
