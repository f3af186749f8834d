import { afterEach, describe, expect, it, vi } from "vitest";
import { session } from "../src/stores/session";
import { usersApi } from "../src/api/users";
import { ApiError } from "../src/api/client";

const profile = { userId: "u1", name: "Ada", email: "a@x.io", headline: "", bio: "", location: "", website: "", language: "en", personality: { formality: 50, enthusiasm: 50, verbosity: 50, humor: 50 }, onboarding: { step: 1, completed: false }, updatedAt: 1 };
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A tiny fake server: /api/users/profile wants "Bearer fresh"; /api/auth/refresh swaps "r1" for fresh tokens. */
function fakeServer(opts: { refreshOk: boolean }) {
  const calls: string[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const auth = new Headers(init.headers).get("authorization");
    calls.push(`${init.method ?? "GET"} ${url.pathname} ${auth ?? ""}`.trim());
    if (url.pathname === "/api/auth/refresh") {
      await new Promise((r) => setTimeout(r, 5));
      return opts.refreshOk ? json({ accessToken: "fresh", refreshToken: "r2", tokenType: "Bearer", expiresIn: 1800 }) : json({ error: { code: "unauthorized", message: "Session has ended", requestId: "q" } }, 401);
    }
    if (url.pathname === "/api/users/profile") {
      return auth === "Bearer fresh" ? json(profile) : json({ error: { code: "unauthorized", message: "Token expired", requestId: "q" } }, 401);
    }
    return json({ error: { code: "not_found", message: "nope", requestId: "q" } }, 404);
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
});

describe("transparent session refresh", () => {
  it("refreshes once on 401 and retries, even for concurrent requests", async () => {
    session.setTokens({ accessToken: "stale", refreshToken: "r1" });
    const calls = fakeServer({ refreshOk: true });
    const [a, b] = await Promise.all([usersApi.profile(), usersApi.profile()]);
    expect(a.name).toBe("Ada");
    expect(b.name).toBe("Ada");
    expect(calls.filter((c) => c.includes("/api/auth/refresh"))).toHaveLength(1);
    expect(session.accessToken()).toBe("fresh");
    expect(session.refreshToken()).toBe("r2");
  });

  it("signs out when the refresh token is refused, surfacing the server's error", async () => {
    session.setTokens({ accessToken: "stale", refreshToken: "r1" });
    fakeServer({ refreshOk: false });
    const err = await usersApi.profile().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: "unauthorized", message: "Token expired" });
    expect(session.signedIn()).toBe(false);
  });

  it("does not try to refresh without a refresh token", async () => {
    const calls = fakeServer({ refreshOk: true });
    await expect(usersApi.profile()).rejects.toMatchObject({ status: 401 });
    expect(calls).toEqual(["GET /api/users/profile"]);
  });
});

/** A minimal Web Locks API: exclusive, FIFO per name (what navigator.locks gives across tabs). */
function fakeLocks() {
  const queues = new Map<string, Promise<unknown>>();
  const requested: string[] = [];
  const locks = {
    request(name: string, cb: () => Promise<unknown>) {
      requested.push(name);
      const prev = queues.get(name) ?? Promise.resolve();
      const run = prev.catch(() => {}).then(cb);
      queues.set(name, run);
      return run;
    },
  };
  vi.stubGlobal("navigator", { ...navigator, locks });
  return { locks, requested };
}

describe("refresh across tabs", () => {
  it("waits for another tab's refresh (Web Locks) and adopts its tokens instead of spending the old refresh token again", async () => {
    session.setTokens({ accessToken: "stale", refreshToken: "r1" });
    const calls = fakeServer({ refreshOk: true });
    const { locks, requested } = fakeLocks();
    // Another tab holds the refresh lock, rotates r1 and stores the new pair before releasing.
    let release!: () => void;
    const otherTab = locks.request("digital-self.refresh", () => new Promise<void>((r) => (release = r)));
    const mine = usersApi.profile();
    await new Promise((r) => setTimeout(r, 10));
    localStorage.setItem("digital-self.session", JSON.stringify({ accessToken: "fresh", refreshToken: "r9" }));
    release();
    await otherTab;
    expect((await mine).name).toBe("Ada");
    expect(requested.filter((n) => n === "digital-self.refresh").length).toBe(2);
    expect(calls.filter((c) => c.includes("/api/auth/refresh"))).toHaveLength(0);
    expect(session.refreshToken()).toBe("r9");
  });

  it("without Web Locks it still refreshes (the server's grace window covers racing tabs)", async () => {
    session.setTokens({ accessToken: "stale", refreshToken: "r1" });
    vi.stubGlobal("navigator", { ...navigator, locks: undefined });
    const calls = fakeServer({ refreshOk: true });
    expect((await usersApi.profile()).name).toBe("Ada");
    expect(calls.filter((c) => c.includes("/api/auth/refresh"))).toHaveLength(1);
  });
});
