// An OpenAI-compatible embeddings endpoint over a transformers.js model, so the Worker's existing
// OpenAiEmbedder adapter talks to it (EMBEDDINGS_BASE_URL=http://127.0.0.1:8789/v1):
//   POST /v1/embeddings  {model, input: string | string[], encoding_format?: "float"|"base64", dimensions?}
//   GET  /v1/models      the one served model
//   GET  /health         {status, model, dims, source} — 503 with the reason while it cannot serve
// Errors use OpenAI's shape {error: {message, type, param, code}}: bad input 4xx, model unavailable 503.
import { createServer } from "node:http";

const MAX_BODY = 8 * 1024 * 1024;
/** OpenAI's own per-request limit on inputs. */
const MAX_INPUTS = 2048;

class ApiError extends Error {
  constructor(status, message, { type = "invalid_request_error", param = null, code = null } = {}) {
    super(message);
    Object.assign(this, { status, type, param, code });
  }
}

/** Checks the request body; every failure is the caller's (400/404), before any model work. */
function parseRequest(raw, servedModel) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "Request body is not valid JSON.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ApiError(400, "Request body must be a JSON object.");
  const { model, input, encoding_format = "float", dimensions } = body;
  if (typeof model !== "string" || !model) throw new ApiError(400, "You must provide a model parameter.", { param: "model" });
  if (model !== servedModel)
    throw new ApiError(404, `The model '${model}' does not exist; this server serves '${servedModel}'.`, { param: "model", code: "model_not_found" });
  const texts = typeof input === "string" ? [input] : input;
  if (!Array.isArray(texts) || texts.length === 0)
    throw new ApiError(400, "'input' must be a non-empty string or a non-empty array of strings.", { param: "input" });
  if (texts.length > MAX_INPUTS) throw new ApiError(400, `'input' has ${texts.length} items; at most ${MAX_INPUTS} per request.`, { param: "input" });
  const bad = texts.findIndex((t) => typeof t !== "string" || t.trim() === "");
  // Token-id arrays are valid for OpenAI, but ids of another tokenizer mean nothing to this model.
  if (bad >= 0) throw new ApiError(400, `'input[${bad}]' must be a non-empty string (token arrays are not supported).`, { param: "input" });
  if (encoding_format !== "float" && encoding_format !== "base64")
    throw new ApiError(400, "'encoding_format' must be 'float' or 'base64'.", { param: "encoding_format" });
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && dimensions > 0))
    throw new ApiError(400, "'dimensions' must be a positive integer.", { param: "dimensions" });
  return { texts, encoding_format, dimensions };
}

const base64 = (vector) => Buffer.from(Float32Array.from(vector).buffer).toString("base64");

/**
 * @param {{ model: string, load: () => Promise<{ name: string, dims: number, source: string, embed: (t: string[]) => Promise<{ vectors: number[][], tokens: number }> }> }} opts
 *   `model` is the name clients must send; `load` is called once, and again after a failure
 *   (files may have been added since), never concurrently.
 */
export function createEmbeddingsServer({ model: servedModel, load }) {
  let loading = null;
  let lastError = null;
  const ready = () => {
    loading ??= load().then(
      (m) => ((lastError = null), m),
      (err) => {
        lastError = err.message;
        loading = null;
        throw new ApiError(503, `Model ${servedModel} is unavailable: ${err.message}`, { type: "server_error", code: "model_unavailable" });
      },
    );
    return loading;
  };
  // One inference at a time: onnxruntime already uses every core for one batch.
  let queue = Promise.resolve();
  const serial = (fn) => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };

  return createServer(async (req, res) => {
    const send = (status, payload) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    try {
      const path = new URL(req.url ?? "/", "http://x").pathname.replace(/\/+$/, "");
      if (req.method === "GET" && path === "/health") {
        try {
          const m = await ready();
          return send(200, { status: "ok", model: servedModel, dims: m.dims, source: m.source });
        } catch (err) {
          return send(503, { status: "unavailable", model: servedModel, reason: lastError ?? err.message });
        }
      }
      if (req.method === "GET" && path === "/v1/models") {
        return send(200, { object: "list", data: [{ id: servedModel, object: "model", owned_by: "local" }] });
      }
      if (path !== "/v1/embeddings") throw new ApiError(404, `No route ${req.method} ${path || "/"}.`, { code: "not_found" });
      if (req.method !== "POST") throw new ApiError(405, "Use POST for /v1/embeddings.");
      let raw = "";
      for await (const part of req) {
        raw += part;
        if (raw.length > MAX_BODY) throw new ApiError(413, `Request body exceeds ${MAX_BODY} bytes.`);
      }
      const { texts, encoding_format, dimensions } = parseRequest(raw, servedModel);
      const m = await ready();
      // These models cannot shorten their output; a caller asking for another size is misconfigured.
      if (dimensions !== undefined && dimensions !== m.dims)
        throw new ApiError(400, `This model produces ${m.dims} dimensions; 'dimensions' cannot be ${dimensions}.`, { param: "dimensions" });
      const { vectors, tokens } = await serial(() => m.embed(texts));
      send(200, {
        object: "list",
        data: vectors.map((v, index) => ({ object: "embedding", index, embedding: encoding_format === "base64" ? base64(v) : v })),
        model: servedModel,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    } catch (err) {
      if (err instanceof ApiError) return send(err.status, { error: { message: err.message, type: err.type, param: err.param, code: err.code } });
      console.error("embeddings service:", err);
      send(500, { error: { message: `Embedding failed: ${err.message}`, type: "server_error", param: null, code: null } });
    }
  });
}

/** Starts listening; resolves with the base URL (…/v1 is what EMBEDDINGS_BASE_URL takes). */
export async function startEmbeddingsServer({ port, host = "127.0.0.1", ...opts }) {
  const server = createEmbeddingsServer(opts);
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return {
    url: `http://${host}:${server.address().port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(() => resolve()))),
  };
}
