import { describe, it, expect } from "vitest";
import { api, expectErrorShape, registerUser } from "./helpers";
import { findIllFormed } from "../worker/lib/well-formed";

// JSON.stringify writes a lone surrogate as the escape "\ud800", exactly what a client can send.
const LONE_HIGH = "Title \ud800 end";
const LONE_LOW = "\udc00 start";

describe("unicode at the edge: happy path", () => {
  it("well-formed text, astral characters included, round-trips unchanged", async () => {
    const u = await registerUser();
    const title = "Ünïcødé 😀 𝄞 日本";
    const conv = await api("POST", "/api/conversations", { token: u.token, body: { title } });
    expect(conv.status).toBe(201);
    expect((await api("GET", `/api/conversations/${conv.body.id}`, { token: u.token })).body.title).toBe(title);
  });
});

describe("unicode at the edge: lone surrogates are refused with 422", () => {
  it("a conversation title, a document title and a nested field: 422 naming the field, nothing stored", async () => {
    const u = await registerUser();
    for (const [method, path, body, field] of [
      ["POST", "/api/conversations", { title: LONE_HIGH }, "title"],
      ["POST", "/api/knowledge", { title: LONE_LOW, content: "body text" }, "title"],
      ["PUT", "/api/users/profile", { name: "Ok", personality: { [LONE_HIGH]: 5 } }, `personality.${LONE_HIGH}`],
    ] as const) {
      const res = await api(method, path, { token: u.token, body });
      expect(res.status, `${method} ${path}`).toBe(422);
      expectErrorShape(res.body, "validation_failed");
      expect(res.body.error.message.startsWith(`${field}:`)).toBe(true);
    }
    expect((await api("GET", "/api/conversations", { token: u.token })).body.items).toEqual([]);
    expect((await api("GET", "/api/knowledge", { token: u.token })).body.items).toEqual([]);
  });

  it("findIllFormed: pairs are fine, a lone half anywhere is found by its path", () => {
    expect(findIllFormed({ a: ["😀", { b: "x" }] })).toBeNull();
    expect(findIllFormed({ a: ["ok", { b: "\udbff" }] })).toBe("a[1].b");
    expect(findIllFormed("\ud83d\ude00\ude00")).toBe("(body)");
    expect(findIllFormed(42)).toBeNull();
  });
});
