// Per-frame pixel work of the face renderer, on plain RGB24 typed arrays: the mouth is opened
// and shaped by warping the lower face around the tracked lips, the eyes close by sliding the
// upper lid down; a photo's slow, small head motion is an ffmpeg filter built here.
//
// Every warp is a backward map (for each output pixel: where in the base frame to sample), built
// in a local frame of the feature (u along the corner-to-corner axis in half-widths, v across it
// in pixels, +v towards the chin) and kept monotonic, so the face never folds over itself.

const bump = (t) => (t >= 1 || t <= -1 ? 0 : (1 - t * t) ** 2); // 1 at 0, smooth to 0 at ±1
const smooth = (t) => (t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t));
const clamp = (x, lo, hi) => (x < lo ? lo : x > hi ? hi : x);
const mid = (a, b) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

/** Bilinear sample of RGB24 `src` at (x, y) into dst[o..o+2]; coordinates clamped to the frame. */
function sample(src, w, h, x, y, dst, o) {
  x = clamp(x, 0, w - 1.001);
  y = clamp(y, 0, h - 1.001);
  const x0 = x | 0;
  const y0 = y | 0;
  const fx = x - x0;
  const fy = y - y0;
  const i00 = (y0 * w + x0) * 3;
  const i01 = i00 + 3;
  const i10 = i00 + w * 3;
  const i11 = i10 + 3;
  const a = (1 - fx) * (1 - fy);
  const b = fx * (1 - fy);
  const c = (1 - fx) * fy;
  const d = fx * fy;
  dst[o] = src[i00] * a + src[i01] * b + src[i10] * c + src[i11] * d;
  dst[o + 1] = src[i00 + 1] * a + src[i01 + 1] * b + src[i10 + 1] * c + src[i11 + 1] * d;
  dst[o + 2] = src[i00 + 2] * a + src[i01 + 2] * b + src[i10 + 2] * c + src[i11 + 2] * d;
}

/** A local frame from two corner points: origin at their midpoint, ex along them, ey down. */
function localFrame(a, b) {
  const c = mid(a, b);
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  const ex = [dx / len, dy / len];
  const ey = [-ex[1], ex[0]];
  const half = len / 2;
  return {
    c,
    ex,
    ey,
    half,
    toLocal: (p) => {
      const px = p[0] - c[0];
      const py = p[1] - c[1];
      return [(px * ex[0] + py * ex[1]) / half, px * ey[0] + py * ey[1]];
    },
    toImage: (u, v) => [c[0] + u * half * ex[0] + v * ey[0], c[1] + u * half * ex[1] + v * ey[1]],
  };
}

/** Piecewise-linear function through [u, v] knots (sorted by u), flat beyond the ends. */
function polyline(knots) {
  const k = [...knots].sort((a, b) => a[0] - b[0]);
  return (u) => {
    if (u <= k[0][0]) return k[0][1];
    for (let i = 1; i < k.length; i++) {
      if (u <= k[i][0]) {
        const t = (u - k[i - 1][0]) / (k[i][0] - k[i - 1][0] || 1);
        return k[i - 1][1] + t * (k[i][1] - k[i - 1][1]);
      }
    }
    return k[k.length - 1][1];
  };
}

/** f tabulated over [-range, range] (nearest of 1024 steps): per-pixel maths without pow/loops. */
function table(f, range) {
  const n = 1024;
  const t = new Float32Array(n + 1);
  for (let i = 0; i <= n; i++) t[i] = f(-range + (2 * range * i) / n);
  const k = n / (2 * range);
  return (u) => {
    const i = Math.round((u + range) * k);
    return t[i < 0 ? 0 : i > n ? n : i];
  };
}

