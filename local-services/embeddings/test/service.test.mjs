// The transformers.js embeddings service, in Node (vitest project "node"), each server on a free port.
//  1. Protocol and validation with the real server and the real loader, no model needed.
//  2. A tiny model generated here (tiny-model.mjs) through real transformers.js + onnxruntime-node,
//     checked against vectors computed independently; and the Worker's OpenAiEmbedder against it.
//  3. A real sentence-embedding model when one is on disk; otherwise skipped with the reason.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel } from "../model.mjs";
import { startEmbeddingsServer } from "../server.mjs";
import { findModelDir } from "../find-model.mjs";
import { writeTinyModel, vocab } from "./tiny-model.mjs";
import { OpenAiEmbedder } from "../../../worker/platform/embedder/openai";
import { freePort } from "../../../test/support/free-port.mjs";

const dot = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a) => Math.sqrt(dot(a, a));
const post = async (base, body, raw = false) => {
  const res = await fetch(`${base}/v1/embeddings`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
// fetch keeps connections alive; after a server closes, give the client a moment to see
// its sockets closed before the next describe's server takes the port (else a stale one is reused).
const closeServer = async (api) => {
  await api?.close();
  await new Promise((r) => setTimeout(r, 100));
};
const expectOpenAiError = (body, { type = "invalid_request_error", param, code } = {}) => {
  expect(body.error).toMatchObject({ type, ...(param !== undefined ? { param } : {}), ...(code !== undefined ? { code } : {}) });
  expect(typeof body.error.message).toBe("string");
};

let transformersReason = null;
try {
  await import("@huggingface/transformers");
} catch (err) {
  transformersReason = `@huggingface/transformers is not installed (optionalDependency): ${err.message}`;
  console.warn(`⚠ skipping model-backed embeddings tests: ${transformersReason}`);
}

describe("embeddings service: protocol and validation (model directory without a model)", () => {
  let api;
  let emptyDir;
  beforeAll(async () => {
    emptyDir = mkdtempSync(join(tmpdir(), "no-model-"));
    api = await startEmbeddingsServer({ port: await freePort(), model: "acme/minilm", load: () => loadModel({ modelDir: emptyDir, model: "acme/minilm" }) });
  });
  afterAll(async () => {
    await closeServer(api);
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it("answers 400 in OpenAI's error shape for malformed input, before touching the model", async () => {
    const cases = [
      ["{not json", undefined],
      [JSON.stringify([1, 2]), undefined],
      [JSON.stringify({ input: ["x"] }), "model"],
      [JSON.stringify({ model: "acme/minilm" }), "input"],
      [JSON.stringify({ model: "acme/minilm", input: [] }), "input"],
      [JSON.stringify({ model: "acme/minilm", input: ["ok", ""] }), "input"],
      [JSON.stringify({ model: "acme/minilm", input: [[101, 2023]] }), "input"],
      [JSON.stringify({ model: "acme/minilm", input: Array(2049).fill("x") }), "input"],
      [JSON.stringify({ model: "acme/minilm", input: "x", encoding_format: "hex" }), "encoding_format"],
      [JSON.stringify({ model: "acme/minilm", input: "x", dimensions: -3 }), "dimensions"],
    ];
    for (const [body, param] of cases) {
      const r = await post(api.url, body, true);
      expect(r.status, body.slice(0, 60)).toBe(400);
      expectOpenAiError(r.body, param ? { param } : {});
    }
    expect((await post(api.url, { model: "acme/minilm", input: ["ok", ""] })).body.error.message).toMatch(/input\[1\]/);
  });

  it("answers 404 for another model name or route, 405 for GET on /v1/embeddings", async () => {
    const other = await post(api.url, { model: "text-embedding-3-small", input: "x" });
    expect(other.status).toBe(404);
    expectOpenAiError(other.body, { param: "model", code: "model_not_found" });
    expect(other.body.error.message).toContain("acme/minilm");
    expect((await fetch(`${api.url}/v2/nothing`)).status).toBe(404);
    expect((await fetch(`${api.url}/v1/embeddings`)).status).toBe(405);
    expect(await (await fetch(`${api.url}/v1/models`)).json()).toMatchObject({ data: [{ id: "acme/minilm" }] });
  });

  it("answers 503 with the loader's reason when the model cannot load, on /health too", async () => {
    const r = await post(api.url, { model: "acme/minilm", input: ["hello"] });
    expect(r.status).toBe(503);
    expectOpenAiError(r.body, { type: "server_error", code: "model_unavailable" });
    // Without the optional package the reason is that; with it, the missing directory.
    const reason = transformersReason ? "is not installed" : `${join(emptyDir, "acme/minilm")} does not exist`;
    expect(r.body.error.message).toContain(reason);
    const h = await fetch(`${api.url}/health`);
    expect(h.status).toBe(503);
    expect(await h.json()).toMatchObject({ status: "unavailable", model: "acme/minilm", reason: expect.stringContaining(reason) });
  });

  it("reports a missing transformers package as the reason, not a crash", async () => {
    await expect(loadModel({ modelDir: emptyDir, moduleName: "@huggingface/transformers-not-here" })).rejects.toThrow(/transformers-not-here is not installed/);
  });
});

describe.skipIf(transformersReason)("embeddings service: a generated tiny model through transformers.js + onnxruntime-node", () => {
  let api;
  let root;
  let tiny;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "tiny-model-"));
    tiny = writeTinyModel(root, { name: "tiny-bert", dims: 16 });
    api = await startEmbeddingsServer({ port: await freePort(), model: "tiny-bert", load: () => loadModel({ modelDir: tiny.dir }) });
  });
  afterAll(async () => {
    await closeServer(api);
    rmSync(root, { recursive: true, force: true });
  });

  /** What the service must return, computed without transformers.js: [CLS] words [SEP], mean, unit length. */
  const expected = (text) => {
    const ids = [
      2,
      ...text
        .toLowerCase()
        .match(/\w+/g)
        .map((w) => Math.max(1, vocab.indexOf(w))),
      3,
    ];
    const mean = tiny.table[0].map((_, j) => ids.reduce((s, id) => s + tiny.table[id][j], 0) / ids.length);
    return mean.map((x) => x / norm(mean));
  };

  it("reports the model and the dimensions read from its output on /health", async () => {
    const h = await fetch(`${api.url}/health`);
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: "ok", model: "tiny-bert", dims: 16, source: tiny.dir });
  });

  it("mean-pools over real tokens only (padding masked) and normalizes", async () => {
    const texts = ["The cat sat on the mat", "dog", "I love climbing mountains zebra"];
    const r = await post(api.url, { model: "tiny-bert", input: texts });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ object: "list", model: "tiny-bert", usage: { prompt_tokens: 8 + 3 + 7, total_tokens: 18 } });
    expect(r.body.data.map((d) => d.index)).toEqual([0, 1, 2]);
    for (const [i, d] of r.body.data.entries()) {
      expect(d.embedding).toHaveLength(16);
      expect(norm(d.embedding)).toBeCloseTo(1, 5);
      d.embedding.forEach((x, j) => expect(x).toBeCloseTo(expected(texts[i])[j], 5));
    }
  });

  it("encodes base64 float32 on request and refuses a dimensions value the model cannot give", async () => {
    const f = await post(api.url, { model: "tiny-bert", input: "my dog ran in the park" });
    const b = await post(api.url, { model: "tiny-bert", input: "my dog ran in the park", encoding_format: "base64" });
    const buf = Buffer.from(b.body.data[0].embedding, "base64");
    expect(Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4))).toEqual(f.body.data[0].embedding.map(Math.fround));
    expect((await post(api.url, { model: "tiny-bert", input: "x", dimensions: 16 })).status).toBe(200);
    const wrong = await post(api.url, { model: "tiny-bert", input: "x", dimensions: 8 });
    expect(wrong.status).toBe(400);
    expectOpenAiError(wrong.body, { param: "dimensions" });
  });

  it("serves the Worker's own OpenAiEmbedder adapter unchanged", async () => {
    const e = new OpenAiEmbedder({ baseUrl: `${api.url}/v1`, model: "tiny-bert", dims: 16 });
    const [v] = await e.embed(["the dog sat on the mat"], "query");
    Array.from(v).forEach((x, j) => expect(x).toBeCloseTo(expected("the dog sat on the mat")[j], 5));
    await expect(new OpenAiEmbedder({ baseUrl: `${api.url}/v1`, model: "tiny-bert", dims: 384 }).embed(["x"], "query")).rejects.toThrow(
      /16 dimensions, configured for 384/,
    );
  });
});

const real = findModelDir();
if (!("dir" in real)) console.warn(`⚠ skipping the real sentence-embedding model test: ${real.reason}`);

describe.skipIf(transformersReason || !("dir" in real))("embeddings service: a real sentence-embedding model", () => {
  let model;
  beforeAll(async () => {
    model = await loadModel({ modelDir: real.dir });
  }, 120_000);

  it("gives unit vectors where a paraphrase is closer than an unrelated sentence", async () => {
    const { vectors } = await model.embed([
      "I go rock climbing in the Alps every summer.",
      "Each summer I head to the Alps to climb.",
      "My tax return was filed three weeks late.",
    ]);
    expect(model.dims).toBeGreaterThan(0);
    for (const v of vectors) {
      expect(v).toHaveLength(model.dims);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
    const [a, para, unrelated] = vectors;
    console.log(`${model.name} (${model.dims} dims): cos(paraphrase) ${dot(a, para).toFixed(3)}, cos(unrelated) ${dot(a, unrelated).toFixed(3)}`);
    expect(dot(a, para)).toBeGreaterThan(dot(a, unrelated) + 0.1);
  }, 60_000);
});
