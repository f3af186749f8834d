#!/usr/bin/env node
// Local stand-in for a talking-avatar provider: an HTTP service the Worker calls.
//   GET  /health                → {ok, missing[]}
//   POST /train   body = the avatar upload (video/* or image/*), headers x-avatar-kind,
//                 x-language, x-speech-rate → JSON {poster (base64 JPEG), model (base64, see
//                 avatar-model.mjs), voice}; 422 {error} with a reason the user can act on
//                 (no face found, unreadable file)
//   POST /render  JSON {text, voice, model (base64)} → video/mp4, headers x-duration-ms,
//                 x-render-ms. Avatars trained before face models existed send `reference`
//                 (base64 JPEG) instead: it is trained as a photo on the fly. `renderer: "legacy"`
//                 selects the old one-still renderer (kept for the benchmark's comparison).
import { createServer } from "node:http";
import { createWriteStream, createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { missingTools, TOOLS } from "./tools.mjs";
import { render, renderLegacy, train, withTempDir } from "./media.mjs";
import { FaceError } from "./face-train.mjs";
import { unpackModel } from "./avatar-model.mjs";
import { loadFaceModel } from "./face.mjs";

const MAX_SOURCE = 200 * 1024 * 1024;
const MAX_JSON = 48 * 1024 * 1024; // a video avatar's model is ~0.3–2 MB, base64 in JSON
const MAX_TEXT = 5000;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const sendJson = (res, status, body) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

async function readJson(req) {
  const chunks = [];
  let n = 0;
  for await (const c of req) {
    if ((n += c.length) > MAX_JSON) throw new HttpError(413, "request too large");
    chunks.push(c);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "invalid JSON");
  }
}

async function saveBody(req, path) {
  let n = 0;
  const limit = async function* (source) {
    for await (const c of source) {
      if ((n += c.length) > MAX_SOURCE) throw new HttpError(413, "source too large");
      yield c;
    }
  };
  await pipeline(req, limit, createWriteStream(path));
  if (!n) throw new HttpError(400, "empty source");
}

export function createRendererServer() {
  const tools = missingTools();
  // Load the face model now rather than on the first upload (~1–2 s).
  if (!tools.missing.length) loadFaceModel().catch((e) => console.warn(`media-renderer: the face model did not load: ${e.message}`));
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method === "GET" && url.pathname === "/health")
        return sendJson(res, tools.missing.length ? 503 : 200, { ok: !tools.missing.length, missing: tools.missing, hint: tools.hint });
      if (req.method !== "POST" || !["/train", "/render"].includes(url.pathname)) throw new HttpError(404, "not found");
      if (tools.missing.length) throw new HttpError(503, tools.hint);
      await withTempDir(async (dir) => {
        if (url.pathname === "/train") {
          const kind = req.headers["x-avatar-kind"] === "photo" ? "photo" : "video";
          const src = join(dir, "source");
          await saveBody(req, src);
          const out = await train(dir, src, { kind, language: req.headers["x-language"], rate: req.headers["x-speech-rate"] }).catch((e) => {
            // A face-model failure is said as is ("no face was found in the photo — …"); an
            // unreadable file gets the decoder's words.
            throw new HttpError(422, e instanceof FaceError ? capitalise(e.message) : `The ${kind} could not be read: ${e.message}`);
          });
          return sendJson(res, 200, { poster: out.poster.toString("base64"), model: out.model.toString("base64"), voice: out.voice });
        }
        const body = await readJson(req);
        const text = typeof body.text === "string" ? body.text.trim().slice(0, MAX_TEXT) : "";
        const voice = body.voice;
        if (!text) throw new HttpError(400, "text is required");
        if (!voice || typeof voice.voice !== "string" || !/^[a-z]{2,3}(-[a-z0-9]+)?(\+[a-z0-9]+)?$/i.test(voice.voice))
          throw new HttpError(400, "voice.voice is invalid");
        const model = typeof body.model === "string" && body.model ? Buffer.from(body.model, "base64") : null;
        const reference = typeof body.reference === "string" && body.reference ? Buffer.from(body.reference, "base64") : null;
        if (!model && !reference) throw new HttpError(400, "model (base64 avatar model) is required");
        if (model) {
          try {
            unpackModel(model);
          } catch (e) {
            throw new HttpError(400, e.message);
          }
        }
        const settings = { text, voice: speechSettings(voice), model, reference };
        const started = performance.now();
        const out = body.renderer === "legacy" ? await renderLegacy(dir, settings) : await render(dir, settings);
        const size = (await stat(out.path)).size;
        res.writeHead(200, {
          "content-type": "video/mp4",
          "content-length": size,
          "x-duration-ms": String(out.durationMs),
          "x-render-ms": String(Math.round(performance.now() - started)),
        });
        await pipeline(createReadStream(out.path), res);
      });
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) console.error("media-renderer:", err.message);
      if (!res.headersSent) sendJson(res, status, { error: err.message });
      else res.destroy();
    }
  });
}

const capitalise = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** The voice fields the renderer uses, clamped to what espeak-ng and the filters accept. */
function speechSettings(v) {
  const num = (x, lo, hi, def) => (Number.isFinite(Number(x)) ? Math.max(lo, Math.min(hi, Number(x))) : def);
  return {
    voice: v.voice,
    pitch: clamp(v.pitch, 0, 99, 50),
    speed: clamp(v.speed, 80, 450, 160),
    range: clamp(v.range, 0, 99, 50),
    formant: num(v.formant, 0.8, 1.25, 1),
  };
}

function clamp(v, lo, hi, def) {
  const n = Number(v);
  return Number.isFinite(n) ? Math.max(lo, Math.min(hi, Math.round(n))) : def;
}

// Run directly: `node local-services/media-renderer/server.mjs` (PORT, default 8788).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8788);
  const { hint } = missingTools();
  if (!hint) console.log(`media-renderer: ffmpeg = ${TOOLS.ffmpeg}, speech = ${TOOLS.speechEngine}`);
  if (hint) console.warn(`media-renderer: ${hint}; video features will report this until fixed`);
  createRendererServer().listen(port, "127.0.0.1", () => console.log(`media-renderer on http://127.0.0.1:${port}`));
}
