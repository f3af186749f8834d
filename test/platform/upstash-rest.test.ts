// The local Upstash-REST endpoint itself, spoken to as @upstash/redis does (raw HTTP and the SDK).
import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { Redis } from "@upstash/redis/cloudflare";
import { unique } from "../support/backends";

const skip = !env.TEST_UPSTASH_URL;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(env.TEST_UPSTASH_URL + path, {
    method: "POST",
    headers: { authorization: `Bearer ${env.TEST_UPSTASH_TOKEN}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

describe.skipIf(skip)("Upstash-REST endpoint over redis-server", () => {
  describe("happy path", () => {
    it("runs one command, with and without base64 response encoding", async () => {
      const key = unique("k");
      expect(await (await post("/", ["SET", key, "héllo"])).json()).toEqual({ result: "OK" });
      expect(await (await post("/", ["GET", key])).json()).toEqual({ result: "héllo" });
      expect(await (await post("/", ["GET", key], { "upstash-encoding": "base64" })).json()).toEqual({ result: b64("héllo") });
      expect(await (await post("/", ["INCR", unique("n")], { "upstash-encoding": "base64" })).json()).toEqual({ result: 1 });
      expect(await (await post("/", ["GET", unique("none")], { "upstash-encoding": "base64" })).json()).toEqual({ result: null });
    });

    it("pipelines: one result or error per command, in order", async () => {
      const key = unique("p");
      const res = await post(
        "/pipeline",
        [
          ["SET", key, "1"],
          ["INCR", key],
          ["HGET", key, "f"],
          ["RPUSH", `${key}:l`, "a", "b"],
          ["LRANGE", `${key}:l`, 0, -1],
        ],
        { "upstash-encoding": "base64" },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as any[];
      expect(body[0]).toEqual({ result: b64("OK") });
      expect(body[1]).toEqual({ result: 2 });
      expect(body[2].error).toMatch(/WRONGTYPE/);
      expect(body[3]).toEqual({ result: 2 });
      expect(body[4]).toEqual({ result: [b64("a"), b64("b")] });
    });

    it("multi-exec is atomic: a command refused while queueing aborts all", async () => {
      const key = unique("m");
      const ok = await post("/multi-exec", [
        ["SET", key, "v"],
        ["GET", key],
      ]);
      expect(await ok.json()).toEqual([{ result: "OK" }, { result: "v" }]);
      const bad = await post("/multi-exec", [["SET", `${key}:2`, "v"], ["NOSUCHCOMMAND"]]);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).error).toMatch(/EXECABORT|unknown command/i);
      expect(await (await post("/", ["EXISTS", `${key}:2`])).json()).toEqual({ result: 0 });
    });

    it("accepts Upstash-only script flags (as @upstash/ratelimit sends) and maps EVALSHA to the rewritten script", async () => {
      const script = "#!lua flags=allow-key-locking,no-writes\nreturn ARGV[1]";
      const sha = ((await (await post("/", ["SCRIPT", "LOAD", script])).json()) as any).result;
      const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(script));
      expect(sha).toBe([...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, "0")).join(""));
      expect(await (await post("/", ["EVALSHA", sha, 0, "hi"])).json()).toEqual({ result: "hi" });
      expect(await (await post("/", ["EVAL", script, 0, "there"])).json()).toEqual({ result: "there" });
      expect(await (await post("/", ["SCRIPT", "EXISTS", sha])).json()).toEqual({ result: [1] });
    });

    it("works with the @upstash/redis SDK (base64 by default, pipelines, transactions)", async () => {
      const redis = new Redis({ url: env.TEST_UPSTASH_URL, token: env.TEST_UPSTASH_TOKEN, enableTelemetry: false, enableAutoPipelining: false });
      const key = unique("sdk");
      await redis.set(key, { name: "Ada", langs: ["en", "fr"] }, { ex: 60 });
      expect(await redis.get(key)).toEqual({ name: "Ada", langs: ["en", "fr"] });
      expect(await redis.ttl(key)).toBeGreaterThan(50);
      const p = redis.pipeline();
      p.incr(`${key}:n`);
      p.incr(`${key}:n`);
      expect(await p.exec()).toEqual([1, 2]);
      const tx = redis.multi();
      tx.set(`${key}:t`, "x");
      tx.get(`${key}:t`);
      expect(await tx.exec()).toEqual(["OK", "x"]);
    });
  });

  describe("error path", () => {
    it("a redis error is a 400 with {error}", async () => {
      const key = unique("e");
      await post("/", ["SET", key, "text"]);
      const res = await post("/", ["INCR", key]);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/not an integer/) });
    });

    it("malformed bodies and unknown endpoints are 4xx with {error}", async () => {
      for (const [path, body] of [
        ["/", {}],
        ["/", []],
        ["/pipeline", ["GET"]],
        ["/nope", ["PING"]],
      ] as const) {
        const res = await post(path, body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(typeof ((await res.json()) as any).error).toBe("string");
      }
    });

    it("when its redis-server is down it answers 503 with {error}", async () => {
      const res = await fetch(env.TEST_UPSTASH_DOWN_URL, { method: "POST", headers: { authorization: `Bearer ${env.TEST_UPSTASH_TOKEN}` }, body: '["PING"]' });
      expect(res.status).toBe(503);
      expect(typeof ((await res.json()) as any).error).toBe("string");
    });
  });

  describe("security", () => {
    it("refuses a missing or wrong bearer token", async () => {
      const none = await fetch(env.TEST_UPSTASH_URL, { method: "POST", body: '["PING"]' });
      expect(none.status).toBe(401);
      expect(await none.json()).toEqual({ error: "Unauthorized" });
      const wrong = await fetch(env.TEST_UPSTASH_URL, { method: "POST", headers: { authorization: "Bearer nope" }, body: '["PING"]' });
      expect(wrong.status).toBe(401);
    });
  });
});
