// Memory of a 100 MB multipart/form-data avatar upload (the seed's form) through wrangler dev:
// the Worker must stream the `file` part to R2, so workerd's resident memory during the upload
// should stay within 64 MB of its idle RSS. Prints idle RSS, peak RSS and the difference.
// Knobs: BENCH_UPLOAD_MB (100), BENCH_PORT_OFFSET.
import { request } from "node:http";
import { readFileSync, readdirSync } from "node:fs";
import { startApp, newUser } from "./lib.mjs";

const PORT = 8796;
const MB = Number(process.env.BENCH_UPLOAD_MB ?? 100);
const BUDGET_MB = 64;

/** workerd processes started by our wrangler dev (descendants of its process group leader). */
function workerdPids(rootPid) {
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

function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
const totalRssMb = (pids) => pids.reduce((n, p) => n + rssKb(p), 0) / 1024;

/** A multipart body with one `file` part of `size` bytes (an MP4 signature, then filler), generated as it is sent. */
function sendMultipart(base, token, size, raw = false) {
  const boundary = "----bench" + Date.now();
  const head = raw ? Buffer.alloc(0) : Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
  const tail = raw ? Buffer.alloc(0) : Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const first = Buffer.from(chunk);
  first.set([0, 0, 0, 0x18, ...Buffer.from("ftypisom")]);
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/avatars/upload`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": raw ? "video/mp4" : `multipart/form-data; boundary=${boundary}`, "content-length": head.length + size + tail.length },
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

export default async function () {
  const app = await startApp(PORT, { persistTo: `.wrangler/bench-upload`, vars: { MAX_UPLOAD_SIZE: String(Math.max(MB, 100) * 1024 * 1024) } });
  try {
    const { token } = await newUser(app.base);
    const pids = workerdPids(app.pid);
    if (!pids.length) throw new Error("no workerd process found under wrangler dev");
    // Warm the upload path once (small file), then let memory settle: that is "idle".
    await sendMultipart(app.base, token, 256 * 1024);
    await new Promise((r) => setTimeout(r, 2000));
    let idle = 0;
    for (let i = 0; i < 20; i++) {
      idle = Math.max(idle, totalRssMb(pids));
      await new Promise((r) => setTimeout(r, 50));
    }
    if (process.env.BENCH_UPLOAD_RAW) {
      // The raw-body form for comparison (same budget): what the platform itself costs.
      let rawPeak = idle;
      const s = setInterval(() => (rawPeak = Math.max(rawPeak, totalRssMb(pids))), 20);
      const r = await sendMultipart(app.base, token, MB * 1024 * 1024, true);
      clearInterval(s);
      console.log(`raw-body upload (${r.status}): workerd RSS idle ${idle.toFixed(1)} MB, peak ${rawPeak.toFixed(1)} MB, growth ${(rawPeak - idle).toFixed(1)} MB`);
      await new Promise((r) => setTimeout(r, 2000));
      for (let i = 0; i < 20; i++) {
        idle = Math.max(idle, totalRssMb(pids));
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    let peak = idle;
    const per = new Map(pids.map((p) => [p, rssKb(p) / 1024]));
    const perPeak = new Map(per);
    const sampler = setInterval(() => {
      peak = Math.max(peak, totalRssMb(pids));
      for (const p of pids) perPeak.set(p, Math.max(perPeak.get(p), rssKb(p) / 1024));
    }, 20);
    const t = performance.now();
    const res = await sendMultipart(app.base, token, MB * 1024 * 1024);
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    const body = JSON.parse(res.body);
    if (res.status !== 202 || body.sizeBytes !== MB * 1024 * 1024) throw new Error(`upload answered ${res.status}: ${res.body.slice(0, 300)}`);
    const grew = peak - idle;
    console.log(`workerd processes (idle → peak MB): ${pids.map((p) => `${p} ${per.get(p).toFixed(0)} → ${perPeak.get(p).toFixed(0)}`).join(", ")}`);
    console.log(`multipart upload of ${MB} MB: ${seconds.toFixed(1)} s (${(MB / seconds).toFixed(1)} MB/s), stored ${body.sizeBytes} bytes`);
    console.log(`workerd RSS idle ${idle.toFixed(1)} MB   peak during upload ${peak.toFixed(1)} MB   growth ${grew.toFixed(1)} MB (budget ${BUDGET_MB} MB: ${grew <= BUDGET_MB ? "within" : "OVER"})`);
    if (grew > BUDGET_MB) process.exitCode = 1;
  } finally {
    app.stop();
  }
}
