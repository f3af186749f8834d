#!/usr/bin/env node
// `npm start`: build the web client, apply local D1 migrations, then run wrangler dev
// (local D1/R2/Queues/Durable Objects, no keys) and the local stand-in services beside it.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createChildren } from "./children.mjs";
import { startLocalCron } from "./local-cron.mjs";

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
// There is no built-in secret: the first run writes a random one into .dev.vars (git-ignored),
// so tokens survive restarts on this machine and nobody else can forge them.
const devVars = existsSync(".dev.vars") ? readFileSync(".dev.vars", "utf8") : null;
if (!devVars || !/^JWT_SECRET=\S{32,}/m.test(devVars)) {
  const line = `JWT_SECRET=${randomBytes(32).toString("hex")}`;
  if (devVars === null) writeFileSync(".dev.vars", `# Written by npm start: a random development secret for this machine.\n${line}\n`);
  else if (/^JWT_SECRET=.*$/m.test(devVars)) writeFileSync(".dev.vars", devVars.replace(/^JWT_SECRET=.*$/m, line));
  else appendFileSync(".dev.vars", `${devVars.endsWith("\n") || !devVars ? "" : "\n"}${line}\n`);
  console.log("\nℹ Wrote a random development JWT_SECRET into .dev.vars. With no API keys, every port uses its local adapter.");
}

const children = createChildren();
// Local stand-ins for cloud services (each module decides whether it can run here).
const services = (await import("./local-services.mjs")).localServices;
for (const s of services) {
  const child = s.start(env);
  if (child) children.add(child);
}

// Its own process group: SIGTERM to this script alone reaches npx only, which leaves wrangler dev running.
const dev = children.spawn("npx", ["wrangler", "dev", "--port", port, "--ip", "127.0.0.1", "--log-level", "warn", "--show-interactive-dev-session=false"], {
  env,
});
// The Cron Trigger (job-lease sweeper) every minute, as in production: wrangler dev does not run crons.
const stopCron = startLocalCron(`http://127.0.0.1:${port}`);
console.log(`\n✔ Digital Self on http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)\n`);

const stop = () => {
  stopCron();
  children.stop();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
dev.on("exit", (code) => {
  stop();
  process.exit(code ?? 0);
});
