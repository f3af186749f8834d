import { describe, expect, it } from "vitest";
import { createSseParser, readSse, type SseEvent } from "../src/api/sse";

const parseAll = (chunks: string[]) => {
  const out: SseEvent[] = [];
  const p = createSseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  return out;
};

describe("SSE parser", () => {
  it("parses named events with JSON data", () => {
    expect(parseAll(['event: token\ndata: {"text":"Hi"}\n\n'])).toEqual([{ event: "token", data: '{"text":"Hi"}' }]);
  });

  it("joins multi-line data and defaults the event name to message", () => {
    expect(parseAll(["data: a\ndata: b\n\n"])).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("handles arbitrary chunk splits, including a CRLF split across chunks", () => {
    const text = 'event: meta\r\ndata: {"x":1}\r\n\r\nevent: done\r\ndata: {"y":2}\r\n\r\n';
    const whole = parseAll([text]);
    for (let i = 1; i < text.length; i++) expect(parseAll([text.slice(0, i), text.slice(i)])).toEqual(whole);
    expect(whole.map((e) => e.event)).toEqual(["meta", "done"]);
  });

  it("ignores comments and keeps the id", () => {
    expect(parseAll([": keep-alive\n\nid: 7\nevent: token\ndata: x\n\n"])).toEqual([{ event: "token", data: "x", id: "7" }]);
  });

  it("does not emit an event whose blank line never arrived", () => {
    const out: SseEvent[] = [];
    const p = createSseParser((e) => out.push(e));
    p.push("event: token\ndata: partial");
    p.end();
    expect(out).toEqual([]);
  });

  it("reads a byte stream with multi-byte characters split between chunks", async () => {
    const bytes = new TextEncoder().encode('event: token\ndata: {"text":"olá 👋"}\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 5) c.enqueue(bytes.slice(i, i + 5));
        c.close();
      },
    });
    const events: SseEvent[] = [];
    for await (const e of readSse(stream)) events.push(e);
    expect(JSON.parse(events[0]!.data).text).toBe("olá 👋");
  });
});
