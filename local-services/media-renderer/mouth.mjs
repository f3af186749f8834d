// Mouth shapes and blinks per video frame. The shapes come from the synthesised speech itself
// (so they cannot drift from the audio): loudness opens the jaw, the spectrum picks the lip
// shape — energy high in the F2 region (i, e) spreads the lips wide, energy concentrated low
// (o, u, w) rounds them, hiss (s, f, sh) keeps the teeth nearly together, silence closes.
export const FPS = 25;

/** In-place radix-2 FFT of (re, im), length a power of two. */
export function fft(re, im) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

/** Mono float samples (−1…1) of a parsed WAV. */
export function monoSamples({ samples, channels }) {
  const n = Math.floor(samples.length / channels);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += samples[i * channels + c];
    out[i] = s / channels / 32768;
  }
  return out;
}

/** RMS loudness per video frame (the "speech envelope" the mouth follows and the tests measure). */
export function frameEnvelope(mono, sampleRate, fps = FPS) {
  const per = sampleRate / fps;
  const frames = Math.max(1, Math.ceil(mono.length / per));
  const rms = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const a = Math.floor(f * per);
    const b = Math.min(mono.length, Math.floor((f + 1) * per));
    let s = 0;
    for (let i = a; i < b; i++) s += mono[i] * mono[i];
    rms[f] = b > a ? Math.sqrt(s / (b - a)) : 0;
  }
  return rms;
}

const percentile = (xs, q) => {
  const s = Float32Array.from(xs).sort();
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : 0;
};

/** Per-frame band energies (F1 region, F2 region, upper formants, hiss) from a 512-point spectrum. */
function bands(mono, sampleRate, frames, fps) {
  const N = 512;
  const win = Float32Array.from({ length: N }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (N - 1)));
  const re = new Float32Array(N);
  const im = new Float32Array(N);
  const hz = sampleRate / N;
  const edges = [250, 1000, 2000, 3500, Math.min(8000, sampleRate / 2)].map((f) => Math.round(f / hz));
  const out = [];
  for (let f = 0; f < frames; f++) {
    const centre = Math.round(((f + 0.5) / fps) * sampleRate);
    for (let i = 0; i < N; i++) {
      const j = centre - N / 2 + i;
      re[i] = j >= 0 && j < mono.length ? mono[j] * win[i] : 0;
      im[i] = 0;
    }
    fft(re, im);
    const e = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) for (let b = edges[k]; b < edges[k + 1]; b++) e[k] += re[b] * re[b] + im[b] * im[b];
    out.push(e);
  }
  return out;
}

/**
 * Mouth shape per frame: {open 0–1, width ≈0.8–1.12, round 0–1}, plus the raw envelope.
 * Shapes follow the audio of the same frame (no look-ahead smoothing that would shift them).
 */
export function mouthShapes(mono, sampleRate, fps = FPS) {
  const env = frameEnvelope(mono, sampleRate, fps);
  const frames = env.length;
  const ref = percentile(env, 0.95) || 1;
  const spec = bands(mono, sampleRate, frames, fps);
  const voiced = [];
  for (let f = 0; f < frames; f++) if (env[f] / ref > 0.15) voiced.push(f);
  // Where this voice puts its energy varies: rank each frame against the reply's voiced frames.
  const frontness = (e) => e[2] / (e[0] + e[2] + 1e-12);
  const lowness = (e) => e[0] / (e[0] + e[1] + e[2] + 1e-12);
  const rank = (vals) => {
    const sorted = voiced.map((f) => vals(spec[f])).sort((a, b) => a - b);
    return (x) => {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (sorted[m] < x) lo = m + 1;
        else hi = m;
      }
      return sorted.length ? lo / sorted.length : 0.5;
    };
  };
  const frontRank = rank(frontness);
  const lowRank = rank(lowness);
  const shapes = [];
  let open = 0;
  for (let f = 0; f < frames; f++) {
    const e = spec[f];
    const loud = Math.min(1, env[f] / ref);
    const total = e[0] + e[1] + e[2] + e[3] + 1e-12;
    const hiss = e[3] / total;
    let target = loud < 0.06 ? 0 : loud ** 0.8;
    target *= 1 - 0.55 * Math.min(1, Math.max(0, (hiss - 0.3) / 0.35));
    // opens at once, closes over ~2 frames (lips are slower to close than sound is to stop)
    open = target > open ? target : open * 0.45 + target * 0.55;
    const voicedNow = loud > 0.15;
    const round = voicedNow ? Math.max(0, (lowRank(lowness(e)) - 0.7) / 0.3) : 0;
    const wide = voicedNow ? Math.max(0, (frontRank(frontness(e)) - 0.5) / 0.5) : hiss > 0.4 ? 0.5 : 0;
    shapes.push({ open, width: 1 + 0.12 * wide - 0.2 * round, round });
  }
  return { shapes, envelope: env };
}

/** Deterministic pseudo-random numbers (mulberry32), so a reply renders the same every time. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BLINK = [0.4, 0.85, 1, 1, 0.7, 0.35, 0.1]; // eyelid closure over ~280 ms

/** Eyelid closure per frame: a blink every 2–4.5 s (first within 1.5 s), each ~280 ms. */
export function blinkTrack(frames, seed, fps = FPS) {
  const next = rng(seed);
  const out = new Float32Array(frames);
  let t = 0.5 + next() * 1.0;
  while (t * fps < frames) {
    const start = Math.round(t * fps);
    BLINK.forEach((c, i) => {
      if (start + i < frames) out[start + i] = c;
    });
    t += 2 + next() * 2.5;
  }
  return out;
}
