// Finds the media binaries the renderer shells out to. FFMPEG_PATH / FFPROBE_PATH / ESPEAK_PATH
// override the lookup (e.g. a static ffmpeg build); otherwise the first one on PATH is used.
import { spawnSync, spawn } from "node:child_process";

export const TOOLS = {
  ffmpeg: process.env.FFMPEG_PATH || "ffmpeg",
  ffprobe: process.env.FFPROBE_PATH || "ffprobe",
  espeak: process.env.ESPEAK_PATH || "espeak-ng",
};

const INSTALL_HINT = "install them with: sudo apt-get install ffmpeg espeak-ng  (or brew install ffmpeg espeak-ng)";

/** Names of the binaries that cannot be executed here (empty when all work), plus a hint. */
export function missingTools() {
  const probes = [
    ["ffmpeg", TOOLS.ffmpeg, ["-version"]],
    ["ffprobe", TOOLS.ffprobe, ["-version"]],
    ["espeak-ng", TOOLS.espeak, ["--version"]],
  ];
  const missing = probes.filter(([, bin, args]) => spawnSync(bin, args, { stdio: "ignore" }).status !== 0).map(([n]) => n);
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
