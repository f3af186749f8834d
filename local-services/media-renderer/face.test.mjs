// The talking avatar, judged the way a viewer judges it: the same 68-point landmark model runs
// over every frame of a rendered reply and must find the face, see the lips part and close with
// the speech, and see blinks. Controls (the same reply with lips / blinks switched off) must fail
// the same measures, so the measures cannot pass by themselves.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { missingTools } from "./tools.mjs";
import { facePhoto, faceVideo, noFacePhoto } from "./fixtures.mjs";
import { FaceError, trainPhoto, trainVideo } from "./face-train.mjs";
import { renderFace } from "./face-render.mjs";
import { formatMeasure, measureReply } from "./measure.mjs";
import { createRendererServer } from "./server.mjs";
import { unpackModel } from "./avatar-model.mjs";

const { hint } = missingTools();
if (hint) console.warn(`[face renderer tests] skipped: ${hint}`);

const REPLY = "Thanks for asking! I spend most of my days building small tools for teams, and in the evenings I like long walks by the river.";
const VOICE = { voice: "en+f3", pitch: 50, speed: 160 };

let dir;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "face-test-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function renderAndMeasure(model, name, opts = {}) {
  const out = await mkdtemp(join(dir, `${name}-`));
  const r = await renderFace(out, { text: REPLY, voice: VOICE, model, ...opts });
  const m = await measureReply(r.path);
  console.log(`${name}: ${formatMeasure(m)}`);
  return { r, m };
}

function expectTalkingFace({ r, m }) {
  expect(m.faceFound).toBeGreaterThanOrEqual(0.95);
  expect(m.gapRange).toBeGreaterThanOrEqual(0.05);
  expect(m.r).toBeGreaterThanOrEqual(0.6);
  expect(m.blinksPer6s).toBeGreaterThanOrEqual(1);
  // As long as the speech, to within one frame.
  expect(Math.abs(m.frames / 25 - r.durationMs / 1000)).toBeLessThanOrEqual(0.04);
}

function expectControlFails({ m }) {
  expect(m.gapRange).toBeLessThan(0.05);
  expect(m.r).toBeLessThan(0.6);
  expect(m.blinks).toBe(0);
}

describe.skipIf(!!hint)("face avatar (local renderer)", () => {
  it("a picture without a face is refused with a reason the user can act on", async () => {
    const pattern = await noFacePhoto(dir);
    await expect(trainPhoto(dir, pattern)).rejects.toThrow(FaceError);
    await expect(trainPhoto(dir, pattern)).rejects.toThrow(/no face was found in the photo/);
    // Over HTTP (what the Worker sees): a 422 whose message is shown on the avatar.
    const server = createRendererServer().listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      const res = await fetch(`http://127.0.0.1:${server.address().port}/train`, {
        method: "POST",
        headers: { "content-type": "image/png", "x-avatar-kind": "photo" },
        body: await readFile(pattern),
      });
      expect(res.status).toBe(422);
      expect((await res.json()).error).toMatch(/^No face was found in the photo — upload/);
    } finally {
      server.close();
    }
  }, 60_000);

  it("photo avatar: the landmark model sees the face talk in time with the speech, and blink", async () => {
    const { model, poster } = await trainPhoto(dir, await facePhoto(dir));
    expect([...poster.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(unpackModel(model).header).toMatchObject({ kind: "photo", size: 480, frames: 1 });
    expectTalkingFace(await renderAndMeasure(model, "photo"));
    expectControlFails(await renderAndMeasure(model, "photo, lips and blinks off", { lips: false, blink: false }));
  }, 240_000);

  it("video avatar: a calm segment with landmarks on every frame, played ping-pong, talks and blinks", async () => {
    const video = await faceVideo(dir, { seconds: 8 });
    const { model } = await trainVideo(dir, video);
    const { header } = unpackModel(model);
    expect(header.kind).toBe("video");
    expect(header.frames).toBeGreaterThanOrEqual(60); // ≈ 3 s at 25 fps
    expect(header.landmarks).toHaveLength(header.frames);
    expectTalkingFace(await renderAndMeasure(model, "video"));
    expectControlFails(await renderAndMeasure(model, "video, lips and blinks off", { lips: false, blink: false }));
  }, 240_000);
});
