// The local stand-in for the Cron Trigger: it must reach wrangler's trigger URL on its interval and
// stop when told (npm start stops it with wrangler dev).
import { describe, expect, it } from "vitest";
import { createServer } from "node:http";
import { startLocalCron } from "./local-cron.mjs";

describe("local cron (npm start)", () => {
  it("calls /cdn-cgi/local/scheduled on every tick and stops when told", async () => {
    const hits = [];
    const server = createServer((req, res) => {
      hits.push(req.url);
      res.end("ok");
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address();
    const stop = startLocalCron(`http://127.0.0.1:${port}`, 50);
    await new Promise((r) => setTimeout(r, 400));
    stop();
    const seen = hits.length;
    expect(seen).toBeGreaterThanOrEqual(3);
    expect(new Set(hits)).toEqual(new Set(["/cdn-cgi/local/scheduled"]));
    await new Promise((r) => setTimeout(r, 200));
    expect(hits.length).toBe(seen);
    server.close();
  });

  it("keeps going when the dev server is down (a restart), without throwing", async () => {
    const errors = [];
    const stop = startLocalCron("http://127.0.0.1:9", 50, (e) => errors.push(e));
    await new Promise((r) => setTimeout(r, 300));
    stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});
