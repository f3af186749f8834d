#!/usr/bin/env node
// Local stand-in for a talking-avatar provider: an HTTP service the Worker calls.
//   GET  /health                → {ok, missing[]}
//   POST /train   body = the avatar upload (video/* or image/*), headers x-avatar-kind,
//                 x-language, x-speech-rate → image/jpeg reference frame, header x-voice (JSON)
//   POST /render  JSON {text, voice, reference (base64 JPEG)} → video/mp4, header x-duration-ms
import { createServer } from "node:http";
import { createWriteStream, createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { missingTools, TOOLS } from "./tools.mjs";
import { render, train, withTempDir } from "./media.mjs";

const MAX_SOURCE = 200 * 1024 * 1024;
const MAX_JSON = 4 * 1024 * 1024;
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
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method === "GET" && url.pathname === "/health") return sendJson(res, tools.missing.length ? 503 : 200, { ok: !tools.missing.length, missing: tools.missing, hint: tools.hint });
      if (req.method !== "POST" || !["/train", "/render"].includes(url.pathname)) throw new HttpError(404, "not found");
      if (tools.missing.length) throw new HttpError(503, tools.hint);
      await withTempDir(async (dir) => {
        if (url.pathname === "/train") {
          const kind = req.headers["x-avatar-kind"] === "photo" ? "photo" : "video";
          const src = join(dir, "source");
          await saveBody(req, src);
          const out = await train(dir, src, { kind, language: req.headers["x-language"], rate: req.headers["x-speech-rate"] }).catch((e) => {
            throw new HttpError(422, `cannot read the ${kind}: ${e.message}`);
          });
          res.writeHead(200, { "content-type": "image/jpeg", "content-length": out.reference.length, "x-voice": JSON.stringify(out.voice) });
          return res.end(out.reference);
        }
        const body = await readJson(req);
        const text = typeof body.text === "string" ? body.text.trim().slice(0, MAX_TEXT) : "";
        const voice = body.voice;
        if (!text) throw new HttpError(400, "text is required");
        if (!voice || typeof voice.voice !== "string" || !/^[a-z]{2,3}(-[a-z0-9]+)?(\+[a-z0-9]+)?$/i.test(voice.voice)) throw new HttpError(400, "voice.voice is invalid");
        if (typeof body.reference !== "string" || !body.reference) throw new HttpError(400, "reference (base64 JPEG) is required");
        const started = performance.now();
        const out = await render(dir, { text, voice: { voice: voice.voice, pitch: clamp(voice.pitch, 0, 99, 50), speed: clamp(voice.speed, 80, 450, 160) }, reference: Buffer.from(body.reference, "base64") });
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
