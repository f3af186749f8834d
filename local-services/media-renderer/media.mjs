// The two operations of the local renderer, on files in a per-request temp directory.
import { mkdtemp, rm, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TOOLS, run } from "./tools.mjs";
import { synthesize } from "./speech.mjs";
import { medianPitchHz, sourcePcm, voiceSettings } from "./voice.mjs";
import { FPS, LEVELS, concatScript, levelFramesFilter, mouthLevels, parseWav } from "./lipsync.mjs";

export async function withTempDir(fn) {
  const dir = await mkdtemp(join(tmpdir(), "media-renderer-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * "Training": a reference frame (the most representative of the first frames, via ffmpeg's
 * thumbnail filter; the photo itself for photos) as JPEG, and voice settings from the audio.
 */
export async function train(dir, sourcePath, { kind, language, rate }) {
  const ref = join(dir, "reference.jpg");
  const scale = "scale='min(720,iw)':-2";
  const vf = kind === "video" ? `thumbnail=30,${scale}` : scale;
  await run(TOOLS.ffmpeg, ["-v", "error", "-y", "-i", sourcePath, "-vf", vf, "-frames:v", "1", "-q:v", "3", ref]);
  const pcm = kind === "video" ? await sourcePcm(sourcePath) : null;
  const voice = voiceSettings({ language, rate, f0Hz: pcm ? medianPitchHz(pcm) : null });
  return { reference: await readFile(ref), voice };
}

/** Renders speech for `text` over the reference image with loudness-driven mouth motion. */
export async function render(dir, { text, voice, reference }) {
  const wavPath = join(dir, "speech.wav");
  const refPath = join(dir, "reference.jpg");
  await writeFile(refPath, reference);
  await synthesize(text, voice, wavPath);
  const wav = parseWav(await readFile(wavPath));
  const durationMs = Math.round((wav.samples.length / wav.channels / wav.sampleRate) * 1000);
  const levels = mouthLevels(wav);

  const framePath = (k) => join(dir, `mouth${k}.png`);
  const outs = [];
  for (let k = 0; k < LEVELS; k++) outs.push("-map", `[o${k}]`, "-frames:v", "1", framePath(k));
  await run(TOOLS.ffmpeg, ["-v", "error", "-y", "-i", refPath, "-filter_complex", levelFramesFilter(), ...outs]);
  const listPath = join(dir, "frames.ffconcat");
  await writeFile(listPath, concatScript(levels, framePath));

  const out = join(dir, "reply.mp4");
  await run(TOOLS.ffmpeg, [
    "-v", "error", "-y",
    "-f", "concat", "-safe", "0", "-i", listPath,
    "-i", wavPath,
    "-map", "0:v", "-map", "1:a",
    // Constant frame rate, trimmed in the graph to one frame per envelope step, so the video
    // ends within a frame of the speech (output options like -t would cut the audio too).
    "-filter:v", `fps=${FPS},trim=end_frame=${levels.length}`,
    "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-b:a", "96k", "-ar", "44100",
    "-movflags", "+faststart",
    out,
  ]);
  return { path: out, durationMs, frames: levels.length };
}
