#!/usr/bin/env node
// `npm run bench [name…]`: runs bench/*.bench.mjs (or the named ones) one after another.
import { readdirSync } from "node:fs";

const only = process.argv.slice(2);
const files = readdirSync(new URL(".", import.meta.url))
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  await (await import(`./${f}`)).default();
}
