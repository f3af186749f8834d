// Node-side servers for the Worker tests, each on a free port (URLs injected as bindings in vitest.config.ts):
//   - the real media renderer (local-services/media-renderer, face model included)
//   - an ffprobe helper: POST a file, get `ffprobe -show_streams -show_format` JSON back
//   - a mock of Newport AI's HTTP API
// plus small media fixtures made with ffmpeg. Without ffmpeg, a TTS engine or ffprobe the media tests skip.
import { createServer } from "node:http";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRendererServer } from "../../local-services/media-renderer/server.mjs";
import { missingTools, run, TOOLS } from "../../local-services/media-renderer/tools.mjs";
import { facePhoto, faceVideo, noFacePhoto } from "../../local-services/media-renderer/fixtures.mjs";
import { createMockNewport } from "./mock-newport.mjs";
import { freePort } from "../support/free-port.mjs";

const listen = (server, port) =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });

function createProbeServer() {
  return createServer(async (req, res) => {
    const dir = await mkdtemp(join(tmpdir(), "probe-"));
    try {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const file = join(dir, "input");
      await writeFile(file, Buffer.concat(chunks));
      const out = await run(TOOLS.ffprobe, ["-v", "error", "-show_streams", "-show_format", "-of", "json", file]);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(out);
    } catch (err) {
      res.writeHead(422, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: err.message }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

async function makeFixtures() {
  const dir = await mkdtemp(join(tmpdir(), "fixtures-"));
  try {
    // A real face (cropped from a photo shipped with @vladmandic/face-api): 2 s of a "talking head"
    // (a slowly moving crop) with a 120 Hz tone as the voice to measure, the same face as a photo,
    // and a test pattern with no face, which training must refuse.
    const video = await faceVideo(dir, { seconds: 2, size: 320 });
    const photo = join(dir, "avatar.png");
    await run(TOOLS.ffmpeg, ["-v", "error", "-y", "-i", await facePhoto(dir, { size: 320 }), photo]);
    const noFace = await noFacePhoto(dir);
    const b64 = async (p) => (await readFile(p)).toString("base64");
    return { video: await b64(video), photo: await b64(photo), noFace: await b64(noFace) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function setup(project) {
  const [newportPort, rendererPort, probePort] = [await freePort(), await freePort(), await freePort()];
  const servers = [await listen(createMockNewport(), newportPort)];
  project.provide("newportUrl", `http://127.0.0.1:${newportPort}`);
  let { hint } = missingTools();
  if (!hint && spawnSync(TOOLS.ffprobe, ["-version"], { stdio: "ignore" }).status !== 0) hint = "ffprobe is missing (sudo apt-get install ffmpeg)";
  if (hint) {
    console.warn(`\n[media tests] skipping renderer-backed tests: ${hint}\n`);
    project.provide("mediaSkip", hint);
    project.provide("rendererUrl", `http://127.0.0.1:${rendererPort}`);
    project.provide("probeUrl", "");
    project.provide("fixtures", { video: "", photo: "", noFace: "" });
  } else {
    servers.push(await listen(createRendererServer(), rendererPort), await listen(createProbeServer(), probePort));
    project.provide("mediaSkip", "");
    project.provide("rendererUrl", `http://127.0.0.1:${rendererPort}`);
    project.provide("probeUrl", `http://127.0.0.1:${probePort}`);
    project.provide("fixtures", await makeFixtures());
  }
  return async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  };
}
