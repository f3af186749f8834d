#!/usr/bin/env node
// Runs before `npm run deploy`: refuses to deploy to an environment that has no JWT_SECRET secret.
// (The Worker itself also refuses every request without one — /api/health says why — so a deploy
// that bypasses this script fails closed, never open.) Pass the wrangler env as WRANGLER_ENV.
import { spawnSync } from "node:child_process";

const envName = process.env.WRANGLER_ENV ?? "production";
const r = spawnSync("npx", ["wrangler", "secret", "list", "--env", envName, "--format", "json"], { encoding: "utf8" });
if (r.status !== 0) {
  console.error(`✖ Could not list the secrets of env "${envName}" (wrangler secret list failed):\n${r.stderr}`);
  process.exit(1);
}
let names = [];
try {
  names = JSON.parse(r.stdout).map((s) => s.name);
} catch {
  console.error(`✖ Unexpected output from wrangler secret list:\n${r.stdout}`);
  process.exit(1);
}
if (!names.includes("JWT_SECRET")) {
  console.error(`✖ Env "${envName}" has no JWT_SECRET. Set one first: openssl rand -hex 32 | npx wrangler secret put JWT_SECRET --env ${envName}`);
  process.exit(1);
}
console.log(`✔ JWT_SECRET is set for env "${envName}"`);
