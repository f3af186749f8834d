// Memory of a 100 MB multipart/form-data avatar upload (the seed's form) through wrangler dev:
// the Worker must stream the `file` part to R2, so workerd's resident memory during the upload
// should stay within 64 MB of its idle RSS. Prints idle RSS, peak RSS and the difference, for a
// first and a second upload (a second one that does not grow again means allocator/GC high-water,
// not live memory), then a breakdown on a probe Worker (bench/upload-probe/) that sends the same
// body to different sinks, each in a fresh wrangler dev: what the app's code costs with R2
// replaced by a discard sink, and what local R2 (miniflare's simulator, running in the same
// workerd process) costs with no Worker code touching the bytes.
// Knobs: BENCH_UPLOAD_MB (100), BENCH_UPLOAD_RAW=1 (also the raw-body form, in its own fresh
// wrangler dev), BENCH_UPLOAD_BREAKDOWN=0 (skip the probe), BENCH_UPLOAD_PROBE=mode,… (which
// probe rows), BENCH_PORT_OFFSET.
import { request } from "node:http";
import { readFileSync, readdirSync } from "node:fs";
import { spawn } from "node:child_process";
import { startApp, newUser } from "./lib.mjs";

const PORT = 8796;
const PROBE_PORT = 8797;
const MB = Number(process.env.BENCH_UPLOAD_MB ?? 100);
const BUDGET_MB = 64;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** workerd processes started by our wrangler dev (descendants of its process group leader). */
export function workerdPids(rootPid) {
  const parent = new Map();
  const name = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      name.set(Number(d), stat.slice(stat.indexOf("(") + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(" ")[1]));
    } catch {}
  }
  const descends = (pid) => {
    for (let p = pid, n = 0; p > 1 && n < 50; p = parent.get(p) ?? 0, n++) if (p === rootPid) return true;
    return false;
  };
  return [...name].filter(([pid, n]) => n.startsWith("workerd") && descends(pid)).map(([pid]) => pid);
}

export function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
export const totalRssMb = (pids) => pids.reduce((n, p) => n + rssKb(p), 0) / 1024;

/** A multipart body with one `file` part of `size` bytes (an MP4 signature, then filler), generated as it is sent. */
export function sendMultipart(base, token, size, raw = false, path = "/api/avatars/upload") {
  const boundary = "----bench" + Date.now();
  const head = raw
    ? Buffer.alloc(0)
    : Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
  const tail = raw ? Buffer.alloc(0) : Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const first = Buffer.from(chunk);
  first.set([0, 0, 0, 0x18, ...Buffer.from("ftypisom")]);
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method: "POST",
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        "content-type": raw ? "video/mp4" : `multipart/form-data; boundary=${boundary}`,
        "content-length": head.length + size + tail.length,
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, body: text }));
    });
    req.on("error", reject);
    (async () => {
      req.write(head);
      for (let sent = 0; sent < size; ) {
        const n = Math.min(chunk.length, size - sent);
        const piece = (sent === 0 ? first : chunk).subarray(0, n);
        sent += n;
        if (!req.write(piece)) await new Promise((r) => req.once("drain", r));
      }
      req.end(tail);
    })().catch(reject);
  });
}

/** Resident memory once the process has settled (max over 1 s, after a 2 s pause). */
async function idleRss(pids) {
  await sleep(2000);
  let idle = 0;
  for (let i = 0; i < 20; i++) {
    idle = Math.max(idle, totalRssMb(pids));
    await sleep(50);
  }
  return idle;
}

/** Runs `send` while sampling RSS every 20 ms: idle before, peak during, per process. */
async function measure(pids, send) {
  const idle = await idleRss(pids);
  const before = new Map(pids.map((p) => [p, rssKb(p) / 1024]));
  const perPeak = new Map(before);
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, totalRssMb(pids));
    for (const p of pids) perPeak.set(p, Math.max(perPeak.get(p), rssKb(p) / 1024));
  }, 20);
  const t = performance.now();
  try {
    const res = await send();
    return {
      res,
      idle,
      peak,
      grew: peak - idle,
      seconds: (performance.now() - t) / 1000,
      procs: pids.map((p) => `${p} ${before.get(p).toFixed(0)} → ${perPeak.get(p).toFixed(0)}`).join(", "),
    };
  } finally {
    clearInterval(sampler);
  }
}

const line = (label, m) =>
  `${label.padEnd(46)} idle ${m.idle.toFixed(1).padStart(6)} MB   peak ${m.peak.toFixed(1).padStart(6)} MB   growth ${m.grew.toFixed(1).padStart(6)} MB   (${m.seconds.toFixed(1)} s; per process idle → peak: ${m.procs})`;

function expectStored(res, size) {
  const body = JSON.parse(res.body);
  const stored = body.sizeBytes ?? body.bytes;
  if (res.status >= 300 || stored !== size) throw new Error(`upload answered ${res.status}: ${res.body.slice(0, 300)}`);
}

