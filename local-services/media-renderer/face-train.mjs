// Training of a face avatar: find the face, frame head and shoulders in a SIZE×SIZE square and
// keep what rendering needs (frames + landmarks on every frame) as an avatar model.
//   photo → the photo, cropped;
//   video → a calm segment (eyes open, mouth closed, little motion) of up to SEGMENT_S seconds,
//           chosen from a 2 fps scan, then decoded at 25 fps with landmarks tracked on each frame.
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { boxAround, detectFace, eyeAspect, faceHeight, landmarksInBox, lipGap } from "./face.mjs";
import { decodeFrames, frameEncoder, readFrames } from "./frames.mjs";
import { packModel } from "./avatar-model.mjs";
import { FPS } from "./mouth.mjs";

export const SIZE = 480;
const SEGMENT_S = 3.2;
const SCAN_FPS = 2; // enough to find a calm stretch; the chosen one is then tracked at 25 fps
const SCAN_WIDTH = 480;

/** A failure the user can act on (shown on the avatar): no face, face too small. */
export class FaceError extends Error {}

/**
 * Head-and-shoulders square around a landmark box (brows to chin), in the coordinates of a frame W×H; shifted
 * (not shrunk) to stay inside, shrunk only when the frame itself is smaller.
 */
export function headSquare(box, W, H) {
  let side = Math.min(box.height * 2.8, W, H);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height * 0.5; // about the nose
  let x = cx - side / 2;
  let y = cy - side * 0.42; // the face a little above centre: room for the hair, shoulders below
  x = Math.max(0, Math.min(W - side, x));
  y = Math.max(0, Math.min(H - side, y));
  side = Math.floor(side);
  return { x: Math.floor(x), y: Math.floor(y), side };
}

/** The face's extent from its landmarks (jaw line sideways, brows to chin): steadier than detector boxes. */
export function landmarkBox(p) {
  const xs = p.slice(0, 17).map((q) => q[0]);
  const top = Math.min(...p.slice(17, 27).map((q) => q[1]));
  const x = Math.min(...xs);
  return { x, y: top, width: Math.max(...xs) - x, height: p[8][1] - top };
}

/** ffmpeg crop+scale for a square given in a frame `scanW` wide (crop values relative to iw). */
const cropFilter = (sq, scanW) => {
  const r = (n) => (n / scanW).toFixed(6);
  return `crop=trunc(iw*${r(sq.side)}):trunc(iw*${r(sq.side)}):trunc(iw*${r(sq.x)}):trunc(iw*${r(sq.y)}),scale=${SIZE}:${SIZE}:flags=bicubic`;
};

const round1 = (points) => points.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10]);

/** Centred 5-tap smoothing of each landmark over time: tracking jitter would shake the warps. */
export function smoothTrack(track) {
  const k = [1, 2, 3, 2, 1];
  return track.map((_, i) =>
    track[i].map((_, j) => {
      let [sx, sy, sw] = [0, 0, 0];
      for (let d = -2; d <= 2; d++) {
        const f = track[Math.max(0, Math.min(track.length - 1, i + d))];
        sx += f[j][0] * k[d + 2];
        sy += f[j][1] * k[d + 2];
        sw += k[d + 2];
      }
      return [sx / sw, sy / sw];
    }),
  );
}

async function encodeJpeg(frame, path) {
  const enc = frameEncoder({ width: frame.width, height: frame.height, fps: 1, args: ["-frames:v", "1", "-q:v", "2", path] });
  await enc.write(frame.rgb);
  await enc.end();
  return readFile(path);
}

export async function trainPhoto(dir, src) {
  const [scan] = await readFrames(src, { vf: `scale='min(${SCAN_WIDTH * 2},iw)':-2`, maxFrames: 1 });
  if (!scan) throw new FaceError("the photo could not be decoded");
  const face = await detectFace(scan.rgb, scan.width, scan.height);
  if (!face) throw new FaceError("no face was found in the photo — upload a well-lit photo of your face, looking at the camera");
  const [frame] = await readFrames(src, { vf: cropFilter(headSquare(landmarkBox(face.points), scan.width, scan.height), scan.width), maxFrames: 1 });
  const framed = await detectFace(frame.rgb, SIZE, SIZE);
  if (!framed) throw new FaceError("the face in the photo is too small or too blurred to animate — upload a closer photo");
  const jpeg = await encodeJpeg(frame, join(dir, "frame.jpg"));
  return { poster: jpeg, model: packModel({ kind: "photo", size: SIZE, fps: FPS, frames: 1, media: "jpeg", landmarks: [round1(framed.points)] }, jpeg) };
}

