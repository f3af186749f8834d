// Raw frames in and out of ffmpeg. Decoding writes PPM images to a pipe: each carries its own
// width and height, so rotation metadata, odd aspect ratios and `scale=…:-2` need no probing.
import { spawn } from "node:child_process";
import { TOOLS } from "./tools.mjs";

/** Splits a stream of binary PPM (P6, maxval 255) images into {width, height, rgb}. */
class PpmSplitter {
  constructor(onFrame) {
    this.chunks = [];
    this.length = 0;
    this.need = 0; // bytes the current frame needs (0: header not parsed yet)
    this.onFrame = onFrame;
  }
  push(chunk) {
    // Chunks are only joined once a whole frame is there (joining on every 64 KiB pipe chunk
    // would copy each frame ten times over).
    this.chunks.push(chunk);
    this.length += chunk.length;
    for (;;) {
      if (!this.need) {
        const head = (this.chunks.length > 1 ? Buffer.concat(this.chunks) : (this.chunks[0] ?? Buffer.alloc(0))).subarray(0, 64).toString("latin1");
        // Header: "P6" whitespace width whitespace height whitespace 255 one-whitespace.
        const m = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(head);
        if (!m) return;
        this.header = { skip: m[0].length, width: Number(m[1]), height: Number(m[2]) };
        this.need = m[0].length + this.header.width * this.header.height * 3;
      }
      if (this.length < this.need) return;
      const all = this.chunks.length > 1 ? Buffer.concat(this.chunks, this.length) : this.chunks[0];
      const { skip, width, height } = this.header;
      const rgb = new Uint8ClampedArray(width * height * 3);
      rgb.set(all.subarray(skip, this.need));
      const rest = all.subarray(this.need);
      this.chunks = rest.length ? [rest] : [];
      this.length = rest.length;
      this.need = 0;
      this.onFrame({ width, height, rgb });
    }
  }
}

/**
 * Decodes `input` through the filter graph `vf` and calls `onFrame` (may be async: decoding waits
 * for it) for each frame. `pre` are input options (e.g. -ss/-t). Resolves with the frame count.
 */
export function decodeFrames(input, { vf, pre = [], maxFrames } = {}, onFrame) {
  return new Promise((resolve, reject) => {
    const args = [
      "-v",
      "error",
      ...pre,
      "-i",
      input,
      ...(vf ? ["-vf", vf] : []),
      ...(maxFrames ? ["-frames:v", String(maxFrames)] : []),
      "-an",
      "-c:v",
      "ppm",
      "-f",
      "image2pipe",
      "pipe:1",
    ];
    const child = spawn(TOOLS.ffmpeg, args, { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    let count = 0;
    let chain = Promise.resolve();
    let busy = 0; // asynchronous onFrame calls still running
    let failed = null;
    const fail = (e) => {
      failed ??= e;
      child.kill("SIGKILL");
    };
    const splitter = new PpmSplitter((frame) => {
      const i = count++;
      chain = chain
        .then(() => {
          if (failed) return;
          const r = onFrame(frame, i);
          if (r && typeof r.then === "function") {
            busy++;
            return r.finally(() => busy--);
          }
        })
        .catch(fail);
    });
    child.stdout.on("data", (d) => {
      splitter.push(d);
      // Backpressure only for slow (async) per-frame work, e.g. the face model: pause ffmpeg
      // until it catches up. Synchronous consumers read at full speed.
      queueMicrotask(() => {
        if (busy && !child.stdout.isPaused()) {
          child.stdout.pause();
          chain.then(() => child.stdout.resume());
        }
      });
    });
    child.stderr.on("data", (d) => (err = (err + d).slice(-2000)));
    child.on("error", reject);
    child.on("close", async (code) => {
      await chain;
      if (failed) return reject(failed);
      if (code !== 0) return reject(new Error(`ffmpeg could not decode it: ${err.trim().split("\n").slice(-2).join(" | ") || `exit ${code}`}`));
      resolve(count);
    });
  });
}

/** All frames of `input` (through `vf`) in memory. */
export async function readFrames(input, opts = {}) {
  const frames = [];
  await decodeFrames(input, opts, (f) => frames.push(f));
  return frames;
}

/**
 * An ffmpeg encoder fed raw RGB24 frames of width×height at `fps`: write(frame) honours
 * backpressure; end() resolves when the file is written. `args` are the output options + path,
 * `inputs` extra inputs (e.g. the speech WAV) placed after the raw video.
 */
export function frameEncoder({ width, height, fps, inputs = [], args }) {
  const child = spawn(
    TOOLS.ffmpeg,
    ["-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${width}x${height}`, "-r", String(fps), "-i", "pipe:0", ...inputs, ...args],
    {
      stdio: ["pipe", "ignore", "pipe"],
    },
  );
  let err = "";
  child.stderr.on("data", (d) => (err = (err + d).slice(-2000)));
  const done = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg encode failed (${code}): ${err.trim().split("\n").slice(-2).join(" | ")}`)),
    );
  });
  child.stdin.on("error", () => {}); // reported through `done`
  return {
    write(rgb) {
      // A copy: the pipe may still hold the bytes when the caller reuses its frame buffer.
      const buf = Buffer.allocUnsafe(rgb.byteLength);
      buf.set(rgb);
      return child.stdin.write(buf) ? Promise.resolve() : new Promise((r) => child.stdin.once("drain", r));
    },
    end() {
      child.stdin.end();
      return done;
    },
  };
}
