#!/usr/bin/env node
// `npm test`: type-check the Worker and the web client (against the Worker's AppType),
// then run the suites. Extra arguments go to vitest. Ends with one plain summary line.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync } from "node:fs";

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", env }).status ?? 1;
const must = (cmd, args) => {
  const status = run(cmd, args);
  if (status !== 0) process.exit(status);
};

// One wrangler/miniflare/workerd for dev, tests and deploy; generated Env types not stale.
must("node", ["scripts/check-one-runtime.mjs"]);
must("npm", ["run", "--silent", "types:check"]);
must("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
must("npx", ["tsc", "-p", "tsconfig.app-types.json"]);
must("npx", ["tsc", "--noEmit", "-p", "web/tsconfig.json"]);
// Import rules of DESIGN.md (.dependency-cruiser.cjs): layers, module boundaries, no cycles. The web
// client is checked with its own tsconfig (its @worker/app alias points at the emitted declarations).
must("npx", ["depcruise", "worker", "queue-consumers", "--config", ".dependency-cruiser.cjs"]);
must("npx", ["depcruise", "web/src", "--config", ".dependency-cruiser.cjs", "--ts-config", "web/tsconfig.json"]);
// Lint and format (biome.json: line width 160, no process.env outside Node-side entry points, no unused imports).
must("npx", ["biome", "check", "--error-on-warnings", "."]);

mkdirSync(".tmp", { recursive: true });
const report = ".tmp/vitest-report.json";
const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(status);
