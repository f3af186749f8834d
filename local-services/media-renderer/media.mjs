// The two operations of the local renderer, on files in a per-request temp directory:
// train (face + voice) and render (face-tracked lips over the person's frames).
import { mkdtemp, rm, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TOOLS, mp4Output, run } from "./tools.mjs";
import { synthesize } from "./speech.mjs";
import { matchVoice, sourcePcm, voiceSettings } from "./voice.mjs";
import { FPS, LEVELS, concatScript, levelFramesFilter, mouthLevels, parseWav } from "./lipsync.mjs";
import { FaceError, trainPhoto, trainVideo } from "./face-train.mjs";
import { renderFace } from "./face-render.mjs";
import { unpackModel } from "./avatar-model.mjs";

export async function withTempDir(fn) {
  const dir = await mkdtemp(join(tmpdir(), "media-renderer-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Training: the face model (frames + landmarks; a poster still for the UI) and voice settings
 * measured from the upload's audio. Throws FaceError when there is no usable face.
 */
export async function train(dir, sourcePath, { kind, language, rate }) {
  // The voice match runs espeak/ffmpeg in child processes: alongside the face model, not after it.
  const voiceJob = (async () => {
    const pcm = kind === "video" ? await sourcePcm(sourcePath) : null;
    return pcm ? matchVoice({ language, rate, pcm }) : voiceSettings({ language, rate, f0Hz: null });
  })();
  const [face, voice] = await Promise.all([kind === "video" ? trainVideo(dir, sourcePath) : trainPhoto(dir, sourcePath), voiceJob]);
  return { poster: face.poster, model: face.model, voice };
}

/**
 * Renders a reply. Avatars trained before face models (a reference JPEG only) are trained as a
 * photo on the fly; if that still has no face, the old one-still renderer is used.
 */
export async function render(dir, { text, voice, model, reference }) {
  if (!model) {
    const refPath = join(dir, "reference-in.jpg");
    await writeFile(refPath, reference);
    try {
      model = (await trainPhoto(dir, refPath)).model;
    } catch (err) {
      if (!(err instanceof FaceError)) throw err;
      return renderLegacy(dir, { text, voice, reference });
    }
  }
  return renderFace(dir, { text, voice, model });
}

/**
 * The previous renderer, kept for avatars without a face and as the benchmark's baseline: speech
 * over one reference still with a loudness-driven dark band at a fixed, guessed mouth position.
 */
export async function renderLegacy(dir, { text, voice, reference, model }) {
  if (!reference && model) {
    const { header, media } = unpackModel(model);
    if (header.media !== "jpeg") throw new Error("the previous renderer needs a still: send `reference`");
    reference = media; // a photo model's JPEG
  }
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
    "-v",
    "error",
    "-y",
    "-f",
    "concat",
    "-safe",
    "0",
    "-i",
    listPath,
    "-i",
    wavPath,
    "-map",
    "0:v",
    "-map",
    "1:a",
    // Constant frame rate, trimmed in the graph to one frame per envelope step, so the video
    // ends within a frame of the speech (output options like -t would cut the audio too).
    "-filter:v",
    `fps=${FPS},trim=end_frame=${levels.length}`,
    ...mp4Output(26, out),
  ]);
  return { path: out, durationMs, frames: levels.length };
}
