#!/usr/bin/env node
// Dev (`wrangler dev`), tests (@cloudflare/vitest-plugin), e2e, bench and `wrangler deploy --dry-run`
// must all run on ONE wrangler/miniflare/workerd: a second copy in the lockfile means a test can
// pass in one runtime and fail in the other. Run by `npm test`; exits 1 when a package appears twice.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const RUNTIME_PACKAGES = ["wrangler", "miniflare", "workerd"];

/** { name: [versions…] } for each runtime package found in a package-lock.json (v2/v3) object. */
export function runtimeVersions(lock) {
  const found = Object.fromEntries(RUNTIME_PACKAGES.map((n) => [n, new Set()]));
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    if (path.includes("node_modules/") && name in found && entry.version) found[name].add(entry.version);
  }
  return Object.fromEntries(Object.entries(found).map(([n, v]) => [n, [...v].sort()]));
}

/** The problems with a lockfile: each runtime package must appear exactly once. */
export function runtimeProblems(lock) {
  return Object.entries(runtimeVersions(lock))
    .filter(([, v]) => v.length !== 1)
    .map(([n, v]) => (v.length ? `${n}: ${v.length} versions in the lockfile (${v.join(", ")})` : `${n}: not in the lockfile`));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2] ?? "package-lock.json";
  const lock = JSON.parse(readFileSync(file, "utf8"));
  const problems = runtimeProblems(lock);
  if (problems.length) {
    console.error(`one-runtime check FAILED (${file}):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  const v = runtimeVersions(lock);
  console.log(`one runtime: ${RUNTIME_PACKAGES.map((n) => `${n} ${v[n][0]}`).join(", ")} (node ${process.versions.node})`);
}