/** Bounding box (clamped to the frame) of local-frame rectangle corners. */
function boxOf(frame, u0, u1, v0, v1, w, h) {
  const pts = [frame.toImage(u0, v0), frame.toImage(u1, v0), frame.toImage(u0, v1), frame.toImage(u1, v1)];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [
    Math.max(0, Math.floor(Math.min(...xs))),
    Math.max(0, Math.floor(Math.min(...ys))),
    Math.min(w - 1, Math.ceil(Math.max(...xs))),
    Math.min(h - 1, Math.ceil(Math.max(...ys))),
  ];
}

const faceHeightOf = (p) => Math.hypot((p[19][0] + p[24][0]) / 2 - p[8][0], (p[19][1] + p[24][1]) / 2 - p[8][1]);

/**
 * Opens and shapes the mouth of `src` (landmarks `p`) into `dst` (both RGB24 w×h; dst must already
 * hold a copy of src: only the lower-face region is rewritten).
 * shape = {open 0–1, width ≈0.8–1.15 (corner spread), round 0–1}.
 */
export function warpMouth(src, dst, w, h, p, shape) {
  const open = clamp(shape.open, 0, 1);
  const widthK = clamp(shape.width ?? 1, 0.7, 1.3);
  const round = clamp(shape.round ?? 0, 0, 1);
  if (open < 0.01 && Math.abs(widthK - 1) < 0.01) return;
  const F = localFrame(p[48], p[54]);
  const FH = faceHeightOf(p);
  const L = (i) => F.toLocal(p[i]);
  // Base seam (where the lips meet) and the base's own half-gap, from the inner-lip points.
  const pairs = [
    [61, 67],
    [62, 66],
    [63, 65],
  ];
  const seamKnots = [L(48), L(60), ...pairs.map(([a, b]) => F.toLocal(mid(p[a], p[b]))), L(64), L(54)];
  const seam = polyline(seamKnots);
  const uSpan = 1; // corners at u = ±1 by construction of the frame
  const noseV = L(33)[1]; // negative: above the seam
  const chinV = L(8)[1];
  const jawU = Math.max(Math.abs(L(5)[0]), Math.abs(L(11)[0]), 1.4);

  // Target geometry. The opening is a lens between the two displaced lips, narrower and rounder
  // for rounded vowels; the jaw carries the lower lip (2/3 of the gap), the upper lip lifts 1/3.
  const gapMax = FH * (0.135 + 0.03 * round) * open ** 0.85;
  const uc = uSpan * widthK;
  const alpha = 0.5 + 0.35 * (1 - round);
  const uRange = jawU * 1.4;
  const gap = table((u) => (Math.abs(u) >= uc ? 0 : gapMax * (1 - (u / uc) ** 2) ** alpha), uRange);
  const seamAt = table(seam, uRange);
  const jaw = gapMax * 0.66;
  const upperLift = Math.min(-noseV * 0.9, FH * 0.3);
  const lipBand = FH * 0.16; // below the lower lip the displacement settles to the jaw's
  const neck = FH * 0.45; // below the chin it fades out over the neck
  const latJaw = table((u) => bump(Math.max(0, Math.abs(u) - uc * 0.3) / (jawU * 1.15)), uRange);
  const hwU = table((u) => bump(u / (jawU * 1.2)), uRange);

  const [x0, y0, x1, y1] = boxOf(F, -jawU * 1.3, jawU * 1.3, noseV * 1.05, chinV + neck + 2, w, h);
  const { c, ex, ey, half } = F;
  const px = new Float32Array(3);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - c[0];
      const dy = y - c[1];
      const u = (dx * ex[0] + dy * ex[1]) / half;
      const v = dx * ey[0] + dy * ey[1];
      // Horizontal: spread or narrow the mouth, fading with distance from it.
      const hw = hwU(u) * bump(v < 0 ? v / (noseV * 1.02) : v / (chinV + neck * 0.5));
      const us = u * (1 + (1 / widthK - 1) * hw);
      const s = seamAt(us);
      const g = gap(u);
      const up = g * 0.34;
      const down = g * 0.66;
      const upperT = s - up;
      const lowerT = s + down;
      let vs;
      if (v < upperT) {
        vs = v + up * bump((upperT - v) / upperLift);
      } else if (v > lowerT) {
        const d = v - lowerT;
        const target = jaw * latJaw(u);
        let D = down + (target - down) * smooth(d / lipBand);
        // past the chin, ease back to the still neck
        const pastChin = v - (chinV + jaw);
        if (pastChin > 0) D *= bump(pastChin / neck);
        vs = v - D;
      } else {
        paintInterior(dst, (y * w + x) * 3, u / uc, (v - upperT) / (lowerT - upperT || 1), lowerT - upperT, FH);
        // soft edge: blend a pixel-wide rim with the lip it touches
        const edge = Math.min(v - upperT, lowerT - v);
        if (edge < 1) {
          const [sx, sy] = F.toImage(us, s); // the lip line itself
          sample(src, w, h, sx, sy, px, 0);
          const o = (y * w + x) * 3;
          const a = 1 - edge;
          for (let k = 0; k < 3; k++) dst[o + k] = dst[o + k] * (1 - a) + px[k] * a;
        }
        continue;
      }
      if (us === u && vs === v) continue;
      const sx = c[0] + us * half * ex[0] + vs * ey[0];
      const sy = c[1] + us * half * ex[1] + vs * ey[1];
      sample(src, w, h, sx, sy, dst, (y * w + x) * 3);
    }
  }
}

