// Finds the media tools the renderer uses, in this order:
//   ffmpeg:  FFMPEG_PATH, else `ffmpeg` on PATH, else the static build shipped by the npm package
//            @ffmpeg-installer/ffmpeg (an optional dependency, so `npm install` alone is enough).
//   speech:  ESPEAK_PATH / `espeak-ng` on PATH, else `mespeak` (eSpeak compiled to JS, also an
//            optional dependency). A system install is preferred: newer and maintained.
// ffprobe is only used by the tests and the benchmark (FFPROBE_PATH or PATH).
import { spawnSync, spawn } from "node:child_process";
import { faceModelInstalled } from "./face.mjs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const works = (bin, args) => !!bin && spawnSync(bin, args, { stdio: "ignore" }).status === 0;
const optional = (fn) => {
  try {
    return fn();
  } catch {
    return null;
  }
};

function findFfmpeg() {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  if (works("ffmpeg", ["-version"])) return "ffmpeg";
  const shipped = optional(() => require("@ffmpeg-installer/ffmpeg").path);
  return works(shipped, ["-version"]) ? shipped : "ffmpeg";
}

function findSpeech() {
  const espeak = process.env.ESPEAK_PATH || "espeak-ng";
  if (works(espeak, ["--version"])) return { engine: "espeak-ng", bin: espeak };
  if (optional(() => require.resolve("mespeak"))) return { engine: "mespeak", bin: null };
  return { engine: null, bin: espeak };
}

const speech = findSpeech();
export const TOOLS = {
  ffmpeg: findFfmpeg(),
  ffprobe: process.env.FFPROBE_PATH || "ffprobe",
  espeak: speech.bin,
  /** "espeak-ng" (CLI), "mespeak" (JS) or null when neither is available. */
  speechEngine: speech.engine,
};

const INSTALL_HINT =
  "run `npm install` (ships ffmpeg and mespeak as optional dependencies) or install them: sudo apt-get install ffmpeg espeak-ng  (brew install ffmpeg espeak-ng)";

/** What the renderer cannot run without (empty when all is there), plus a hint. */
export function missingTools() {
  const missing = [];
  if (!works(TOOLS.ffmpeg, ["-version"])) missing.push("ffmpeg");
  if (!TOOLS.speechEngine) missing.push("espeak-ng (or mespeak)");
  if (!faceModelInstalled()) missing.push("@vladmandic/face-api with @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm (the face model)");
  return { missing, hint: missing.length ? `missing ${missing.join(", ")}: ${INSTALL_HINT}` : "" };
}

/** Runs a binary; resolves with stdout (Buffer), rejects with the tail of stderr on failure. */
export function run(bin, args, { input, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${bin.split("/").pop()} failed (${signal ?? code}): ${err.trim().split("\n").slice(-3).join(" | ")}`));
    });
    child.stdin.on("error", () => {}); // the tool may exit before reading all input
    child.stdin.end(input ?? undefined);
  });
}

/** The one MP4 every reply video is written as: H.264 (quality `crf`) + AAC, playable while it downloads. */
export function mp4Output(crf, out) {
  return [
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    String(crf),
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-b:a",
    "96k",
    "-ar",
    "44100",
    "-movflags",
    "+faststart",
    out,
  ];
}
