#!/usr/bin/env node
// `npm test`: type-check the Worker and the web client (against the Worker's AppType),
// then run the suites. Extra arguments go to vitest.
import { spawnSync } from "node:child_process";

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
run("npx", ["tsc", "-p", "tsconfig.app-types.json"]);
run("npx", ["tsc", "--noEmit", "-p", "web/tsconfig.json"]);
run("npx", ["vitest", "run", ...process.argv.slice(2)]);
