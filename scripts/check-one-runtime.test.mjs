import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { runtimeProblems } from "./check-one-runtime.mjs";

const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"));

describe("one wrangler/miniflare/workerd in the lockfile", () => {
  it("the project's lockfile has one of each", () => {
    expect(runtimeProblems(lock)).toEqual([]);
  });

  it("fails on a lockfile where a second wrangler and workerd are nested (the old vitest-pool-workers shape)", () => {
    const two = structuredClone(lock);
    two.packages["node_modules/@cloudflare/vitest-plugin/node_modules/wrangler"] = { version: "4.124.0" };
    two.packages["node_modules/wrangler/node_modules/workerd"] = { version: "1.20260426.1" };
    expect(runtimeProblems(two)).toEqual([expect.stringMatching(/^wrangler: 2 versions/), expect.stringMatching(/^workerd: 2 versions/)]);
  });
});