/** Mouth interior at (t across the width −1…1, s from upper lip 0 to lower lip 1): dark, with teeth. */
function paintInterior(dst, o, t, s, gapPx, FH) {
  const centre = (1 - Math.abs(t)) * (1 - Math.abs(2 * s - 1));
  let r = 62 - 40 * centre;
  let g = 22 - 14 * centre;
  let b = 24 - 15 * centre;
  // Upper teeth: a light band under the upper lip, narrower than the mouth, only when open enough.
  const tooth = Math.min(0.3, (FH * 0.035) / (gapPx || 1));
  if (gapPx > FH * 0.02 && Math.abs(t) < 0.62 && s < tooth) {
    const shade = 0.75 + 0.25 * (1 - Math.abs(t) / 0.62) - 0.25 * (s / tooth);
    [r, g, b] = [205 * shade, 196 * shade, 182 * shade];
  } else if (gapPx > FH * 0.06 && Math.abs(t) < 0.45 && s > 1 - tooth * 0.5) {
    const shade = 0.55;
    [r, g, b] = [200 * shade, 190 * shade, 176 * shade];
  }
  dst[o] = r;
  dst[o + 1] = g;
  dst[o + 2] = b;
}

/**
 * Closes one eye (corners `a`, `b`, upper lid points `u1,u2`, lower `l1,l2`) by `closure` 0–1 the
 * way a lid does: the upper lid, lashes included, slides down to the lower lid, the skin above it
 * stretching to follow; what is still visible of the eye is squeezed below the lid's edge.
 */
