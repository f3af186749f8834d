// Rendering a reply with a face avatar: the person's own frames (the calm video segment played
// ping-pong, or the photo with a slow head motion applied by the encoder), the mouth warped on the tracked lips to the
// shape of each frame's speech, blinks every few seconds; H.264 + AAC as long as the speech.
import { join } from "node:path";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { unpackModel } from "./avatar-model.mjs";
import { frameEncoder, readFrames } from "./frames.mjs";
import { parseWav } from "./lipsync.mjs";
import { blinkTrack, FPS, monoSamples, mouthShapes } from "./mouth.mjs";
import { synthesize } from "./speech.mjs";
import { headMotionFilter, warpBlink, warpMouth } from "./warp.mjs";
import { mp4Output } from "./tools.mjs";

// Decoded base frames of the last few models (a video segment is ~80 frames, ~55 MB as RGB):
// replies of the same avatar come in runs, and decoding is a good part of a render.
const decoded = new Map();
async function baseFramesOf(model, mediaPath, media, size) {
  const key = createHash("sha1").update(model).digest("hex");
  if (decoded.has(key)) return decoded.get(key);
  await writeFile(mediaPath, media);
  const frames = await readFrames(mediaPath, { vf: `scale=${size}:${size}` });
  decoded.set(key, frames);
  while (decoded.size > 2) decoded.delete(decoded.keys().next().value);
  return frames;
}

const hash = (s) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** Base frame index for output frame i of a ping-pong loop over n frames (0 1 … n-1 n-2 … 1 0 1 …). */
export function pingPong(i, n) {
  if (n <= 1) return 0;
  const period = 2 * (n - 1);
  const k = i % period;
  return k < n ? k : period - k;
}

/**
 * Renders `text` spoken with `voice` over the avatar `model` (Buffer, see avatar-model.mjs) into
 * <dir>/reply.mp4. Returns {path, durationMs, frames, shapes, envelope, timings}. `blink` and
 * `lips` false switch those parts off (the tests' controls: do the measures notice?).
 */
export async function renderFace(dir, { text, voice, model, speech, blink = true, lips = true }) {
  const t0 = performance.now();
  const { header, media } = unpackModel(model);
  const size = header.size;
  const mediaPath = join(dir, header.media === "mp4" ? "segment.mp4" : "frame.jpg");
  const wavPath = join(dir, "speech.wav");
  const [baseFrames] = await Promise.all([baseFramesOf(model, mediaPath, media, size), speech ? speech(wavPath) : synthesize(text, voice, wavPath)]);
  if (!baseFrames.length) throw new Error("the avatar model has no frames");
  const wav = parseWav(await readFile(wavPath));
  const mono = monoSamples(wav);
  const durationMs = Math.round((mono.length / wav.sampleRate) * 1000);
  const { shapes, envelope } = mouthShapes(mono, wav.sampleRate, FPS);
  const frames = shapes.length;
  const blinks = blink ? blinkTrack(frames, hash(text)) : new Float32Array(frames);
  const t1 = performance.now();

  const out = join(dir, "reply.mp4");
  const n = Math.min(baseFrames.length, header.landmarks.length);
  const photo = header.kind === "photo";
  const enc = frameEncoder({
    width: size,
    height: size,
    fps: FPS,
    inputs: ["-i", wavPath],
    args: ["-map", "0:v", "-map", "1:a", ...(photo ? ["-vf", headMotionFilter(header.landmarks[0][30], size, FPS)] : []), ...mp4Output(23, out)],
  });
  const work = new Uint8ClampedArray(size * size * 3);
  let warpMs = 0;
  for (let i = 0; i < frames; i++) {
    const w0 = performance.now();
    const k = pingPong(i, n);
    const base = baseFrames[k].rgb;
    const p = header.landmarks[k];
    work.set(base);
    warpBlink(base, work, size, size, p, blinks[i]);
    if (lips) warpMouth(base, work, size, size, p, shapes[i]);
    warpMs += performance.now() - w0;
    await enc.write(work); // a photo's head motion is applied by the encoder (headMotionFilter)
  }
  await enc.end();
  return {
    path: out,
    durationMs,
    frames,
    shapes,
    envelope,
    blinks,
    timings: { prepareMs: Math.round(t1 - t0), warpMs: Math.round(warpMs), totalMs: Math.round(performance.now() - t0) },
  };
}
