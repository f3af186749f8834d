import { fnv1a, LexicalHashEmbedder, STOPWORDS } from "./lexical-hash";
import { normalize } from "../../ports/embedder";
import { conceptsOfWords } from "../../lib/lexicon";

/** Weight of a concept feature relative to a word feature; chosen on the dev split (bench/knowledge.bench.mjs). */
export const CONCEPT_WEIGHT = 0.7;

/**
 * The offline default since issue #15: the lexical-hash features (stemmed words, bigrams,
 * trigrams) plus, for each word, its WordNet concepts from worker/lib/lexicon.ts (lemma → own
 * senses at full weight, near hypernyms and gloss nouns at half). So "PhD" and "doctorate",
 * "grew" and "grow", "free time" and "hobbies" land on shared dimensions, at index time and at
 * query time alike. Still lexical, still no model weights; a new id, so its vectors are never
 * compared with lexical-hash-v1 vectors (documents indexed by v1 are found by keywords until
 * re-indexed).
 */
export class LexicalConceptEmbedder extends LexicalHashEmbedder {
  override readonly adapter = "lexical-hash-v2 (feature-hashed stemmed words + WordNet lemmas and synonyms, offline, not learned)";
  // No shared word or concept ≈ 0, as for v1; the floor that decides "not shared" is applied
  // on relevance (knowledge/relevance.ts), not here.
  override readonly minSimilarity = 0.05;

  constructor(
    dims = 512,
    private readonly conceptWeight = CONCEPT_WEIGHT,
  ) {
    super(dims, "lexical-hash-v2");
  }

  /**
   * As v1, except that a feature weighing less than 1 keeps its weight: v1's 1 + ln(tf) turns a
   * 0.15 trigram into −0.9, louder than a whole word, which would drown the concepts.
   */
  override vector(text: string): Float32Array {
    const v = new Float32Array(this.dims);
    for (const [key, tf] of this.features(text)) {
      // Signed bucket of a feature, memoised: words, trigrams and concepts repeat across chunks,
      // and hashing each twice per occurrence was most of the cost of the extra concept features.
      let slot = this.slots.get(key);
      if (slot === undefined) {
        if (this.slots.size >= 200_000) this.slots.clear();
        // ±(bucket + 1): the sign is the feature's sign, so one number holds both.
        slot = (fnv1a(`~${key}`) & 1 ? 1 : -1) * ((fnv1a(key) % this.dims) + 1);
        this.slots.set(key, slot);
      }
      v[Math.abs(slot) - 1]! += Math.sign(slot) * (tf >= 1 ? 1 + Math.log(tf) : tf);
    }
    return normalize(v);
  }
  private readonly slots = new Map<string, number>();

  protected override features(text: string): Map<string, number> {
    const f = super.features(text);
    const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOPWORDS.has(w));
    for (const concepts of conceptsOfWords(words)) {
      for (const c of concepts) {
        const key = `k:${c.id}`;
        f.set(key, (f.get(key) ?? 0) + this.conceptWeight * (c.strong ? 1 : 0.5));
      }
    }
    return f;
  }
}