function warpEye(src, dst, w, h, a, b, u1, u2, l1, l2, closure) {
  const F = localFrame(a, b);
  const upper = polyline([F.toLocal(a), F.toLocal(u1), F.toLocal(u2), F.toLocal(b)]);
  const lower = polyline([F.toLocal(a), F.toLocal(l1), F.toLocal(l2), F.toLocal(b)]);
  const eyeH = Math.max(lower(0) - upper(0), F.half * 0.3);
  const lid = eyeH * 1.5 + F.half * 0.2; // skin above the lash line that stretches
  const lash = Math.max(1.5, eyeH * 0.25); // the lash line just above the landmarks comes along
  const [x0, y0, x1, y1] = boxOf(F, -1.25, 1.25, upper(0) - lid - 2, lower(0) + 3, w, h);
  const { c, ex, ey, half } = F;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const dx = x - c[0];
      const dy = y - c[1];
      const u = (dx * ex[0] + dy * ex[1]) / half;
      if (u <= -1.2 || u >= 1.2) continue;
      const v = dx * ey[0] + dy * ey[1];
      const uc = clamp(u, -1, 1);
      const fade = Math.abs(u) > 1 ? 1 - (Math.abs(u) - 1) / 0.2 : 1;
      const ul = upper(uc) - lash; // the lid edge including its lashes
      const ll = lower(uc);
      if (v > ll) continue;
      const top = ul - lid * Math.sqrt(1 - uc * uc * 0.8);
      if (v < top) continue;
      const ut = ul + closure * fade * (ll - ul); // where the lid edge is now
      const vs = v <= ut ? top + ((v - top) * (ul - top)) / (ut - top || 1) : ul + ((v - ut) * (ll - ul)) / (ll - ut || 1);
      sample(src, w, h, c[0] + u * half * ex[0] + vs * ey[0], c[1] + u * half * ex[1] + vs * ey[1], dst, (y * w + x) * 3);
    }
  }
}

/** Closes both eyes by `closure` (0 open … 1 shut). dst must already hold a copy of src. */
export function warpBlink(src, dst, w, h, p, closure) {
  if (closure < 0.02) return;
  warpEye(src, dst, w, h, p[36], p[39], p[37], p[38], p[41], p[40], closure);
  warpEye(src, dst, w, h, p[42], p[45], p[43], p[44], p[47], p[46], closure);
}

// Slow, small head motion for a photo: sums of slow sines (seconds, amplitude in px / rad).
const MOTION = {
  dx: [
    [3.2, 5.3, 0],
    [1.6, 3.1, 1],
  ],
  dy: [
    [2.2, 4.1, 2],
    [1.0, 2.3, 0],
  ],
  rot: [[0.012, 6.7, 0.5]],
  scale: [[0.01, 7.9, 1.3]],
};

/** The head motion at time t (s): {dx, dy, rot (rad), scale} around the face. */
export function headMotion(t) {
  const sum = (terms) => terms.reduce((a, [amp, period, phase]) => a + amp * Math.sin((2 * Math.PI * t) / period + phase), 0);
  return { dx: sum(MOTION.dx), dy: sum(MOTION.dy), rot: sum(MOTION.rot), scale: 1.03 + sum(MOTION.scale) };
}

/**
 * The same motion as an ffmpeg `perspective` filter (evaluated per frame, bilinear, in C): the
 * encoder moves the whole frame, far cheaper than resampling every pixel in JS. Each output
 * corner p samples the source at c + R(−rot)(p − c − d)/scale, the inverse of headMotion().
 */
export function headMotionFilter(centre, size, fps) {
  const t = `(in/${fps})`;
  const sum = (terms) => terms.map(([amp, period, phase]) => `${amp}*sin(2*PI*${t}/${period}+${phase})`).join("+");
  const [dx, dy, rot, scale] = [sum(MOTION.dx), sum(MOTION.dy), sum(MOTION.rot), `(1.03+${sum(MOTION.scale)})`];
  const [cx, cy] = centre.map((v) => v.toFixed(2));
  const corner = (px, py) => {
    const rx = `(${px}-${cx}-(${dx}))`;
    const ry = `(${py}-${cy}-(${dy}))`;
    return [`${cx}+(cos(${rot})*${rx}+sin(${rot})*${ry})/${scale}`, `${cy}+(cos(${rot})*${ry}-sin(${rot})*${rx})/${scale}`];
  };
  const [x0, y0] = corner(0, 0);
  const [x1, y1] = corner(size, 0);
  const [x2, y2] = corner(0, size);
  const [x3, y3] = corner(size, size);
  return `perspective=x0='${x0}':y0='${y0}':x1='${x1}':y1='${y1}':x2='${x2}':y2='${y2}':x3='${x3}':y3='${y3}':interpolation=linear:sense=source:eval=frame`;
}
