// Cache: the same authenticated profile read with the cache off (every request reads the
// session and the profile from D1) and on (both come from the cache), on wrangler dev.
// With redis-server installed, also through the Upstash adapters (local REST endpoint → Redis).
import { startApp, newUser, load, fmt } from "./lib.mjs";
import { hasRedisServer, startRedisServer } from "../local-services/upstash-rest/redis-process.mjs";
import { startUpstashRest } from "../local-services/upstash-rest/server.mjs";

const PORT = 8791;
const TOKEN = "bench-upstash-token";

async function waitClosed(base) {
  for (let i = 0; i < 60; i++) {
    try {
      await fetch(`${base}/api/health/live`);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function measure(label, vars) {
  // Limits lifted: one user sends thousands of requests (the limiter still runs on every one).
  const app = await startApp(PORT, { persistTo: `.wrangler/bench-cache-${label.replace(/\W+/g, "-")}`, vars });
  try {
    const { token } = await newUser(app.base);
    const headers = { authorization: `Bearer ${token}` };
    const opts = { connections: 50, duration: Number(process.env.BENCH_SECONDS ?? 10), headers };
    await load(`${app.base}/api/users/profile`, { ...opts, duration: 2 }); // warm-up (fills the cache)
    const health = await (await fetch(`${app.base}/api/health`)).json();
    const m = await load(`${app.base}/api/users/profile`, opts);
    console.log(fmt(`${label} [cache: ${health.ports.cache.adapter}]`, m));
    return m;
  } finally {
    app.stop();
    await waitClosed(app.base);
  }
}

/** Alternates the two configurations for BENCH_ROUNDS rounds (the machine may be shared) and keeps each one's best run. */
async function compare(title, offLabel, offVars, onLabel, onVars) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  let off, on;
  for (let i = 0; i < rounds; i++) {
    const a = await measure(offLabel, offVars);
    const b = await measure(onLabel, onVars);
    if (!off || a.rps > off.rps) off = a;
    if (!on || b.rps > on.rps) on = b;
  }
  console.log(`best of ${rounds}: ${fmt(offLabel, off)}`);
  console.log(`best of ${rounds}: ${fmt(onLabel, on)}`);
  console.log(`cached/uncached throughput ratio (${title}): ${(on.rps / off.rps).toFixed(2)}`);
}

export default async function () {
  await compare("Durable Object cache", "profile, cache off", { CACHE_DISABLED: "true" }, "profile, cache on (DO)", {});
  if (!hasRedisServer()) {
    console.log("(redis-server not installed: skipping the Upstash run)");
    return;
  }
  const redis = await startRedisServer(6390);
  const api = await startUpstashRest({ port: 8079, redisUrl: "redis://127.0.0.1:6390", token: TOKEN });
  try {
    const vars = { UPSTASH_REDIS_REST_URL: api.url, UPSTASH_REDIS_REST_TOKEN: TOKEN };
    await compare(
      "Upstash REST → redis-server",
      "profile, cache off, limiter Upstash",
      { ...vars, CACHE_DISABLED: "true" },
      "profile, cache on (Upstash)",
      vars,
    );
  } finally {
    await api.close();
    await redis.stop();
  }
}
