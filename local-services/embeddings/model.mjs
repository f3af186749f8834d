// The transformers.js side of the embeddings service: a sentence-embedding model run with
// onnxruntime-node, `feature-extraction` + mean pooling + L2 normalization (what
// sentence-transformers does for MiniLM/BGE/GTE-style models).
//
// @huggingface/transformers is an optionalDependency (its onnxruntime-node is ~300 MB and may not
// install everywhere), so it is imported dynamically and its absence is reported as a reason.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export const DEFAULT_MODEL = "Xenova/all-MiniLM-L6-v2";
/** Texts per forward pass: bounds memory on long batches (padding grows with the longest text). */
const BATCH = 32;

/** A directory is a model when it holds what transformers.js loads: config, tokenizer, ONNX weights. */
export function isModelDir(dir) {
  return existsSync(join(dir, "config.json")) && existsSync(join(dir, "tokenizer.json")) && onnxFiles(dir).length > 0;
}

const onnxFiles = (dir) => (existsSync(join(dir, "onnx")) ? readdirSync(join(dir, "onnx")).filter((f) => f.endsWith(".onnx")) : []);

/**
 * Where to load from. `modelDir` is either one model's directory (has config.json) or a root holding
 * `<model id>/` directories, as transformers.js' `env.localModelPath` expects.
 * @returns {{ root: string, model: string } | null} null = from the hub.
 */
export function resolveLocation(modelDir, model = DEFAULT_MODEL) {
  if (!modelDir) return null;
  const dir = resolve(modelDir);
  if (existsSync(join(dir, "config.json"))) return { root: dirname(dir), model: basename(dir) };
  return { root: dir, model };
}

/** fp32 weights (onnx/model.onnx) when present, else the 8-bit quantized ones transformers.js names q8. */
function pickDtype(dir) {
  const files = onnxFiles(dir);
  if (!files.length || files.includes("model.onnx")) return "fp32";
  if (files.includes("model_quantized.onnx")) return "q8";
  return "fp32";
}

/**
 * Loads the model and probes its output size (dimensions come from the model, not from config).
 * Throws an Error whose message says why it cannot load (not installed, files missing, offline…).
 * @param {{ modelDir?: string, model?: string, dtype?: string, moduleName?: string }} opts
 * @returns {Promise<{ name: string, dims: number, source: string, embed: (texts: string[]) => Promise<{ vectors: number[][], tokens: number }> }>}
 */
export async function loadModel({ modelDir, model = DEFAULT_MODEL, dtype, moduleName = "@huggingface/transformers" } = {}) {
  let tf;
  try {
    tf = await import(moduleName);
  } catch (err) {
    throw new Error(`${moduleName} is not installed (it is an optionalDependency; run npm install on a platform onnxruntime-node supports): ${err.message}`);
  }
  const where = resolveLocation(modelDir, model);
  if (where) {
    // Local files only: never reach for the hub when the operator pointed at a directory.
    tf.env.localModelPath = where.root.endsWith("/") ? where.root : `${where.root}/`;
    tf.env.allowLocalModels = true;
    tf.env.allowRemoteModels = false;
  }
  const id = where ? where.model : model;
  const dir = where ? join(where.root, id) : null;
  if (dir && !existsSync(dir)) throw new Error(`model directory ${dir} does not exist (EMBEDDINGS_MODEL_DIR=${modelDir}, model ${id})`);
  const chosen = dtype ?? (dir && statSync(dir).isDirectory() ? pickDtype(dir) : "fp32");
  let extractor;
  try {
    extractor = await tf.pipeline("feature-extraction", id, { dtype: chosen, device: "cpu" });
  } catch (err) {
    const hint = where ? "" : " (no EMBEDDINGS_MODEL_DIR: tried the Hugging Face hub, which needs internet)";
    throw new Error(`cannot load ${id}${hint}: ${err.message}`);
  }
  const countTokens = (texts) => {
    const { attention_mask } = extractor.tokenizer(texts, { padding: true, truncation: true });
    return Number(attention_mask.sum().item());
  };
  const embed = async (texts) => {
    const vectors = [];
    let tokens = 0;
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH);
      const out = await extractor(batch, { pooling: "mean", normalize: true });
      vectors.push(...out.tolist());
      tokens += countTokens(batch);
    }
    return { vectors, tokens };
  };
  const probe = await embed(["dimension probe"]);
  return { name: id, dims: probe.vectors[0].length, source: dir ?? `hub:${id}`, dtype: chosen, embed };
}
