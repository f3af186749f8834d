// "Voice training" for the local renderer: pick an eSpeak voice for the user's language and
// tune its pitch to the speaker's median fundamental frequency measured in the uploaded video.
import { TOOLS, run } from "./tools.mjs";
import { speechLanguages, synthesize } from "./speech.mjs";
import { fft } from "./mouth.mjs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** "pt-BR" → "pt-br" if espeak has it, else "pt", else English. */
export function voiceForLanguage(language) {
  const langs = speechLanguages();
  const code = String(language || "en")
    .toLowerCase()
    .replace("_", "-");
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

// ---- matching the speaker beyond pitch: variant, pitch range and formants ----

/** Pitch track (Hz per voiced 40 ms frame) — the frames medianPitchHz takes its median of. */
export function pitchTrack(pcm, sampleRate = 16000) {
  const out = [];
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.byteLength / 2));
  const frame = Math.round(sampleRate * 0.04);
  const chunk = frame * 3; // analyse ~120 ms pieces with the same estimator, for a track
  for (let s = 0; s + chunk < samples.length; s += chunk) {
    const piece = Buffer.from(samples.buffer, samples.byteOffset + s * 2, chunk * 2);
    const f = medianPitchHzLoose(piece, sampleRate);
    if (f) out.push(f);
  }
  return out;
}

function medianPitchHzLoose(pcm, sampleRate) {
  // medianPitchHz wants ≥ 5 voiced frames; for a 120 ms piece accept what there is.
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.byteLength / 2));
  const frame = Math.round(sampleRate * 0.04);
  const [minLag, maxLag] = [Math.floor(sampleRate / 400), Math.ceil(sampleRate / 70)];
  if (samples.length < frame + maxLag) return null;
  let energy = 0;
  for (let i = 0; i < frame; i++) energy += (samples[i] / 32768) ** 2;
  if (Math.sqrt(energy / frame) < 0.02) return null;
  let [best, bestLag] = [0, 0];
  for (let lag = minLag; lag <= maxLag; lag++) {
    let [acc, e2] = [0, 0];
    for (let i = 0; i < frame; i++) {
      const y = samples[i + lag] / 32768;
      acc += (samples[i] / 32768) * y;
      e2 += y * y;
    }
    const r = acc / Math.sqrt(energy * e2 || 1);
    if (r > best) [best, bestLag] = [r, lag];
  }
  return best > 0.6 && bestLag ? sampleRate / bestLag : null;
}

/** Mean spectral centroid (Hz, up to 8 kHz) of the louder half of 32 ms frames of 16 kHz PCM: the voice's brightness. */
export function spectralCentroidHz(pcm, sampleRate = 16000) {
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.byteLength / 2));
  const N = 512;
  const energies = [];
  for (let s = 0; s + N <= samples.length; s += N) {
    let e = 0;
    for (let i = 0; i < N; i++) e += (samples[s + i] / 32768) ** 2;
    energies.push(e);
  }
  const loud = [...energies].sort((a, b) => a - b)[Math.floor(energies.length * 0.5)] ?? 0;
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  let [num, den] = [0, 0];
  energies.forEach((e, f) => {
    if (e < loud || e === 0) return;
    for (let i = 0; i < N; i++) {
      re[i] = (samples[f * N + i] / 32768) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (N - 1)));
      im[i] = 0;
    }
    fft(re, im);
    for (let k = 1; k < N / 2; k++) {
      const mag = Math.hypot(re[k], im[k]);
      num += mag * ((k * sampleRate) / N);
      den += mag;
    }
  });
  return den ? num / den : null;
}

/** F0 spread of a pitch track in semitones (p90 over p10): how "sung" the intonation is. */
export function pitchSpreadSemitones(track) {
  if (track.length < 5) return null;
  const s = [...track].sort((a, b) => a - b);
  return 12 * Math.log2(s[Math.floor(s.length * 0.9)] / s[Math.floor(s.length * 0.1)]);
}

/** {f0Hz, centroidHz, spread} of 16 kHz mono PCM (any of them null when not measurable). */
export function voiceProfile(pcm) {
  return { f0Hz: medianPitchHz(pcm), centroidHz: spectralCentroidHz(pcm), spread: pitchSpreadSemitones(pitchTrack(pcm)) };
}

