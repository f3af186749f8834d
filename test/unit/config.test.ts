import { describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config";
import type { Env } from "../../worker/env";

const base = { JWT_SECRET: "x".repeat(40) } as unknown as Env;

describe("readConfig: the Upstash call timeout", () => {
  it("defaults to 1 s, so a slow Upstash degrades quickly (cache → D1, limiter → allow)", () => {
    expect(readConfig(base).upstashTimeoutMs).toBe(1000);
    expect(readConfig({ ...base, UPSTASH_TIMEOUT_MS: "" } as Env).upstashTimeoutMs).toBe(1000);
  });
  it("takes UPSTASH_TIMEOUT_MS, and ignores a value that is not a positive whole number", () => {
    expect(readConfig({ ...base, UPSTASH_TIMEOUT_MS: "2500" } as Env).upstashTimeoutMs).toBe(2500);
    expect(readConfig({ ...base, UPSTASH_TIMEOUT_MS: "-5" } as Env).upstashTimeoutMs).toBe(1000);
    expect(readConfig({ ...base, UPSTASH_TIMEOUT_MS: "soon" } as Env).upstashTimeoutMs).toBe(1000);
  });
});
