import { describe, it, expect } from "vitest";
import { api, expectErrorShape, registerUser } from "../support/client";

describe("platform", () => {
  it("liveness answers without dependencies", async () => {
    expect((await api("GET", "/api/health/live")).body).toEqual({ status: "ok" });
  });

  it("health reports storage and the adapter of each port", async () => {
    const res = await api("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.checks.d1.ok).toBe(true);
    expect(res.body.checks.r2.ok).toBe(true);
    expect(res.body.checks.queue.ok).toBe(true);
    expect(res.body.ports.jobQueue.mode).toBe("local");
  });

  it("unknown API route → 404 in the error shape, with the request id echoed", async () => {
    const res = await api("GET", "/api/nope", { headers: { "x-request-id": "test-request-123" } });
    expect(res.status).toBe(404);
    expectErrorShape(res.body, "not_found");
    expect(res.body.error.requestId).toBe("test-request-123");
    expect(res.headers.get("x-request-id")).toBe("test-request-123");
  });

  it("a request without an id gets a fresh one, echoed in the header and the error body", async () => {
    const [a, b] = [await api("GET", "/api/nope"), await api("GET", "/api/nope")];
    const ids = [a, b].map((r) => r.headers.get("x-request-id"));
    expect(ids[0]).toMatch(/^req_[A-Za-z0-9_-]{12}[0-9a-z]+$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(a.body.error.requestId).toBe(ids[0]);
  });

  it("wrong method on a known path → 404 in the error shape", async () => {
    const res = await api("DELETE", "/api/auth/login");
    expect(res.status).toBe(404);
    expectErrorShape(res.body);
  });

  it("serves an OpenAPI 3.1 document describing the routes", async () => {
    const res = await api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/api/auth/register", "/api/users/profile", "/api/health"]));
    expect(res.body.components.securitySchemes.Bearer.scheme).toBe("bearer");
  });

  it("sets security headers", async () => {
    const res = await api("GET", "/api/health");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    // DENY: nothing of the app is meant to be framed, not even by itself (#21).
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("CORS allows localhost dev origins and not strangers", async () => {
    const ok = await api("OPTIONS", "/api/health", { headers: { origin: "http://localhost:5173", "access-control-request-method": "GET" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const no = await api("OPTIONS", "/api/health", { headers: { origin: "https://evil.example", "access-control-request-method": "GET" } });
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a WebSocket ticket is issued only to a signed-in user, and the socket refuses bad tickets", async () => {
    expect((await api("POST", "/api/realtime/ticket")).status).toBe(401);
    const u = await registerUser();
    const t = await api("POST", "/api/realtime/ticket", { token: u.token });
    expect(t.status).toBe(200);
    const bad = await api("GET", "/api/realtime/ws?ticket=not-a-real-ticket-value", { headers: { upgrade: "websocket" } });
    expect(bad.status).toBe(401);
    // An access token is not a ticket.
    const wrongType = await api("GET", `/api/realtime/ws?ticket=${u.token}`, { headers: { upgrade: "websocket" } });
    expect(wrongType.status).toBe(401);
  });
});