/** Speaker-to-voice distance: |Δ median F0| and |Δ spectral centroid|, both in semitones. */
export function voiceDistance(a, b) {
  const st = (x, y) => (x && y ? Math.abs(12 * Math.log2(x / y)) : null);
  return { f0: st(a.f0Hz, b.f0Hz), centroid: st(a.centroidHz, b.centroidHz) };
}

const CALIBRATION = "Hello, this is how I sound when I talk about my work, my plans and the places I like to visit.";
const VARIANTS = { female: ["f1", "f2", "f3", "f4", "f5"], male: ["m1", "m2", "m3", "m4", "m6", "m7"] };

/** 16 kHz mono PCM of `voice` saying the calibration sentence. */
async function speak(dir, voice, n) {
  const wav = join(dir, `cal${n}.wav`);
  await synthesize(CALIBRATION, voice, wav);
  return run(TOOLS.ffmpeg, ["-v", "error", "-i", wav, "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1"]);
}

/**
 * Voice settings matched to a speaker (16 kHz mono PCM): the eSpeak variant whose brightness
 * (spectral centroid), once formant-shifted within ±20%, is closest; the formant factor that closes
 * the rest; the pitch setting that lands on the speaker's median F0 (calibrated by synthesising at
 * two settings); the pitch range from the speaker's intonation spread. Returns voiceSettings'
 * fields plus {formant, range, match: {speaker, voice, before, after}} (distances in semitones).
 */
export async function matchVoice({ language, rate, pcm }) {
  const base = voiceSettings({ language, rate, f0Hz: pcm ? medianPitchHz(pcm) : null });
  if (!pcm || TOOLS.speechEngine !== "espeak-ng") return base;
  const speaker = voiceProfile(pcm);
  if (!speaker.f0Hz || !speaker.centroidHz) return base;
  const dir = await mkdtemp(join(tmpdir(), "voice-match-"));
  try {
    const lang = base.voice.split("+")[0];
    const speed = base.speed;
    let n = 0;
    // Today's choice (variant by F0 band, pitch by formula), measured: the "before".
    const beforeProfile = voiceProfile(await speak(dir, { voice: base.voice, pitch: base.pitch, speed }, n++));
    const candidates = [];
    for (const variant of VARIANTS[speaker.f0Hz >= 165 ? "female" : "male"]) {
      const voice = `${lang}+${variant}`;
      const p = voiceProfile(await speak(dir, { voice, pitch: 50, speed }, n++));
      if (!p.centroidHz || !p.f0Hz) continue;
      const formant = Math.max(0.8, Math.min(1.2, speaker.centroidHz / p.centroidHz));
      candidates.push({ voice, p, formant, residual: Math.abs(Math.log2(speaker.centroidHz / (p.centroidHz * formant))) });
    }
    if (!candidates.length) return base;
    const best = candidates.sort((a, b) => a.residual - b.residual)[0];
    // Pitch: espeak's 0–99 setting → F0 is near-linear in log F0; measure two points and solve.
    const at = async (pitch) => voiceProfile(await speak(dir, { voice: best.voice, pitch, speed, formant: best.formant }, n++)).f0Hz;
    const [lo, hi] = [await at(25), await at(75)];
    let pitch = base.pitch;
    if (lo && hi && hi > lo) pitch = Math.round(25 + (50 * Math.log(speaker.f0Hz / lo)) / Math.log(hi / lo));
    pitch = Math.max(0, Math.min(99, pitch));
    // Range: scale eSpeak's default by how much wider/narrower the speaker's intonation is.
    const range = speaker.spread && best.p.spread ? Math.round(Math.max(15, Math.min(99, 50 * (speaker.spread / best.p.spread)))) : 50;
    const settings = { voice: best.voice, pitch, speed, range, formant: Math.round(best.formant * 1000) / 1000 };
    const afterProfile = voiceProfile(await speak(dir, settings, n++));
    const round = (o) => Object.fromEntries(Object.entries(o).map(([k, x]) => [k, x == null ? null : Math.round(x * 10) / 10]));
    const [before, after] = [voiceDistance(speaker, beforeProfile), voiceDistance(speaker, afterProfile)];
    // Never hand back a match that measures further from the speaker than today's choice.
    if ((after.f0 ?? 99) + (after.centroid ?? 99) > (before.f0 ?? 99) + (before.centroid ?? 99)) {
      return { ...base, match: { speaker: round(speaker), before: round(before), after: round(before), kept: "pitch-only" } };
    }
    return {
      ...settings,
      f0Hz: Math.round(speaker.f0Hz),
      match: { speaker: round(speaker), before: round(before), after: round(after) },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