/** Scores SEGMENT_S windows of the 4 fps scan; lower is calmer. Null when no window has a face throughout. */
export function calmestWindow(scan, windowLen) {
  const ears = scan
    .filter(Boolean)
    .map((s) => s.ear)
    .sort((a, b) => a - b);
  const earMedian = ears[Math.floor(ears.length / 2)] ?? 0.3;
  let best = null;
  for (let start = 0; start + windowLen <= scan.length; start++) {
    const win = scan.slice(start, start + windowLen);
    if (win.some((s) => !s)) continue;
    let motion = 0;
    for (let i = 1; i < win.length; i++) {
      let d = 0;
      for (let j = 0; j < 68; j++) d += Math.hypot(win[i].points[j][0] - win[i - 1].points[j][0], win[i].points[j][1] - win[i - 1].points[j][1]);
      motion += d / 68 / win[i].fh;
    }
    motion /= Math.max(1, win.length - 1);
    const mouth = win.reduce((a, s) => a + s.gap, 0) / win.length;
    const closedEyes = win.filter((s) => s.ear < earMedian * 0.8).length / win.length;
    const cost = motion * 4 + mouth * 3 + closedEyes;
    if (!best || cost < best.cost) best = { start, cost, motion, mouth, closedEyes };
  }
  return best;
}

export async function trainVideo(dir, src) {
  // 1. Scan at SCAN_FPS: faces, landmarks and their motion (tracked from the previous sample).
  const scan = [];
  let prev = null;
  let scanWidth = SCAN_WIDTH;
  let scanHeight = 0;
  await decodeFrames(src, { vf: `fps=${SCAN_FPS},scale=${SCAN_WIDTH}:-2` }, async (f) => {
    scanHeight = f.height;
    let points = null;
    if (prev) {
      points = await landmarksInBox(f.rgb, f.width, f.height, boxAround(prev.points));
      // Lost the face (cut, turned away)? Fall back to the detector below.
      const fh = faceHeight(points);
      if (!(fh > prev.fh * 0.7 && fh < prev.fh * 1.4)) points = null;
    }
    if (!points) {
      // SSD until a face is found, then the 4× cheaper tiny detector only when tracking loses it.
      const face = await detectFace(f.rgb, f.width, f.height, { detector: scan.some(Boolean) ? "tiny" : "ssd" });
      if (face) points = face.points;
    }
    const entry = points ? { points, box: landmarkBox(points), fh: faceHeight(points), gap: lipGap(points), ear: eyeAspect(points) } : null;
    scan.push(entry);
    prev = entry;
  });
  if (!scan.length) throw new FaceError("the video has no frames");
  const found = scan.filter(Boolean).length;
  if (found < Math.max(1, scan.length * 0.3))
    throw new FaceError(`no face was found in the video (${found} of ${scan.length} sampled frames) — film your face, well lit, looking at the camera`);
  const windowLen = Math.max(1, Math.min(scan.length, Math.round(SEGMENT_S * SCAN_FPS)));
  const calm = calmestWindow(scan, windowLen) ?? calmestWindow(scan, Math.max(1, Math.round(windowLen / 3)));
  if (!calm) throw new FaceError("the face is not visible long enough in the video — film a few seconds of your face");

  // 2. One crop for the whole segment (the person's own motion stays), from the mean face box.
  const win = scan.slice(calm.start, calm.start + windowLen).filter(Boolean);
  const mean = (f) => win.reduce((a, s) => a + f(s), 0) / win.length;
  const box = { x: mean((s) => s.box.x), y: mean((s) => s.box.y), width: mean((s) => s.box.width), height: mean((s) => s.box.height) };
  const square = headSquare(box, scanWidth, scanHeight);
  const startS = calm.start / SCAN_FPS;

  // 3. The segment at 25 fps, framed, with landmarks tracked on every frame.
  const frames = [];
  const track = [];
  await decodeFrames(src, { pre: ["-ss", startS.toFixed(3), "-t", SEGMENT_S.toFixed(3)], vf: `fps=${FPS},${cropFilter(square, scanWidth)}` }, async (f) => {
    let points = null;
    if (track.length) points = await landmarksInBox(f.rgb, SIZE, SIZE, boxAround(track[track.length - 1]));
    if (!points || !(faceHeight(points) > SIZE * 0.15)) points = (await detectFace(f.rgb, SIZE, SIZE))?.points ?? track[track.length - 1] ?? null;
    if (!points) return; // leading frames without a face are dropped
    frames.push(f);
    track.push(points);
  });
  if (frames.length < 5) throw new FaceError("the face could not be tracked in the video — film your face, well lit, looking at the camera");

  const segment = join(dir, "segment.mp4");
  const enc = frameEncoder({
    width: SIZE,
    height: SIZE,
    fps: FPS,
    args: ["-c:v", "libx264", "-preset", "veryfast", "-crf", "17", "-pix_fmt", "yuv444p", "-g", "250", segment],
  });
  for (const f of frames) await enc.write(f.rgb);
  await enc.end();
  const poster = await encodeJpeg(frames[0], join(dir, "poster.jpg"));
  const landmarks = smoothTrack(track).map(round1);
  return {
    poster,
    model: packModel(
      { kind: "video", size: SIZE, fps: FPS, frames: frames.length, media: "mp4", landmarks, segment: { startS, cost: calm.cost } },
      await readFile(segment),
    ),
  };
}
