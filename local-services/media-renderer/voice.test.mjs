// Voice matching: a speaker the matcher has never heard (eSpeak's Klatt voice, deepened by a
// formant shift) must come out closer — in median F0 and in spectral centroid — than today's
// pitch-only choice, and the distances it reports must be what the audio measures.
import { describe, it, expect } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missingTools, run, TOOLS } from "./tools.mjs";
import { synthesize } from "./speech.mjs";
import { matchVoice, voiceDistance, voiceProfile } from "./voice.mjs";

const { hint } = missingTools();
const espeak = TOOLS.speechEngine === "espeak-ng";
if (hint || !espeak) console.warn(`[voice tests] skipped: ${hint || "needs the espeak-ng CLI (mespeak has no variants/SSML here)"}`);

const TEXT = "I grew up by the sea, and I still go back every summer. These days I write software for small teams, and in the evenings I cook for friends.";
const pcm16k = (wav) => run(TOOLS.ffmpeg, ["-v", "error", "-i", wav, "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1"]);

describe.skipIf(!!hint || !espeak)("voice matching (local renderer)", () => {
  it("an unknown deep voice is matched closer than the pitch-only choice, and the figures are real", async () => {
    const dir = await mkdtemp(join(tmpdir(), "voice-test-"));
    try {
      const speakerWav = join(dir, "speaker.wav");
      await synthesize(TEXT, { voice: "en+klatt3", pitch: 30, speed: 150, formant: 0.9 }, speakerWav);
      const speaker = await pcm16k(speakerWav);
      const v = await matchVoice({ language: "en", rate: 150, pcm: speaker });
      console.log(`voice match: ${JSON.stringify(v)}`);
      const { before, after } = v.match;
      expect(after.f0 + after.centroid).toBeLessThan(before.f0 + before.centroid);
      expect(after.centroid).toBeLessThan(2); // semitones
      // Re-measured independently from what the settings actually say.
      const outWav = join(dir, "matched.wav");
      await synthesize(TEXT, v, outWav);
      const d = voiceDistance(voiceProfile(speaker), voiceProfile(await pcm16k(outWav)));
      expect(d.f0).toBeLessThan(2);
      expect(d.centroid).toBeLessThan(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
