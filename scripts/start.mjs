#!/usr/bin/env node
// `npm start`: build the web client, apply local D1 migrations, then run wrangler dev
// (local D1/R2/Queues/Durable Objects, no keys) and the local stand-in services beside it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const port = process.env.PORT ?? "8787";

function step(title, cmd, args) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`✖ ${title} failed`);
    process.exit(r.status ?? 1);
  }
}

step("Building the web client", "npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
step("Applying local D1 migrations", "npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"]);
if (!existsSync(".dev.vars")) {
  console.log("\nℹ No .dev.vars: running with no API keys. Every port uses its local adapter, and the");
  console.log("  Worker signs tokens with a built-in development secret (never used in production).");
}

const children = [];
// Local stand-ins for cloud services (each module decides whether it can run here).
const services = (await import("./local-services.mjs")).localServices;
for (const s of services) {
  const child = s.start(env);
  if (child) children.push(child);
}

const dev = spawn("npx", ["wrangler", "dev", "--port", port, "--ip", "127.0.0.1", "--log-level", "warn", "--show-interactive-dev-session=false"], {
  stdio: "inherit",
  env,
});
children.push(dev);
console.log(`\n✔ Digital Self on http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)\n`);

const stop = () => {
  for (const c of children) c.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
dev.on("exit", (code) => {
  stop();
  process.exit(code ?? 0);
});
