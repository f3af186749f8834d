// Local stand-ins started by `npm start` beside wrangler dev. Each entry returns a child
// process, or null (with a printed reason) when it cannot run on this machine.
// Capabilities add their service here (e.g. the media renderer).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/** KEY=value pairs of .dev.vars (what wrangler dev gives the Worker). */
function devVars() {
  if (!existsSync(".dev.vars")) return {};
  return Object.fromEntries(
    readFileSync(".dev.vars", "utf8")
      .split("\n")
      .map((l) => /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(l))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
}

export const localServices = [
  {
    // redis-server behind the Upstash-REST endpoint, when .dev.vars points the Worker at it
    // (UPSTASH_REDIS_REST_URL=http://127.0.0.1:8079). Without that the cache and rate limits
    // use the Durable Object backends and nothing needs to run.
    name: "upstash-rest",
    start(env) {
      const vars = devVars();
      const m = /^http:\/\/(127\.0\.0\.1|localhost):(\d+)\/?$/.exec(vars.UPSTASH_REDIS_REST_URL ?? "");
      if (!m) return null;
      const child = spawn(process.execPath, ["local-services/upstash-rest/cli.mjs"], {
        stdio: "inherit",
        env: { ...env, PORT: m[2], UPSTASH_REDIS_REST_TOKEN: vars.UPSTASH_REDIS_REST_TOKEN ?? "" },
      });
      return child;
    },
  },
];
