// Talking-avatar video: (1) local render speed = video duration ÷ render time for a ~10 s reply,
// straight against the media renderer; (2) upload throughput of a 100 MiB avatar through
// wrangler dev (streamed to local R2); (3) time from "make a video" to a playable MP4 through
// the whole stack (wrangler dev → queue → renderer → R2).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRendererServer } from "../local-services/media-renderer/server.mjs";
import { missingTools, TOOLS } from "../local-services/media-renderer/tools.mjs";
import { startApp, newUser, json } from "./lib.mjs";

const RENDERER_PORT = 8087;
const APP_PORT = 8794;
const TEN_SECOND_REPLY =
  "Thanks for asking! I spend most of my days building small tools for teams, and in the evenings I like long walks by the river. " +
  "If you want to know more about my projects, just ask me.";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function fixtures() {
  const dir = mkdtempSync(join(tmpdir(), "bench-video-"));
  try {
    spawnSync(TOOLS.ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x480", "-frames:v", "1", join(dir, "ref.jpg")]);
    spawnSync(TOOLS.ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x480:rate=25", "-f", "lavfi", "-i", "sine=frequency=140", "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", join(dir, "avatar.mp4")]);
    return { reference: readFileSync(join(dir, "ref.jpg")), video: readFileSync(join(dir, "avatar.mp4")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function renderSpeed(base, reference) {
  const runs = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/render`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: TEN_SECOND_REPLY, voice: { voice: "en+m3", pitch: 50, speed: 160 }, reference: reference.toString("base64") }),
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    const ms = performance.now() - t;
    if (!res.ok) throw new Error(`render failed: ${res.status}`);
    runs.push({ ms, durationMs: Number(res.headers.get("x-duration-ms")), bytes });
  }
  const steady = runs.slice(1); // the first run warms ffmpeg/espeak caches
  const ms = median(steady.map((r) => r.ms));
  const d = steady[0].durationMs;
  console.log(`local render: ${(d / 1000).toFixed(2)} s of video in ${Math.round(ms)} ms (median of ${steady.length}) → ${(d / ms).toFixed(1)}× real time, ${(steady[0].bytes / 1024).toFixed(0)} KiB MP4`);
}

async function uploadThroughput(app) {
  const { token } = await newUser(app.base);
  const size = 100 * 1024 * 1024;
  // An ISO-BMFF header so the upload passes sniffing; the rest is filler (training will reject it).
  const body = Buffer.alloc(size, 0x5a);
  body.set([0, 0, 0, 0x18, ...Buffer.from("ftypisom")]);
  const results = [];
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const res = await fetch(`${app.base}/api/avatars/upload`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "video/mp4" }, body });
    const ms = performance.now() - t;
    if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    results.push(ms);
  }
  const ms = Math.min(...results);
  console.log(`upload 100 MiB through wrangler dev → R2: ${Math.round(ms)} ms → ${(size / 1048576 / (ms / 1000)).toFixed(0)} MiB/s (best of ${results.length}; ${results.map((r) => Math.round(r)).join(", ")} ms)`);
}

async function endToEnd(app, video, persistTo) {
  const { token, user } = await newUser(app.base);
  const up = await fetch(`${app.base}/api/avatars/upload`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "video/mp4" }, body: video });
  const avatar = await up.json();
  const t0 = performance.now();
  let a;
  do {
    await new Promise((r) => setTimeout(r, 100));
    a = (await json(app.base, "GET", `/api/avatars/status/${avatar.id}`, { token })).body;
  } while (a.status !== "ready" && a.status !== "failed" && performance.now() - t0 < 60_000);
  const trainMs = performance.now() - t0;
  if (a.status !== "ready") throw new Error(`avatar ${a.status}: ${a.error}`);
  // Chat writes replies; here one is inserted into the same local D1.
  const now = Date.now();
  const sql = `INSERT INTO conversations (id,user_id,title,created_at,updated_at) VALUES ('cnv_b${now}','${user.id}','bench',${now},${now});` +
    `INSERT INTO messages (id,conversation_id,user_id,role,content,created_at) VALUES ('msg_b${now}','cnv_b${now}','${user.id}','assistant','${TEN_SECOND_REPLY.replace(/'/g, "''")}',${now});`;
  const r = spawnSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--command", sql], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`d1 execute failed: ${r.stderr}`);
  const t1 = performance.now();
  const req = await json(app.base, "POST", `/api/chat/messages/msg_b${now}/video`, { token });
  if (req.status !== 202) throw new Error(`video request: ${req.status} ${JSON.stringify(req.body)}`);
  let s;
  do {
    await new Promise((r) => setTimeout(r, 100));
    s = (await json(app.base, "GET", `/api/chat/video-status/${req.body.jobId}`, { token })).body;
  } while (s.status !== "ready" && s.status !== "failed" && performance.now() - t1 < 60_000);
  const videoMs = performance.now() - t1;
  if (s.status !== "ready") throw new Error(`video ${s.status}: ${s.error}`);
  const mp4 = await fetch(app.base + s.videoUrl, { headers: { range: "bytes=0-0" } });
  console.log(`end to end via wrangler dev: avatar training ${Math.round(trainMs)} ms; reply video (${s.durationSeconds.toFixed(1)} s) ready ${Math.round(videoMs)} ms after the request (queue + render + R2); Range GET → ${mp4.status}`);
}

export default async function () {
  const { hint } = missingTools();
  if (hint) {
    console.log(`video bench skipped: ${hint}`);
    return;
  }
  const { reference, video } = fixtures();
  const renderer = createRendererServer().listen(RENDERER_PORT, "127.0.0.1");
  const persistTo = `.wrangler/bench-${APP_PORT}`;
  let app;
  try {
    await renderSpeed(`http://127.0.0.1:${RENDERER_PORT}`, reference);
    app = await startApp(APP_PORT, { persistTo, vars: { MEDIA_RENDERER_URL: `http://127.0.0.1:${RENDERER_PORT}` } });
    await uploadThroughput(app);
    await endToEnd(app, video, persistTo);
  } finally {
    app?.stop();
    renderer.close();
  }
}
