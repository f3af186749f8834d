import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { session } from "../src/stores/session";
import { onLiveEvent, type LiveEvent } from "../src/api/realtime";

/** A stand-in WebSocket the test drives by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  FakeSocket.all = [];
  vi.stubGlobal("WebSocket", FakeSocket);
  let n = 0;
  vi.stubGlobal(
    "fetch",
    vi.fn(
      async () =>
        new Response(JSON.stringify({ ticket: `t${++n}`, expiresIn: 60, url: `/api/realtime/ws?ticket=t${n}` }), {
          headers: { "content-type": "application/json" },
        }),
    ),
  );
  session.setTokens({ accessToken: "a", refreshToken: "r" });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  session.clear();
});

describe("live events socket", () => {
  it("opens one socket with a fresh ticket, fans events out, and closes when nobody listens", async () => {
    const a: LiveEvent[] = [];
    const b: LiveEvent[] = [];
    const offA = onLiveEvent((e) => a.push(e));
    const offB = onLiveEvent((e) => b.push(e));
    await flush();
    expect(FakeSocket.all).toHaveLength(1);
    const ws = FakeSocket.all[0]!;
    expect(ws.url).toMatch(/^ws:\/\/[^/]+\/api\/realtime\/ws\?ticket=t1$/);
    ws.onopen?.();
    ws.onmessage?.({
      data: JSON.stringify({ type: "job", job: { id: "j", kind: "knowledge.index", subjectId: "d", status: "running", progress: 0.5, error: null } }),
    });
    ws.onmessage?.({ data: "not json" });
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
    offA();
    expect(ws.closed).toBe(false);
    offB();
    expect(ws.closed).toBe(true);
  });

  it("reconnects with a new ticket after the socket drops, backing off", async () => {
    vi.useFakeTimers();
    const off = onLiveEvent(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.all).toHaveLength(1);
    FakeSocket.all[0]!.onclose?.();
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.all[1]!.url).toContain("ticket=t2");
    FakeSocket.all[1]!.onclose?.();
    await vi.advanceTimersByTimeAsync(1500);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeSocket.all).toHaveLength(3);
    off();
  });
});
