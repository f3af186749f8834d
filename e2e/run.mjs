#!/usr/bin/env node
// `npm run e2e`: builds the web client, starts `wrangler dev` on a fresh local state (port 8795 by
// default), runs the browser specs with node:test against it, then stops the server.
import { spawn, spawnSync } from "node:child_process";
import { rmSync, mkdirSync, readdirSync } from "node:fs";

const port = process.env.E2E_PORT ?? "8795";
const base = `http://127.0.0.1:${port}`;
const state = ".tmp/e2e-state";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

function step(title, cmd, args) {
  console.log(`▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync(state, { recursive: true, force: true });
mkdirSync("e2e/artifacts", { recursive: true });
step("Building the web client", "npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
step("Applying migrations to a fresh local D1", "npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);

console.log(`▶ Starting wrangler dev on ${base}`);
const server = spawn("npx", ["wrangler", "dev", "--port", port, "--ip", "127.0.0.1", "--persist-to", state, "--log-level", "warn", "--show-interactive-dev-session=false"], {
  env,
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
};
process.on("exit", stop);
process.on("SIGINT", () => process.exit(130));

const deadline = Date.now() + 90_000;
for (;;) {
  try {
    if ((await fetch(`${base}/api/health/live`)).ok) break;
  } catch {
    /* not up yet */
  }
  if (Date.now() > deadline) {
    console.error("✖ wrangler dev did not come up in 90 s");
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}

const given = process.argv.slice(2);
const specs = given.length ? given : readdirSync("e2e/specs").filter((f) => f.endsWith(".e2e.mjs")).map((f) => `e2e/specs/${f}`);
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...specs], {
  stdio: "inherit",
  env: { ...env, E2E_BASE_URL: base },
});
stop();
process.exit(r.status ?? 1);
