// Real-face media for the renderer's tests and benchmark, made with ffmpeg from a photo that
// ships with @vladmandic/face-api (demo/sample3.jpg, a group shot): the left-hand person cropped
// to a portrait, and a "video avatar" of her made by a slowly moving crop (a handheld camera).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { run, TOOLS } from "./tools.mjs";

const require = createRequire(import.meta.url);
export const SAMPLE = join(dirname(require.resolve("@vladmandic/face-api/package.json")), "demo", "sample3.jpg");
// The person's head and shoulders in the 1920×1350 sample (found once with the face model).
const PORTRAIT = "crop=900:900:235:50";

/** A JPEG portrait of a real person. */
export async function facePhoto(dir, { size = 640 } = {}) {
  const out = join(dir, "face.jpg");
  await run(TOOLS.ffmpeg, ["-v", "error", "-y", "-i", SAMPLE, "-vf", `${PORTRAIT},scale=${size}:${size}`, "-q:v", "3", out]);
  return out;
}

/**
 * An H.264 video of `seconds` (25 fps, `size` px square) panning slowly over the same person,
 * with an AAC track: a `toneHz` sine by default, or the WAV at `audio` (looped).
 */
export async function faceVideo(dir, { seconds = 3, size = 480, toneHz = 120, audio = null } = {}) {
  const out = join(dir, "face.mp4");
  const sound = audio ? ["-stream_loop", "-1", "-i", audio] : ["-f", "lavfi", "-i", `sine=frequency=${toneHz}:sample_rate=16000`];
  await run(TOOLS.ffmpeg, [
    "-v",
    "error",
    "-y",
    "-loop",
    "1",
    "-framerate",
    "25",
    "-i",
    SAMPLE,
    ...sound,
    "-t",
    String(seconds),
    "-vf",
    `crop=w=640:h=640:x='365+40*sin(2*PI*t/7)':y='150+20*sin(2*PI*t/5)',scale=${size}:${size},format=yuv420p`,
    "-map",
    "0:v",
    "-map",
    "1:a",
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "23",
    "-c:a",
    "aac",
    "-shortest",
    out,
  ]);
  return out;
}

/** A test pattern with no face at all (training must refuse it). */
export async function noFacePhoto(dir) {
  const out = join(dir, "pattern.png");
  await run(TOOLS.ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1", out]);
  return out;
}
