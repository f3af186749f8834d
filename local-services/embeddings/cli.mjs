#!/usr/bin/env node
// `node local-services/embeddings/cli.mjs`: the OpenAI-compatible embeddings service on PORT (8789).
//   EMBEDDINGS_MODEL_DIR  a model directory (config.json, tokenizer.json, onnx/*.onnx) or a root of
//                         `<org>/<name>/` model directories; files only, the hub is never asked.
//                         Unset: the model is fetched from the Hugging Face hub (needs internet).
//   EMBEDDINGS_MODEL      the model id (default Xenova/all-MiniLM-L6-v2); clients must send this name.
//   EMBEDDINGS_DTYPE      fp32 / q8 / … (default: fp32 if onnx/model.onnx exists, else q8).
import { resolve } from "node:path";
import { DEFAULT_MODEL, loadModel, resolveLocation } from "./model.mjs";
import { startEmbeddingsServer } from "./server.mjs";

const port = Number(process.env.PORT ?? 8789);
const modelDir = process.env.EMBEDDINGS_MODEL_DIR || undefined;
const where = resolveLocation(modelDir, process.env.EMBEDDINGS_MODEL || DEFAULT_MODEL);
const model = process.env.EMBEDDINGS_MODEL || (where ? where.model : DEFAULT_MODEL);

const api = await startEmbeddingsServer({
  port,
  model,
  load: () => loadModel({ modelDir, model: where?.model ?? model, dtype: process.env.EMBEDDINGS_DTYPE || undefined }),
});
console.log(`embeddings service on ${api.url}/v1 (model ${model} from ${where ? resolve(where.root, where.model) : "the Hugging Face hub"}); loading…`);
// Load now rather than on the first request, and say plainly whether it worked.
fetch(`${api.url}/health`)
  .then((r) => r.json())
  .then((h) =>
    h.status === "ok" ? console.log(`embeddings service ready: ${h.model}, ${h.dims} dimensions`) : console.warn(`⚠ embeddings service: ${h.reason}`),
  );
const stop = async () => {
  await api.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
