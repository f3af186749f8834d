// Measures a rendered reply with the same 68-point landmark model the renderer trains with:
// is the face found, does the inner-lip gap move, does it follow the speech, do the eyes blink.
// Used by the renderer's test and by `npm run bench video`.
import { run, TOOLS } from "./tools.mjs";
import { detectFace, eyeAspect, lipGap } from "./face.mjs";
import { decodeFrames } from "./frames.mjs";
import { frameEnvelope, FPS } from "./mouth.mjs";

export function pearson(a, b) {
  const n = Math.min(a.length, b.length);
  let [sa, sb] = [0, 0];
  for (let i = 0; i < n; i++) [sa, sb] = [sa + a[i], sb + b[i]];
  const [ma, mb] = [sa / n, sb / n];
  let [cov, va, vb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) ** 2;
    vb += (b[i] - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb || 1);
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};

/**
 * Blinks = separate runs of at least `minRun` frames whose value dips under `share` of the median
 * (frames without a face neither start nor break a run).
 */
export function countBlinks(values, { share = 0.75, minRun = 1 } = {}) {
  const median = quantile(
    values.filter((e) => e != null),
    0.5,
  );
  let blinks = 0;
  let run = 0;
  for (const e of values) {
    if (e == null) continue;
    if (e < median * share) {
      if (++run === minRun) blinks++;
    } else run = 0;
  }
  return blinks;
}

/**
 * How open the eyes look, from the pixels the landmark model outlines as eyes: the spread (SD)
 * of luminance inside both eye polygons. An open eye holds dark iris and bright white; a shut
 * one only lid skin. (The 68-point net's eye *shape* hardly reacts to shut lids — it draws an
 * open-eye shape even over eyes painted out with skin — so EAR alone cannot show blinks.)
 */
export function eyeContrast(rgb, width, height, p) {
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (const o of [36, 42]) {
    const poly = p.slice(o, o + 6);
    const xs = poly.map((q) => q[0]);
    const ys = poly.map((q) => q[1]);
    for (let y = Math.max(0, Math.floor(Math.min(...ys))); y <= Math.min(height - 1, Math.ceil(Math.max(...ys))); y++) {
      for (let x = Math.max(0, Math.floor(Math.min(...xs))); x <= Math.min(width - 1, Math.ceil(Math.max(...xs))); x++) {
        let inside = false;
        for (let i = 0, j = 5; i < 6; j = i++) {
          const [xi, yi] = poly[i];
          const [xj, yj] = poly[j];
          if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
        }
        if (!inside) continue;
        const k = (y * width + x) * 3;
        const l = 0.299 * rgb[k] + 0.587 * rgb[k + 1] + 0.114 * rgb[k + 2];
        n++;
        sum += l;
        sum2 += l * l;
      }
    }
  }
  return n < 4 ? null : Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2));
}

/** Per-frame RMS of the file's audio at the video frame rate (16 kHz mono). */
export async function audioEnvelope(path, fps = FPS) {
  const pcm = await run(TOOLS.ffmpeg, ["-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1"]);
  const s16 = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.byteLength / 2));
  return frameEnvelope(
    Float32Array.from(s16, (v) => v / 32768),
    16000,
    fps,
  );
}

/**
 * {frames, faceFound (share), gapRange (p90−p10 of the inner-lip gap, face heights),
 *  r (Pearson: gap vs speech envelope over frames with a face), blinks, blinksPer6s, seconds}.
 * Every frame goes through the detector (the tiny one: a full SSD pass per frame is 4× slower).
 */
export async function measureReply(path) {
  const gaps = [];
  const ears = [];
  const eyes = [];
  await decodeFrames(path, {}, async (f) => {
    const face = await detectFace(f.rgb, f.width, f.height, { detector: "tiny", minScore: 0.3, pick: "best" });
    gaps.push(face ? lipGap(face.points) : null);
    ears.push(face ? eyeAspect(face.points) : null);
    eyes.push(face ? eyeContrast(f.rgb, f.width, f.height, face.points) : null);
  });
  const env = await audioEnvelope(path);
  const idx = gaps.map((g, i) => (g != null && i < env.length ? i : -1)).filter((i) => i >= 0);
  const found = gaps.filter((g) => g != null);
  const seconds = gaps.length / FPS;
  // A blink: the eyes' contrast under 60% of its median for ≥ 2 frames (≥ 80 ms).
  const blinks = countBlinks(eyes, { share: 0.6, minRun: 2 });
  const earBlinks = countBlinks(ears);
  const earValid = ears.filter((e) => e != null);
  return {
    frames: gaps.length,
    faceFound: found.length / Math.max(1, gaps.length),
    gapRange: quantile(found, 0.9) - quantile(found, 0.1),
    r: pearson(
      idx.map((i) => gaps[i]),
      idx.map((i) => env[i]),
    ),
    blinks,
    blinksPer6s: (blinks / Math.max(seconds, 1e-9)) * 6,
    earBlinks,
    earMin: quantile(earValid, 0.02) / quantile(earValid, 0.5),
    seconds,
  };
}

export const formatMeasure = (m) =>
  `face found ${(m.faceFound * 100).toFixed(1)}% of ${m.frames} frames, inner-lip gap p90−p10 ${m.gapRange.toFixed(3)} face heights, ` +
  `r(gap, speech envelope) ${m.r.toFixed(2)}, ${m.blinks} blinks in ${m.seconds.toFixed(1)} s (${m.blinksPer6s.toFixed(1)} per 6 s; ` +
  `eye aspect ratio: ${m.earBlinks} dips under 75% of its median, deepest 2% at ${(m.earMin * 100).toFixed(0)}%)`;
