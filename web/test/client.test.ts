import { afterEach, describe, expect, it, vi } from "vitest";
import { session } from "../src/stores/session";
import { usersApi } from "../src/api/users";
import { ApiError } from "../src/api/client";
import { apiError, json, profileFixture, stubFetch } from "./support/fetch-stub";

const profile = profileFixture({ step: 1, completed: false });

/** A tiny fake server: /api/users/profile wants "Bearer fresh"; /api/auth/refresh swaps "r1" for fresh tokens. */
function fakeServer(opts: { refreshOk: boolean }) {
  const calls = stubFetch(async ({ path, auth }) => {
    if (path === "/api/auth/refresh") {
      await new Promise((r) => setTimeout(r, 5));
      return opts.refreshOk
        ? json({ accessToken: "fresh", refreshToken: "r2", tokenType: "Bearer", expiresIn: 1800 })
        : apiError(401, "unauthorized", "Session has ended");
    }
    if (path === "/api/users/profile") return auth === "Bearer fresh" ? json(profile) : apiError(401, "unauthorized", "Token expired");
    return undefined;
  });
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
    expect(calls.filter((c) => c.path === "/api/auth/refresh")).toHaveLength(1);
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
    expect(calls.map((c) => `${c.method} ${c.path} ${c.auth ?? ""}`.trim())).toEqual(["GET /api/users/profile"]);
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
    expect(calls.filter((c) => c.path === "/api/auth/refresh")).toHaveLength(0);
    expect(session.refreshToken()).toBe("r9");
  });

  it("without Web Locks it still refreshes (the server's grace window covers racing tabs)", async () => {
    session.setTokens({ accessToken: "stale", refreshToken: "r1" });
    vi.stubGlobal("navigator", { ...navigator, locks: undefined });
    const calls = fakeServer({ refreshOk: true });
    expect((await usersApi.profile()).name).toBe("Ada");
    expect(calls.filter((c) => c.path === "/api/auth/refresh")).toHaveLength(1);
  });
});