/** The app on wrangler dev: a first and a second upload of MB megabytes (multipart, or the raw body). */
async function appRun(raw) {
  const size = MB * 1024 * 1024;
  const app = await startApp(PORT, {
    persistTo: `.wrangler/bench-upload${raw ? "-raw" : ""}`,
    vars: { MAX_UPLOAD_SIZE: String(Math.max(MB, 100) * 1024 * 1024) },
  });
  try {
    const { token } = await newUser(app.base);
    const pids = workerdPids(app.pid);
    if (!pids.length) throw new Error("no workerd process found under wrangler dev");
    await sendMultipart(app.base, token, 256 * 1024, raw); // warm the upload path: what follows is "idle"
    const first = await measure(pids, () => sendMultipart(app.base, token, size, raw));
    expectStored(first.res, size);
    const second = await measure(pids, () => sendMultipart(app.base, token, size, raw));
    expectStored(second.res, size);
    return { first, second };
  } finally {
    app.stop();
  }
}

/** The probe Worker on its own wrangler dev: one mode, a first and a second upload. */
async function probeRun(mode) {
  const size = MB * 1024 * 1024;
  const port = PROBE_PORT + Number(process.env.BENCH_PORT_OFFSET ?? 0);
  const args = [
    "wrangler",
    "dev",
    "-c",
    "bench/upload-probe/wrangler.toml",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--inspector-port",
    String(port + 1000),
    "--log-level",
    "error",
    "--persist-to",
    ".wrangler/bench-upload-probe",
    "--show-interactive-dev-session=false",
  ];
  const child = spawn("npx", args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, detached: true });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/ping`)).ok) break;
      } catch {}
      if (i > 120) throw new Error("probe wrangler dev did not start");
      await sleep(500);
    }
    const pids = workerdPids(child.pid);
    const raw = !mode.startsWith("app-");
    await sendMultipart(base, null, 256 * 1024, raw, `/${mode}`);
    const first = await measure(pids, () => sendMultipart(base, null, size, raw, `/${mode}`));
    expectStored(first.res, size);
    const second = await measure(pids, () => sendMultipart(base, null, size, raw, `/${mode}`));
    expectStored(second.res, size);
    return { first, second };
  } finally {
    process.kill(-child.pid, "SIGTERM");
    await sleep(1000);
  }
}

export default async function () {
  const form = await appRun(false);
  console.log(line(`app, multipart ${MB} MB, first upload`, form.first));
  console.log(line(`app, multipart ${MB} MB, second upload`, form.second));
  if (process.env.BENCH_UPLOAD_RAW) {
    const raw = await appRun(true);
    console.log(line(`app, raw body ${MB} MB, first upload`, raw.first));
    console.log(line(`app, raw body ${MB} MB, second upload`, raw.second));
  }
  let appShare = null;
  let r2Share = null;
  if (process.env.BENCH_UPLOAD_BREAKDOWN !== "0") {
    console.log("breakdown (probe Worker, a fresh wrangler dev per row):");
    const described = {
      "read-byob": "body read BYOB, nothing kept",
      "app-sink": "app's multipart reader + part writer → discard",
      "r2-put": "raw body → local R2 put, no Worker JS on it",
      "app-r2": "app's multipart reader + part writer → local R2",
    };
    // More modes (see bench/upload-probe/worker.js): read, sink, r2-fixed, r2-multipart, r2-multipart-buffer.
    const modes = (process.env.BENCH_UPLOAD_PROBE ?? Object.keys(described).join(",")).split(",").map((m) => [m, described[m] ?? m]);
    for (const [mode, what] of modes) {
      const m = await probeRun(mode);
      console.log(line(`  ${mode}: ${what}, first`, m.first));
      console.log(line(`  ${mode}: second`, m.second));
      if (mode === "app-sink") appShare = m.first.grew;
      if (mode === "r2-put") r2Share = m.first.grew;
    }
  }
  const grew = form.first.grew;
  console.log(
    `workerd RSS idle ${form.first.idle.toFixed(1)} MB   peak during upload ${form.first.peak.toFixed(1)} MB   growth ${grew.toFixed(1)} MB (budget ${BUDGET_MB} MB: ${grew <= BUDGET_MB ? "within" : "OVER"})`,
  );
  if (appShare !== null) {
    console.log(
      `  of which the Worker's own code (R2 replaced by a discard sink): ${appShare.toFixed(1)} MB (${appShare <= BUDGET_MB ? "within" : "OVER"} budget); local R2 alone, with no Worker code on the bytes: ${r2Share.toFixed(1)} MB`,
    );
  }
  // The verdict is the Worker's share when the breakdown ran (local R2 is miniflare's simulator,
  // not the Worker), else the total.
  if ((appShare ?? grew) > BUDGET_MB) process.exitCode = 1;
}
