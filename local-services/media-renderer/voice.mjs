// "Voice training" for the local renderer: pick an eSpeak voice for the user's language and
// tune its pitch to the speaker's median fundamental frequency measured in the uploaded video.
import { TOOLS, run } from "./tools.mjs";
import { speechLanguages } from "./speech.mjs";

/** "pt-BR" → "pt-br" if espeak has it, else "pt", else English. */
export function voiceForLanguage(language) {
  const langs = speechLanguages();
  const code = String(language || "en").toLowerCase().replace("_", "-");
  if (langs.has(code)) return code;
  const base = code.split("-")[0];
  return langs.has(base) ? base : "en";
}

/**
 * Median F0 (Hz) of the voiced parts of 16 kHz mono s16le PCM, by normalised autocorrelation
 * over 40 ms frames in the 70–400 Hz range; null when too little speech-like signal is found.
 */
export function medianPitchHz(pcm, sampleRate = 16000) {
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.byteLength / 2));
  const frame = Math.round(sampleRate * 0.04);
  const minLag = Math.floor(sampleRate / 400);
  const maxLag = Math.ceil(sampleRate / 70);
  const pitches = [];
  const x = new Float32Array(frame);
  for (let start = 0; start + frame + maxLag < samples.length; start += frame) {
    let energy = 0;
    for (let i = 0; i < frame; i++) energy += (x[i] = samples[start + i] / 32768) ** 2;
    if (Math.sqrt(energy / frame) < 0.02) continue; // silence
    let bestLag = 0;
    let best = 0;
    for (let lag = minLag; lag <= maxLag; lag++) {
      let acc = 0;
      let e2 = 0;
      for (let i = 0; i < frame; i++) {
        const y = samples[start + i + lag] / 32768;
        acc += x[i] * y;
        e2 += y * y;
      }
      const r = acc / Math.sqrt(energy * e2 || 1);
      if (r > best) [best, bestLag] = [r, lag];
    }
    if (best > 0.6 && bestLag) pitches.push(sampleRate / bestLag);
  }
  if (pitches.length < 5) return null;
  pitches.sort((a, b) => a - b);
  return pitches[Math.floor(pitches.length / 2)];
}

/** Reads up to 30 s of the source's audio as 16 kHz mono PCM; null when it has no audio track. */
export async function sourcePcm(path) {
  try {
    const pcm = await run(TOOLS.ffmpeg, ["-v", "error", "-i", path, "-vn", "-t", "30", "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1"]);
    return pcm.length ? pcm : null;
  } catch {
    return null;
  }
}

/**
 * espeak-ng settings: female variant above ~165 Hz, pitch (0–99, 50 = voice default) moved by
 * the distance to that variant's typical F0, speed (words/min) from the caller's hint.
 */
export function voiceSettings({ language, f0Hz, rate }) {
  const lang = voiceForLanguage(language);
  const female = f0Hz != null && f0Hz >= 165;
  const typical = female ? 210 : 120;
  const pitch = f0Hz == null ? 50 : Math.max(10, Math.min(90, Math.round(50 + (f0Hz - typical) * 0.5)));
  const speed = Math.max(110, Math.min(230, Math.round(Number(rate) || 160)));
  return { voice: `${lang}+${female ? "f3" : "m3"}`, pitch, speed, f0Hz: f0Hz == null ? null : Math.round(f0Hz) };
}
