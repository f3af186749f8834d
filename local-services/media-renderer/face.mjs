// Face detection and 68-point landmarks for the local renderer, with @vladmandic/face-api on
// TensorFlow.js' WebAssembly backend (weights ship in the npm package, so it works offline).
// Node-only: the Worker never imports this file.
//
// Frames are raw RGB24 buffers (as ffmpeg's `-f rawvideo -pix_fmt rgb24` writes them).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

let loading;
/** Loads TF.js (wasm) and the three nets once per process; later calls reuse them. */
export function loadFaceModel() {
  loading ??= (async () => {
    const tf = require("@tensorflow/tfjs");
    const wasm = require("@tensorflow/tfjs-backend-wasm");
    // The face-api build for node+wasm expects TF.js to be loaded by the caller (no tfjs-node).
    const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js");
    // A plain directory path (with the trailing slash): file:// URLs do not load in Node.
    wasm.setWasmPaths(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")) + "/", false);
    await tf.setBackend("wasm");
    await tf.ready();
    const modelDir = join(dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
    await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
    return { tf, faceapi };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/** True when the face model's packages are installed (checked without loading them). */
export function faceModelInstalled() {
  try {
    require.resolve("@vladmandic/face-api/package.json");
    require.resolve("@tensorflow/tfjs");
    require.resolve("@tensorflow/tfjs-backend-wasm");
    return true;
  } catch {
    return false;
  }
}

const toPoints = (lm) => lm.positions.map((p) => [p.x, p.y]);

/**
 * One face in an RGB24 frame: {box:{x,y,width,height}, score, points:[[x,y]×68]}, or null.
 * `detector` "ssd" (accurate, ~4× slower) or "tiny" (fast; used for tracking and measurement).
 * `pick` "largest" (the person in front, for training) or "best" (highest score: a low-score
 * detector false positive can be larger than the real face).
 */
export async function detectFace(rgb, width, height, { detector = "ssd", minScore = 0.4, pick = "largest" } = {}) {
  const { tf, faceapi } = await loadFaceModel();
  const input = tf.tensor3d(rgb, [height, width, 3], "int32");
  try {
    const options =
      detector === "tiny"
        ? new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: minScore })
        : new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 5 });
    const found = await faceapi.detectAllFaces(input, options).withFaceLandmarks();
    if (!found.length) return null;
    const key = (d) => (pick === "best" ? d.detection.score : d.detection.box.area);
    const best = found.reduce((a, b) => (key(b) > key(a) ? b : a));
    const { x, y, width: w, height: h } = best.detection.box;
    return { box: { x, y, width: w, height: h }, score: best.detection.score, points: toPoints(best.landmarks) };
  } finally {
    input.dispose();
  }
}

/**
 * Landmarks inside a known face box (no detector: the landmark net alone on the crop), for
 * tracking a face from frame to frame. Returns 68 [x,y] in frame coordinates.
 */
export async function landmarksInBox(rgb, width, height, box) {
  const { tf, faceapi } = await loadFaceModel();
  const input = tf.tensor3d(rgb, [height, width, 3], "int32");
  try {
    const x = Math.max(0, Math.round(box.x));
    const y = Math.max(0, Math.round(box.y));
    const w = Math.min(width - x, Math.round(box.width));
    const h = Math.min(height - y, Math.round(box.height));
    const crop = tf.slice(input, [y, x, 0], [h, w, 3]);
    try {
      const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(crop);
      return lm.positions.map((p) => [p.x + x, p.y + y]);
    } finally {
      crop.dispose();
    }
  } finally {
    input.dispose();
  }
}

/** A square box around landmarks, padded like the detector's boxes (for tracking the next frame). */
export function boxAround(points, pad = 0.25) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  const size = Math.max(x1 - x0, y1 - y0) * (1 + 2 * pad);
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2 - (y1 - y0) * 0.08; // landmarks sit low in the face (no forehead points)
  return { x: cx - size / 2, y: cy - size / 2, width: size, height: size };
}

// ---- measures on 68-point landmarks (iBUG layout) ----
const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Face height: from the brow line (mean of 19, 24) to the chin (8). */
export const faceHeight = (p) => dist([(p[19][0] + p[24][0]) / 2, (p[19][1] + p[24][1]) / 2], p[8]);

/** Inner-lip gap (mean of 61–67, 62–66, 63–65) in face heights. */
export const lipGap = (p) => (dist(p[61], p[67]) + dist(p[62], p[66]) + dist(p[63], p[65])) / 3 / faceHeight(p);

/** Eye aspect ratio (Soukupová & Čech), mean of both eyes: ~0.3 open, < 0.15 closed. */
export function eyeAspect(p) {
  const ear = (o) => (dist(p[o + 1], p[o + 5]) + dist(p[o + 2], p[o + 4])) / (2 * dist(p[o], p[o + 3]));
  return (ear(36) + ear(42)) / 2;
}
