// The authenticated hot path against a bare Hono route on its own wrangler dev (started here, same
// run): the app's cached profile read (JWT + session check + per-user rate limit + cached profile)
// at 100 and 1,000 connections with a 5 s timeout, as req/s and p99 ratios; then the round trips
// (D1, Durable Objects, Upstash) one authenticated request makes, counted by the app itself.
import { startApp, startBare, newUser, load, fmt, json, roundTrips } from "./lib.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TIMEOUT_S = 5;
const TARGETS = { bare: 0.6, p99: 1.5 };

/**
 * Waits until `url` answers one request in under 200 ms (at most 60 s): requests a timed-out run
 * left queued in a dev server must not be charged to the next run against it.
 */
async function drained(url, headers = {}) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const t = performance.now();
    await fetch(url, { headers })
      .then((r) => r.arrayBuffer())
      .catch(() => {});
    if (performance.now() - t < 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function countRoundTrips() {
  // A second app with TRACE_ROUND_TRIPS=1 (the counting proxies stay out of the measured one).
  const app = await startApp(8792, { vars: { TRACE_ROUND_TRIPS: "1" } });
  try {
    const { token } = await newUser(app.base);
    const get = () => fetch(`${app.base}/api/users/profile`, { headers: { authorization: `Bearer ${token}` } });
    const show = (label, r) => console.log(`  ${label.padEnd(44)} ${r ? `D1 ${r.d1}   Durable Object ${r.do}   Upstash ${r.upstash}` : "(no trace header)"}`);
    console.log("round trips per authenticated GET /api/users/profile (local adapters: D1 + Durable Objects):");
    show("first request of a session (nothing cached)", roundTrips(await get()));
    show("cached (every later request)", roundTrips(await get()));
    await json(app.base, "PUT", "/api/users/profile", { token, body: { headline: "Bench" } });
    show("first read after an update", roundTrips(await get()));
    show("cached again", roundTrips(await get()));
    console.log("  (Upstash in production: test/app/hot-path.test.ts pins the same path at 1 Upstash request, was 3)");
  } finally {
    app.stop();
  }
}

export default async function () {
  const bare = await startBare(8791);
  const app = await startApp(8790);
  try {
    const { token } = await newUser(app.base);
    const auth = { authorization: `Bearer ${token}` };
    const profileUrl = `${app.base}/api/users/profile`;
    const bareUrl = `${bare.base}/api/bare`;
    // Warm-up: JIT, the isolates' first-level caches, the Durable Objects' storage.
    for (const url of [bareUrl, `${app.base}/api/health/live`, profileUrl]) await load(url, { connections: 50, duration: 2, headers: auth });
    const verdicts = [];
    for (const connections of [100, 1000]) {
      const opts = { connections, duration: SECONDS, timeout: TIMEOUT_S };
      await drained(bareUrl);
      const b = await load(bareUrl, opts);
      await drained(profileUrl, auth);
      const p = await load(profileUrl, { ...opts, headers: auth });
      await drained(`${app.base}/api/health/live`);
      const live = await load(`${app.base}/api/health/live`, opts);
      const ratio = p.rps / b.rps;
      const p99 = p.p99 / Math.max(1, b.p99);
      console.log(`\n${connections} connections, ${SECONDS} s each, ${TIMEOUT_S} s timeout:`);
      console.log(fmt("bare Hono (own wrangler dev)", b));
      console.log(fmt("GET /api/health/live (app, bare)", live));
      console.log(fmt("GET /api/users/profile (auth+cache)", p));
      console.log(
        `profile/bare req/s ${ratio.toFixed(2)} (≥ ${TARGETS.bare})   p99 ×${p99.toFixed(2)} (≤ ${TARGETS.p99})   timeouts ${p.timeouts}   app-live/bare ${(live.rps / b.rps).toFixed(2)}`,
      );
      verdicts.push(ratio >= TARGETS.bare && p99 <= TARGETS.p99 && p.timeouts === 0 && p.non2xx === 0);
    }
    console.log(`\nhot path targets met at 100 and 1,000 connections: ${verdicts.every(Boolean) ? "yes" : "NO"}`);
  } finally {
    app.stop();
    bare.stop();
  }
  await countRoundTrips();
}
