#!/usr/bin/env node
// `npm run e2e`: builds the web client, starts `wrangler dev` on a fresh local state (port 8795 by
// default) and the local media renderer (8798) when its tools are present, runs the browser specs
// with node:test against them, then stops both.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync, mkdirSync, readdirSync } from "node:fs";
import { missingTools } from "../local-services/media-renderer/tools.mjs";

const port = process.env.E2E_PORT ?? "8795";
const base = `http://127.0.0.1:${port}`;
const state = ".tmp/e2e-state";
const rendererPort = process.env.E2E_RENDERER_PORT ?? "8798";
// wrangler's debugger port defaults to 9229 for every instance: derive one from the app port so
// several runs (e2e, benches, dev) on one machine do not collide.
const inspectorPort = process.env.E2E_INSPECTOR_PORT ?? String(Number(port) + 1000);
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const children = [];

function step(title, cmd, args) {
  console.log(`▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

rmSync(state, { recursive: true, force: true });
mkdirSync("e2e/artifacts", { recursive: true });
step("Building the web client", "npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
step("Applying migrations to a fresh local D1", "npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);

const start = (cmd, args, extraEnv = {}) => {
  const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "inherit", "inherit"], detached: true });
  children.push(child);
  return child;
};
const stop = () => {
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
};
process.on("exit", stop);
process.on("SIGINT", () => process.exit(130));

async function waitFor(url, what, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      console.error(`✖ ${what} did not come up in ${ms / 1000} s`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

// The real talking-avatar stand-in (ffmpeg + espeak-ng over HTTP); without its tools the avatar
// part of the full flow is skipped with this reason.
const { hint } = missingTools();
const rendererUrl = `http://127.0.0.1:${rendererPort}`;
if (hint) console.log(`▷ media renderer not started (${hint}); avatar training/video steps will be skipped`);
else {
  console.log(`▶ Starting the media renderer on ${rendererUrl}`);
  start(process.execPath, ["local-services/media-renderer/server.mjs"], { PORT: rendererPort });
  await waitFor(`${rendererUrl}/health`, "media renderer", 20_000);
}

// Every browser comes from one IP, so the per-IP limits are raised for the run (they are tested
// by the worker suite); the renderer URL points the avatar service at the one started above.
const vars = {
  AUTH_RATE_LIMIT_PER_MINUTE: "1000",
  // A fresh random secret per run (the Worker has no built-in one).
  JWT_SECRET: randomBytes(32).toString("hex"),
  RATE_LIMIT_PER_MINUTE: "10000",
  PUBLIC_RATE_LIMIT_PER_MINUTE: "1000",
  ...(hint ? {} : { MEDIA_RENDERER_URL: rendererUrl }),
};
console.log(`▶ Starting wrangler dev on ${base}`);
start("npx", [
  "wrangler",
  "dev",
  "--port",
  port,
  "--ip",
  "127.0.0.1",
  "--persist-to",
  state,
  "--log-level",
  "warn",
  "--show-interactive-dev-session=false",
  "--inspector-port",
  inspectorPort,
  ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
]);
await waitFor(`${base}/api/health/live`, "wrangler dev");

const given = process.argv.slice(2);
const specs = given.length
  ? given
  : readdirSync("e2e/specs")
      .filter((f) => f.endsWith(".e2e.mjs"))
      .map((f) => `e2e/specs/${f}`);
mkdirSync(".tmp", { recursive: true });
// Human-readable output on the terminal; TAP (its "# pass N" totals) for the CI summary line.
const r = spawnSync(
  process.execPath,
  [
    "--test",
    // Two spec files at a time: each mostly waits on the browser and the Worker (4:10 serial in CI).
    "--test-concurrency=2",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    "--test-reporter-destination=.tmp/e2e.tap",
    ...specs,
  ],
  {
    stdio: "inherit",
    env: { ...env, E2E_BASE_URL: base, E2E_RENDERER: hint ? "" : rendererUrl, E2E_RENDERER_SKIP: hint },
  },
);
stop();
process.exit(r.status ?? 1);
