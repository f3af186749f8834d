/**
 * How related two words are, by real trained word vectors (GloVe, reduced and quantised at build time
 * by scripts/build-word-vectors.mjs): WordNet links synonyms and kinds, but not words that are merely
 * used together ("livestock" and "cattle", "pet" and "dog", "boat" and "sailing"). The offline relevance
 * score (relevance.ts) gives partial credit for such a pair.
 *
 * Lemmas only (the table holds the lexicon's single-word lemmas among the most frequent words); an
 * unknown word is related to nothing.
 */
import { WORD_VECTORS } from "./word-vectors-data";

interface Table {
  index: Map<string, number>;
  vectors: Int8Array;
  dims: number;
  /** 1 / the norm of each quantised vector. */
  inverse: Float32Array;
}
let table: Table | null = null;

/** Decoded on first use: isolates that never score a passage never pay for it. */
function tableOf(): Table {
  if (table) return table;
  const words = WORD_VECTORS.words.split(" ");
  const dims = WORD_VECTORS.dims;
  const bin = atob(WORD_VECTORS.vectors);
  const vectors = new Int8Array(bin.length);
  for (let i = 0; i < bin.length; i++) vectors[i] = (bin.charCodeAt(i) << 24) >> 24;
  const inverse = new Float32Array(words.length);
  for (let k = 0; k < words.length; k++) {
    let s = 0;
    for (let i = k * dims; i < (k + 1) * dims; i++) s += vectors[i]! * vectors[i]!;
    inverse[k] = s ? 1 / Math.sqrt(s) : 0;
  }
  const index = new Map<string, number>();
  words.forEach((w, k) => index.set(w, k));
  table = { index, vectors, dims, inverse };
  return table;
}

/** The word's row in the table, or -1. */
export function vectorOf(lemma: string): number {
  return tableOf().index.get(lemma) ?? -1;
}

/** Cosine of two rows from vectorOf() (0 when either is -1). */
export function similarity(a: number, b: number): number {
  if (a < 0 || b < 0) return 0;
  const { vectors, dims, inverse } = tableOf();
  let s = 0;
  const x = a * dims;
  const y = b * dims;
  for (let i = 0; i < dims; i++) s += vectors[x + i]! * vectors[y + i]!;
  return s * inverse[a]! * inverse[b]!;
}

/** Cosine of two lemmas (0 when either is unknown). */
export const relatedness = (a: string, b: string): number => similarity(vectorOf(a), vectorOf(b));
