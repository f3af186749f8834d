#!/usr/bin/env node
// The last line of a CI run: every test counted once (vitest suites + browser e2e).
import { existsSync, readFileSync } from "node:fs";

let passed = 0,
  failed = 0,
  skipped = 0;
if (existsSync(".tmp/vitest-report.json")) {
  const r = JSON.parse(readFileSync(".tmp/vitest-report.json", "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
if (existsSync(".tmp/e2e.tap")) {
  const tap = readFileSync(".tmp/e2e.tap", "utf8");
  const total = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(tap)?.[1] ?? 0);
  passed += total("pass");
  failed += total("fail");
  skipped += total("skipped") + total("todo");
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
