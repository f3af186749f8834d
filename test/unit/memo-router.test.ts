import { describe, expect, it } from "vitest";
import { SmartRouter } from "hono/router/smart-router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { TrieRouter } from "hono/router/trie-router";
import { MemoRouter } from "../../worker/http/memo-router";
import { createApp } from "../../worker/app";

const handlers = (r: ReturnType<MemoRouter<string>["match"]>) =>
  r[0].map(([h, p]) => [h, Object.fromEntries(Object.entries(p as Record<string, unknown>).map(([k, v]) => [k, r[1] ? r[1][v as number] : v]))]);

describe("MemoRouter: Hono's answers, remembered per method and path", () => {
  const ROUTES: [string, string][] = [
    ["ALL", "/api/*"],
    ["GET", "/api/knowledge/search"],
    ["GET", "/api/knowledge/:id"],
    ["POST", "/api/knowledge/:id/refetch"],
    ["GET", "/api/users/profile"],
  ];
  const build = <R extends { add(m: string, p: string, h: string): void }>(r: R) => {
    ROUTES.forEach(([m, p], i) => r.add(m, p, `h${i}`));
    return r;
  };

  it("matches exactly as SmartRouter does, the first time and when remembered, static routes beside param routes included", () => {
    const memo = build(new MemoRouter<string>());
    const plain = build(new SmartRouter<string>({ routers: [new RegExpRouter(), new TrieRouter()] }));
    for (const [m, p] of [
      ["GET", "/api/knowledge/search"],
      ["GET", "/api/knowledge/doc_1"],
      ["GET", "/api/knowledge/doc_2"],
      ["POST", "/api/knowledge/doc_2/refetch"],
      ["GET", "/api/users/profile"],
      ["DELETE", "/api/users/profile"],
      ["GET", "/nowhere"],
    ] as const) {
      const want = handlers(plain.match(m, p));
      expect(handlers(memo.match(m, p))).toEqual(want);
      expect(handlers(memo.match(m, p))).toEqual(want);
    }
    expect(handlers(memo.match("GET", "/api/knowledge/doc_9"))).toEqual([
      ["h0", {}],
      ["h2", { id: "doc_9" }],
    ]);
  });

  it("refuses new routes once it has matched, as Hono's routers do, so no remembered answer goes stale", () => {
    const memo = build(new MemoRouter<string>());
    memo.match("GET", "/api/extra");
    expect(() => memo.add("GET", "/api/extra", "late")).toThrow();
  });

  it("stays bounded when every path is new (ids, junk)", () => {
    const memo = build(new MemoRouter<string>());
    for (let i = 0; i < 5000; i++) memo.match("GET", `/api/knowledge/doc_${i}`);
    expect((memo as unknown as { memo: Map<string, unknown> }).memo.size).toBeLessThanOrEqual(512);
    expect(handlers(memo.match("GET", "/api/knowledge/doc_0"))).toEqual([
      ["h0", {}],
      ["h2", { id: "doc_0" }],
    ]);
  });

  it("is the app's router", () => {
    expect(createApp().router.name).toBe("MemoRouter");
  });
});
