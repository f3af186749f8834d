// Text to speech as a 16-bit PCM WAV file, with espeak-ng (CLI) or mespeak (the same eSpeak
// engine compiled to JS) — whichever tools.mjs found. Voices are "<language>+<variant>".
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { writeFile } from "node:fs/promises";
import { TOOLS, run } from "./tools.mjs";

const require = createRequire(import.meta.url);

let languages;
/** Language codes the engine has voices for (lower-case, e.g. "en", "en-us", "pt-br"). */
export function speechLanguages() {
  if (languages) return languages;
  if (TOOLS.speechEngine === "mespeak") {
    const { readdirSync } = require("node:fs");
    const { dirname, join } = require("node:path");
    const dir = join(dirname(require.resolve("mespeak/package.json")), "voices");
    languages = new Set([
      "en",
      "en-us",
      ...readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -5)),
    ]);
  } else {
    const r = spawnSync(TOOLS.espeak ?? "espeak-ng", ["--voices"], { encoding: "utf8" });
    languages = new Set(
      (r.stdout ?? "")
        .split("\n")
        .slice(1)
        .map((l) => l.trim().split(/\s+/)[1]?.toLowerCase())
        .filter(Boolean),
    );
  }
  return languages;
}

const optionalRequire = (id) => {
  try {
    return require(id);
  } catch {
    return null;
  }
};

let mespeak;
function loadMespeak(lang) {
  if (!mespeak) {
    mespeak = require("mespeak");
    mespeak.loadConfig(require("mespeak/src/mespeak_config.json"));
  }
  const file = lang === "en" || lang === "en-us" ? "en/en-us" : lang;
  // A voice trained with espeak-ng may name a language mespeak lacks: fall back to English.
  const voice = optionalRequire(`mespeak/voices/${file}.json`) ?? require("mespeak/voices/en/en-us.json");
  if (!mespeak.isVoiceLoaded(voice.voice_id)) mespeak.loadVoice(voice);
  return voice.voice_id;
}

/** Speaks `text` into `wavPath`. voice = {voice: "en+m3", pitch 0–99, speed words/min}. */
export async function synthesize(text, voice, wavPath) {
  if (TOOLS.speechEngine === "mespeak") {
    const [lang, variant] = voice.voice.split("+");
    // mespeak runs synchronously in this process: fine for a local development renderer.
    const voiceId = loadMespeak(lang);
    const data = mespeak.speak(text, { rawdata: "buffer", voice: voiceId, variant, pitch: voice.pitch, speed: voice.speed });
    if (!data) throw new Error("mespeak produced no audio");
    await writeFile(wavPath, Buffer.from(data));
    return;
  }
  // Text goes on stdin, never on the command line. A pitch range other than the default goes in
  // as SSML prosody (so the text is XML-escaped); a formant factor ≠ 1 is applied afterwards.
  const range = voice.range ?? 50;
  const ssml = range !== 50;
  const body = ssml ? `<speak><prosody range="${Math.round(range * 2)}%">${escapeXml(text)}</prosody></speak>` : text;
  const raw = voice.formant && voice.formant !== 1 ? wavPath.replace(/\.wav$/, "") + ".raw.wav" : wavPath;
  await run(TOOLS.espeak, ["-v", voice.voice, "-p", String(voice.pitch), "-s", String(voice.speed), ...(ssml ? ["-m"] : []), "-w", raw, "--stdin"], {
    input: body,
  });
  if (raw !== wavPath) await shiftFormants(raw, wavPath, voice.formant);
}

const escapeXml = (s) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]);

/**
 * Timbre: every frequency (formants and pitch alike) scaled by `k` by playing the audio k× faster
 * (asetrate) and stretching it back to its length (atempo); the caller lowered espeak's pitch by
 * k beforehand, so the pitch ends where it should and only the vocal tract seems larger/smaller.
 */
async function shiftFormants(inPath, outPath, k) {
  const rate = 22050;
  await run(TOOLS.ffmpeg, [
    "-v",
    "error",
    "-y",
    "-i",
    inPath,
    "-af",
    `asetrate=${Math.round(rate * k)},aresample=${rate},atempo=${(1 / k).toFixed(5)}`,
    "-c:a",
    "pcm_s16le",
    outPath,
  ]);
}
