import { embedderId, normalize, type Embedder } from "./port";
// A fast, stable hash so the same feature always lands in the same dimension.
import { fnv1a } from "../../shared/hash";
import { lexicalTerms } from "../../shared/text";

export { lexicalTerms };

/**
 * The offline default, and honest about it: a LEXICAL vector (feature hashing of Porter-stemmed
 * words, word bigrams and character trigrams of each word, with sublinear term frequency),
 * not a learned semantic embedding. It matches shared words and their inflections ("climbing" ≈
 * "climbed") and typos partly via trigrams, but not synonyms ("car" ≠ "automobile"). It needs no
 * model weights and runs anywhere, which is why it is the local default.
 */
export class LexicalHashEmbedder implements Embedder {
  readonly id: string;
  readonly adapter: string = "lexical-hash (feature-hashed stemmed words, offline, not semantic)";
  // Texts sharing no term score ~0 (hash collisions add a little noise either way).
  readonly minSimilarity: number = 0.05;

  constructor(
    readonly dims = 512,
    name = "lexical-hash-v1",
  ) {
    this.id = embedderId(name, dims);
  }

  private features(text: string): Map<string, number> {
    const f = new Map<string, number>();
    const add = (key: string, w: number) => f.set(key, (f.get(key) ?? 0) + w);
    const terms = lexicalTerms(text);
    terms.forEach((t, i) => {
      add(`w:${t}`, 1);
      if (i > 0) add(`b:${terms[i - 1]} ${t}`, 0.5);
      if (t.length > 3) for (let j = 0; j + 3 <= t.length; j++) add(`c:${t.slice(j, j + 3)}`, 0.15);
    });
    return f;
  }

  vector(text: string): Float32Array {
    const v = new Float32Array(this.dims);
    for (const [key, tf] of this.features(text)) {
      const h = fnv1a(key);
      // The sign bit of a second hash makes collisions cancel out on average instead of piling up.
      const sign = fnv1a(`~${key}`) & 1 ? 1 : -1;
      v[h % this.dims]! += sign * (1 + Math.log(tf));
    }
    return normalize(v);
  }

  async embed(texts: string[], _purpose?: "document" | "query"): Promise<Float32Array[]> {
    return texts.map((t) => this.vector(t));
  }
}
