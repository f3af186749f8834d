// Mouth motion for the local renderer: a loudness envelope of the speech, quantised into a few
// mouth-opening levels, each level a still made by ffmpeg from the reference image, sequenced
// with the concat demuxer at a constant frame rate.
export const FPS = 25;
export const LEVELS = 6;

/** Parses a PCM16 WAV (as espeak-ng writes it): sample rate, channels and the samples. */
export function parseWav(buf) {
  if (buf.toString("ascii", 0, 4) !== "RIFF" || buf.toString("ascii", 8, 12) !== "WAVE") throw new Error("not a WAV file");
  let off = 12;
  let fmt;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    let size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === "fmt ") fmt = { channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    if (id === "data") {
      // espeak-ng writes 0x7fffffff as the data size when streaming; clamp to what is there.
      size = Math.min(size, buf.length - body);
      if (!fmt || fmt.bits !== 16) throw new Error("expected 16-bit PCM");
      const samples = new Int16Array(buf.buffer.slice(buf.byteOffset + body, buf.byteOffset + body + (size & ~1)));
      return { ...fmt, samples };
    }
    off = body + size + (size & 1);
  }
  throw new Error("WAV has no data chunk");
}

/** Mouth level (0 = closed … LEVELS-1 = wide) per video frame from the RMS loudness of each frame. */
export function mouthLevels({ samples, sampleRate, channels }) {
  const perFrame = (sampleRate / FPS) * channels;
  const frames = Math.max(1, Math.ceil(samples.length / perFrame));
  const rms = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const a = Math.floor(f * perFrame);
    const b = Math.min(samples.length, Math.floor((f + 1) * perFrame));
    let s = 0;
    for (let i = a; i < b; i++) s += (samples[i] / 32768) ** 2;
    rms[f] = b > a ? Math.sqrt(s / (b - a)) : 0;
  }
  // Normalise by a high percentile so one loud plosive does not flatten the rest.
  const sorted = Float32Array.from(rms).sort();
  const ref = sorted[Math.floor(sorted.length * 0.95)] || 1;
  const levels = new Array(frames);
  let env = 0;
  for (let f = 0; f < frames; f++) {
    const target = Math.min(1, rms[f] / ref);
    // Fast attack, slower release: mouths open quickly and close a little more lazily.
    env = target > env ? target : env * 0.6 + target * 0.4;
    levels[f] = env < 0.08 ? 0 : Math.min(LEVELS - 1, 1 + Math.floor(env * (LEVELS - 1)));
  }
  return levels;
}

/**
 * One ffmpeg filter graph making every mouth level from the reference image (scaled to 480 px
 * wide): the mouth band (centre, ~2/3 down, where a framed face's mouth sits) is stretched
 * vertically and a dark opening drawn in it, both growing with the level.
 */
export function levelFramesFilter() {
  const parts = [`[0:v]scale=480:-2,format=yuv420p,split=${LEVELS}${Array.from({ length: LEVELS }, (_, k) => `[b${k}]`).join("")}`];
  for (let k = 0; k < LEVELS; k++) {
    const open = k / (LEVELS - 1);
    if (k === 0) {
      parts.push(`[b0]null[o0]`);
      continue;
    }
    parts.push(
      `[b${k}]split[base${k}][src${k}]`,
      `[src${k}]crop=iw*0.30:ih*0.09:iw*0.35:ih*0.64,scale=iw:trunc(ih*${(1 + 0.8 * open).toFixed(3)}/2)*2[m${k}]`,
      `[base${k}][m${k}]overlay=(W-w)/2:H*0.685-h/2,drawbox=x=iw*0.43:y=ih*0.685-ih*${(0.022 * open).toFixed(4)}:w=iw*0.14:h=ih*${(0.044 * open).toFixed(4)}:color=0x3a0d0d@0.85:t=fill[o${k}]`,
    );
  }
  return parts.join(";");
}

/** Concat-demuxer script: runs of equal levels become one entry with a duration. */
export function concatScript(levels, framePath) {
  const lines = ["ffconcat version 1.0"];
  let i = 0;
  while (i < levels.length) {
    let j = i;
    while (j < levels.length && levels[j] === levels[i]) j++;
    lines.push(`file '${framePath(levels[i])}'`, `duration ${((j - i) / FPS).toFixed(4)}`);
    i = j;
  }
  // Half a second of tail past the speech (cut off by -frames:v when encoding): with constant frame
  // rate output ffmpeg only fills a run once the next frame arrives, so the last run needs one.
  // The demuxer ignores the final entry's duration, hence the file is listed once more.
  const last = framePath(levels[levels.length - 1]);
  lines.push(`file '${last}'`, "duration 0.5", `file '${last}'`);
  return lines.join("\n") + "\n";
}
