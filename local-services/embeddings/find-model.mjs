// Finds a sentence-embedding model directory for the tests and the bench, which run the real
// model only when one is on disk (this project never downloads weights itself):
// EMBEDDINGS_TEST_MODEL_DIR, else the project's shared folder `../shared/models` (beside the repo).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { isModelDir } from "./model.mjs";

const repo = resolve(new URL("../..", import.meta.url).pathname);
const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
const subdirs = (p) =>
  isDir(p)
    ? readdirSync(p)
        .map((n) => join(p, n))
        .filter(isDir)
    : [];

/** @returns {{ dir: string } | { reason: string }} */
export function findModelDir(env = process.env) {
  const roots = env.EMBEDDINGS_TEST_MODEL_DIR ? [resolve(env.EMBEDDINGS_TEST_MODEL_DIR)] : [resolve(repo, "../shared/models")];
  for (const root of roots) {
    // The root itself, `<name>/` or `<org>/<name>/` below it (the hub's layout).
    const found = [root, ...subdirs(root), ...subdirs(root).flatMap(subdirs)].filter(isModelDir);
    // Prefer a known sentence-embedding family when several models are there.
    const best = found.find((d) => /minilm|bge|gte|e5|mpnet|nomic|embed/i.test(d)) ?? found[0];
    if (best) return { dir: best };
  }
  const where = roots.join(", ");
  return {
    reason: `no model directory (config.json + tokenizer.json + onnx/*.onnx) in ${where}${env.EMBEDDINGS_TEST_MODEL_DIR ? "" : " — set EMBEDDINGS_TEST_MODEL_DIR"}`,
  };
}
