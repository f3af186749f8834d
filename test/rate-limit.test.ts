import { describe, it, expect } from "vitest";
import { expectErrorShape } from "./helpers";
import { clientWithEnv } from "./with-env";
import { backends, sleep } from "./backends";

const HEADERS = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"];

/** Sliding windows are aligned to the minute: start a burst early in one so it cannot straddle two. */
async function awayFromWindowEdge() {
  const into = Date.now() % 60_000;
  if (into > 45_000) await sleep(60_000 - into + 200);
}

describe.each(backends)("rate limiting on $name", (backend) => {
  // The real limits (the rest of the suite runs with them lifted), and CF-Connecting-IP trusted
  // as it is behind Cloudflare's edge, so each test can play several callers.
  const client = clientWithEnv({ ...backend.vars, RATE_LIMIT_PER_MINUTE: "60", AUTH_RATE_LIMIT_PER_MINUTE: "5", TRUST_CF_CONNECTING_IP: "true" });

  describe.skipIf(!!backend.skip)("per user", () => {
    it("the 61st request in a minute gets 429 with headers, and another user is unaffected", { timeout: 60_000 }, async () => {
      const a = await client.register("Alice", { "cf-connecting-ip": "203.0.113.10" });
      const b = await client.register("Bob", { "cf-connecting-ip": "203.0.113.11" });
      await awayFromWindowEdge();
      for (let i = 1; i <= 60; i++) {
        const res = await client.api("GET", "/api/auth/me", { token: a.token });
        expect(res.status).toBe(200);
        if (i === 1 || i === 60) {
          for (const h of HEADERS) expect(res.headers.get(h), h).not.toBeNull();
          expect(res.headers.get("RateLimit-Limit")).toBe("60");
          expect(res.headers.get("RateLimit-Remaining")).toBe(String(60 - i));
        }
      }
      const limited = await client.api("GET", "/api/users/profile", { token: a.token });
      expect(limited.status).toBe(429);
      expectErrorShape(limited.body, "rate_limited");
      const retryAfter = Number(limited.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.headers.get("RateLimit-Limit")).toBe("60");
      expect(limited.headers.get("RateLimit-Remaining")).toBe("0");
      expect(limited.headers.get("RateLimit-Reset")).toBe(String(retryAfter));
      expect(limited.headers.get("X-RateLimit-Remaining")).toBe("0");
      expect(Number(limited.headers.get("X-RateLimit-Reset")) * 1000).toBeGreaterThan(Date.now());

      const other = await client.api("GET", "/api/users/profile", { token: b.token });
      expect(other.status).toBe(200);
      expect(other.headers.get("RateLimit-Remaining")).toBe("59");
    });
  });

  describe.skipIf(!!backend.skip)("per IP before sign-in", () => {
    it("login is limited per IP (AUTH_RATE_LIMIT_PER_MINUTE) while other IPs still get answers", { timeout: 60_000 }, async () => {
      const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}-${Date.now()}`;
      const u = await client.register("Carol", { "cf-connecting-ip": `${ip}-reg` });
      await awayFromWindowEdge();
      const attempt = (from: string) => client.api("POST", "/api/auth/login", { body: { email: u.email, password: "wrong password" }, headers: { "cf-connecting-ip": from } });
      for (let i = 0; i < 5; i++) expect((await attempt(ip)).status).toBe(401);
      const blocked = await attempt(ip);
      expect(blocked.status).toBe(429);
      expectErrorShape(blocked.body, "rate_limited");
      expect(blocked.headers.get("Retry-After")).not.toBeNull();
      expect(blocked.headers.get("X-RateLimit-Limit")).toBe("5");
      // The right password from the blocked IP is refused too: that is the point against stuffing.
      const right = await client.api("POST", "/api/auth/login", { body: { email: u.email, password: u.password }, headers: { "cf-connecting-ip": ip } });
      expect(right.status).toBe(429);
      expect((await attempt(`${ip}-elsewhere`)).status).toBe(401);
    });

    it("registration shares the strict per-IP budget", { timeout: 60_000 }, async () => {
      const ip = `192.0.2.${Date.now()}`;
      await awayFromWindowEdge();
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        const res = await client.api("POST", "/api/auth/register", {
          body: { name: "Spam", email: `spam-${i}-${Date.now()}@example.com`, password: "password-123" },
          headers: { "cf-connecting-ip": ip },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    });
  });

  describe.skipIf(!!backend.skip)("headers on every limited response", () => {
    it("errors and empty bodies on limited routes carry the RateLimit headers too", async () => {
      const u = await client.register("Erin", { "cf-connecting-ip": "203.0.113.30" });
      const missing = await client.api("GET", "/api/jobs/job_doesnotexist", { token: u.token });
      expect(missing.status).toBe(404);
      const invalid = await client.api("PUT", "/api/users/profile", { token: u.token, body: { personality: { humor: 500 } } });
      expect(invalid.status).toBe(422);
      const logout = await client.api("POST", "/api/auth/logout", { token: u.token });
      expect(logout.status).toBe(204);
      for (const res of [missing, invalid, logout]) for (const h of HEADERS) expect(res.headers.get(h), h).not.toBeNull();
      expect(logout.headers.get("RateLimit-Remaining")).toBe("57"); // three requests counted
    });
  });

  describe.skipIf(!!backend.skip)("security", () => {
    it("requests with a bad token spend nobody's budget and are 401, not 429", async () => {
      const u = await client.register("Dave", { "cf-connecting-ip": "203.0.113.20" });
      for (let i = 0; i < 3; i++) expect((await client.api("GET", "/api/auth/me", { token: "not-a-token" })).status).toBe(401);
      const res = await client.api("GET", "/api/auth/me", { token: u.token });
      expect(res.headers.get("RateLimit-Remaining")).toBe("59");
    });
  });
});

describe("rate limiting of share-link visitors", () => {
  const client = clientWithEnv({ PUBLIC_RATE_LIMIT_PER_MINUTE: "3", TRUST_CF_CONNECTING_IP: "true" });

  it("public routes get the stricter per-IP budget; other IPs and the owner are unaffected", { timeout: 60_000 }, async () => {
    const owner = await client.register("Owner", { "cf-connecting-ip": "203.0.113.40" });
    const share = await client.api("POST", "/api/shares", { token: owner.token, body: { label: "friends" } });
    expect(share.status).toBe(201);
    const ip = `198.51.100.77-${Date.now()}`;
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.api("GET", `/api/public/${share.body.token}`, { headers: { "cf-connecting-ip": ip } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await client.api("GET", `/api/public/${share.body.token}`, { headers: { "cf-connecting-ip": `${ip}-other` } })).status).toBe(200);
    expect((await client.api("GET", "/api/shares", { token: owner.token })).status).toBe(200);
    // Token refresh from the same IP has its own budget: visitors cannot starve it.
    const refreshed = await client.api("POST", "/api/auth/refresh", { body: { refreshToken: owner.refreshToken }, headers: { "cf-connecting-ip": ip } });
    expect(refreshed.status).toBe(200);
  });
});

describe("per-IP limits where CF-Connecting-IP is not Cloudflare's (local, staging)", () => {
  // ENVIRONMENT is "development" here, so the header is whatever the client sent.
  const local = clientWithEnv({ AUTH_RATE_LIMIT_PER_MINUTE: "5", PUBLIC_RATE_LIMIT_PER_MINUTE: "3" });
  const edge = clientWithEnv({ AUTH_RATE_LIMIT_PER_MINUTE: "5", TRUST_CF_CONNECTING_IP: "true" });

  it("a spoofed, rotating CF-Connecting-IP does not reset the login limit", { timeout: 60_000 }, async () => {
    const u = await edge.register("Mallory's target", { "cf-connecting-ip": "203.0.113.50" });
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const res = await local.api("POST", "/api/auth/login", { body: { email: u.email, password: "wrong password" }, headers: { "cf-connecting-ip": `198.18.0.${i + 1}` } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // No header at all is the same caller, not a fresh shared "unknown" bucket.
    expect((await local.api("POST", "/api/auth/login", { body: { email: u.email, password: "wrong password" } })).status).toBe(429);
  });

  it("the same holds for share-link visitors", { timeout: 60_000 }, async () => {
    const owner = await edge.register("Owner", { "cf-connecting-ip": "203.0.113.51" });
    const share = await edge.api("POST", "/api/shares", { token: owner.token, body: { label: "friends" } });
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await local.api("GET", `/api/public/${share.body.token}`, { headers: { "cf-connecting-ip": `198.18.1.${i + 1}` } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
