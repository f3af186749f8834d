/** Turns text into vectors. Vectors from different embedders are never comparable. */
export interface Embedder {
  /** `name@dims`, stored on every document and vector so a search never mixes models. */
  readonly id: string;
  readonly dims: number;
  /** Human-readable adapter name for /api/health. */
  readonly adapter: string;
  /** Cosine below which a vector match is noise for this model (lexical vectors: no shared terms ≈ 0). */
  readonly minSimilarity?: number;
  /** One unit-length vector per text, in order. */
  embed(texts: string[], purpose: "document" | "query"): Promise<Float32Array[]>;
}

export const embedderId = (name: string, dims: number) => `${name}@${dims}`;

/** Scales a vector to unit length (a zero vector stays zero), so cosine similarity is a dot product. */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

/** Checks a provider's answer: one vector per input, each of the promised dimension. */
export function checkVectors(vectors: ArrayLike<number>[], count: number, dims: number, who: string): Float32Array[] {
  if (vectors.length !== count) throw new Error(`${who} returned ${vectors.length} vectors for ${count} texts`);
  return vectors.map((v) => {
    if (v.length !== dims) throw new Error(`${who} returned ${v.length} dimensions, configured for ${dims}`);
    return normalize(Float32Array.from(v));
  });
}
