// `npm start` runs wrangler dev through npx (npx → wrangler → workerd): killing start.mjs with SIGTERM
// (or SIGINT) must stop the whole tree, not only the direct child, or wrangler dev keeps the port.
// A cheap stand-in for npx: a node process that starts a grandchild and dies on SIGTERM without
// passing it on.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const childrenModule = fileURLToPath(new URL("./children.mjs", import.meta.url));

/** Alive and not a zombie (a container's pid 1 may not reap orphans). */
function alive(pid) {
  const stat = `/proc/${pid}/stat`;
  if (existsSync("/proc/self/stat")) return existsSync(stat) && !/^\d+ \(.*\) Z /.test(readFileSync(stat, "utf8"));
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const FAKE_NPX = `
const { spawn } = require("node:child_process");
const g = spawn("sleep", ["300"], { stdio: "ignore" });
console.log("grandchild " + g.pid);
setInterval(() => {}, 1000);
`;

// What start.mjs does with its children, driven by a fake npx instead of wrangler dev.
const DRIVER = `
import { createChildren } from ${JSON.stringify(childrenModule)};
const children = createChildren();
const dev = children.spawn(process.execPath, ["-e", ${JSON.stringify(FAKE_NPX)}], { stdio: ["ignore", "inherit", "inherit"] });
console.log("child " + dev.pid);
process.on("SIGINT", () => children.stop());
process.on("SIGTERM", () => children.stop());
dev.on("exit", () => process.exit(0));
`;

async function startDriver() {
  const driver = spawn(process.execPath, ["--input-type=module", "-e", DRIVER], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  driver.stdout.on("data", (d) => {
    out += d;
  });
  const deadline = Date.now() + 10_000;
  while (!/grandchild \d+/.test(out)) {
    if (Date.now() > deadline) throw new Error(`driver did not start its children: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { driver, child: Number(/child (\d+)/.exec(out)[1]), grandchild: Number(/grandchild (\d+)/.exec(out)[1]) };
}

async function gone(pids, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}

describe("npm start's children", () => {
  for (const signal of ["SIGTERM", "SIGINT"]) {
    it(`are all stopped, grandchildren included, when start.mjs alone gets ${signal}`, async () => {
      const { driver, child, grandchild } = await startDriver();
      try {
        driver.kill(signal);
        expect(await gone([driver.pid, child, grandchild])).toEqual([]);
      } finally {
        for (const pid of [child, grandchild]) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            /* gone */
          }
        }
      }
    });
  }
});
