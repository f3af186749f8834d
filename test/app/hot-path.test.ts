import { describe, it, expect } from "vitest";
import { clientWithEnv } from "../support/client";
import { backends, sleep } from "../support/backends";

/** The round trips the Worker reported for one request (TRACE_ROUND_TRIPS=1 → Server-Timing rt). */
function roundTrips(res: { headers: Headers }) {
  const m = /rt;desc="d1=(\d+) do=(\d+) upstash=(\d+)"/.exec(res.headers.get("server-timing") ?? "");
  if (!m) throw new Error(`no round-trip trace in Server-Timing: ${res.headers.get("server-timing")}`);
  return { d1: Number(m[1]), do: Number(m[2]), upstash: Number(m[3]) };
}

async function awayFromWindowEdge() {
  const into = Date.now() % 60_000;
  if (into > 45_000) await sleep(60_000 - into + 200);
}

describe.each(backends)("the authenticated hot path on $name", (backend) => {
  // Two containers over the same backends and database stand for two isolates of one deployment:
  // each has its own first-level (in-isolate) cache, they share the counters and the shared cache.
  const a = clientWithEnv({ ...backend.vars, TRACE_ROUND_TRIPS: "1" });
  const b = clientWithEnv({ ...backend.vars, TRACE_ROUND_TRIPS: "1", ISOLATE: "b" });
  const remote = backend.name.startsWith("upstash") ? "upstash" : "do";

  describe.skipIf(!!backend.skip)("round trips", () => {
    it("a cached profile read costs one round trip (rate limit + invalidation epoch together), no D1", async () => {
      const u = await a.register("Hot");
      await a.api("GET", "/api/users/profile", { token: u.token });
      const warm = await a.api("GET", "/api/users/profile", { token: u.token });
      expect(warm.status).toBe(200);
      expect(roundTrips(warm)).toEqual({ d1: 0, do: 0, upstash: 0, [remote]: 1 });
    });
  });

  describe.skipIf(!!backend.skip)("a chat turn", () => {
    // Opening it (conversation check + question stored + memory window + the knowledge version
    // retrieval revalidates with, one batch), the reply, the conversation's touch: six round trips
    // before the batch, four with it before the knowledge version joined it.
    it("costs three D1 round trips: the conversation's check, the question, the memory window and the knowledge version in one", async () => {
      const u = await a.register("Turn");
      const conv = await a.api("POST", "/api/conversations", { token: u.token, body: {} });
      const conversation_id = (conv.body as { id: string }).id;
      expect((await a.api("POST", "/api/chat/send", { token: u.token, body: { message: "Hello there", conversation_id } })).status).toBe(200);
      const turn = await a.api("POST", "/api/chat/send", { token: u.token, body: { message: "What do you do?", conversation_id } });
      expect(turn.status).toBe(200);
      expect(roundTrips(turn).d1).toBe(3);
      // A question named by the client (client_message_id, so a retry is not stored twice) is looked up in the same batch.
      const named = await a.api("POST", "/api/chat/send", {
        token: u.token,
        body: { message: "Where do you live?", conversation_id, client_message_id: "q-1" },
      });
      expect(named.status).toBe(200);
      expect(roundTrips(named).d1).toBe(3);
    });
  });

  describe.skipIf(!!backend.skip)("guarantees across isolates", () => {
    it("an update made through one isolate is what the other serves next", async () => {
      const u = await a.register("Ada");
      expect((await a.api("GET", "/api/users/profile", { token: u.token })).body.headline).toBe("");
      expect((await a.api("GET", "/api/users/profile", { token: u.token })).body.headline).toBe(""); // from a's first-level cache
      expect((await b.api("PUT", "/api/users/profile", { token: u.token, body: { headline: "Analyst" } })).status).toBe(200);
      expect((await a.api("GET", "/api/users/profile", { token: u.token })).body.headline).toBe("Analyst");
    });

    it("logout through one isolate ends the session in the other at once", async () => {
      const u = await a.register("Grace");
      expect((await a.api("GET", "/api/users/profile", { token: u.token })).status).toBe(200);
      expect((await a.api("GET", "/api/users/profile", { token: u.token })).status).toBe(200);
      expect((await b.api("POST", "/api/auth/logout", { token: u.token })).status).toBe(204);
      expect((await a.api("GET", "/api/users/profile", { token: u.token })).status).toBe(401);
      expect((await a.api("GET", "/api/auth/me", { token: u.token })).status).toBe(401);
    });

    it("one user's first-level entries are never served to another", async () => {
      const x = await a.register("Xena");
      const y = await a.register("Yuri");
      await a.api("PUT", "/api/users/profile", { token: x.token, body: { bio: "x's secret" } });
      expect((await a.api("GET", "/api/users/profile", { token: x.token })).body.bio).toBe("x's secret");
      const other = await a.api("GET", "/api/users/profile", { token: y.token });
      expect(other.body.userId).toBe(y.userId);
      expect(other.body.bio).toBe("");
    });
  });

  describe.skipIf(!!backend.skip)("exact limits across isolates", () => {
    const la = clientWithEnv({ ...backend.vars, RATE_LIMIT_PER_MINUTE: "20" });
    const lb = clientWithEnv({ ...backend.vars, RATE_LIMIT_PER_MINUTE: "20", ISOLATE: "b" });
    it("requests through two isolates share one budget: the 21st in a minute is 429 wherever it lands", { timeout: 60_000 }, async () => {
      const u = await la.register("Split");
      await awayFromWindowEdge();
      for (let i = 1; i <= 20; i++) {
        const res = await (i % 2 ? la : lb).api("GET", "/api/users/profile", { token: u.token });
        expect(res.status).toBe(200);
        expect(res.headers.get("RateLimit-Remaining")).toBe(String(20 - i));
      }
      expect((await la.api("GET", "/api/users/profile", { token: u.token })).status).toBe(429);
      expect((await lb.api("GET", "/api/users/profile", { token: u.token })).status).toBe(429);
    });

    it("a burst of 30 concurrent requests through two isolates (counted in batches) lets exactly 20 through, each with its own remainder", {
      timeout: 60_000,
    }, async () => {
      const u = await la.register("Burst");
      await awayFromWindowEdge();
      const all = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? la : lb).api("GET", "/api/users/profile", { token: u.token })));
      const ok = all.filter((r) => r.status === 200);
      expect(ok).toHaveLength(20);
      expect(all.filter((r) => r.status === 429)).toHaveLength(10);
      expect(ok.map((r) => Number(r.headers.get("RateLimit-Remaining"))).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });
  });
});
