import { describe, it, expect } from "vitest";
import { env, createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../worker/index";

// The SPA's HTML and assets get their headers from web/public/_headers (static-assets server;
// checked against wrangler dev by e2e/specs/security-headers.e2e.mjs). This covers the Worker's.
async function get(path: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch!(new Request(`http://example.com${path}`) as any, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const sha256 = async (s: string) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)))));

describe("security headers on Worker responses", () => {
  it("API answers (JSON, errors) cannot be framed, sniffed or run anything", async () => {
    for (const path of ["/api/health", "/api/nope", "/api/openapi.json"]) {
      const res = await get(path);
      expect(res.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });

  it("/api/docs allows its own inline bootstrap script by hash, nothing else inline, and no framing", async () => {
    const res = await get("/api/docs");
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const inline = [...(await res.text()).matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline) expect(csp).toContain(`'sha256-${await sha256(script)}'`);
    expect(csp).toMatch(/script-src 'self' 'sha256-[^']+'(;| )/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});
