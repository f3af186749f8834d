import { fnv1a } from "../../shared/hash";
import { conceptsOf, conceptsOfWords } from "../../shared/lexicon";
import { EMBEDDER_STOPWORDS, lexicalTerms, tokens } from "../../shared/text";
import { LexicalHashEmbedder } from "./lexical-hash";
import { normalize } from "./port";

/** Weight of a concept feature relative to a word feature; chosen on the dev split (bench/knowledge.bench.mjs). */
export const CONCEPT_WEIGHT = 1;
const MAX_CONCEPTS = 4;
// Character trigrams carry typos ("bouldring" ≈ "bouldering"); v1 weighed them ~0.9 by accident
// (1 + ln 0.15), here they are set on purpose.
const TRIGRAM_WEIGHT = 0.35;
const CONCEPT_KEYS = ["k:", "k2:"];
const CONCEPT_SLOT = Math.SQRT1_2;

/**
 * The offline default since issue #15: the lexical-hash features (stemmed words, bigrams,
 * trigrams) plus, for each word, its WordNet concepts from worker/shared/lexicon.ts (lemma → own
 * senses at full weight, near hypernyms and gloss nouns at half). So "PhD" and "doctorate",
 * "grew" and "grow", "free time" and "hobbies" land on shared dimensions, at index time and at
 * query time alike. Still lexical, still no model weights; a new id, so its vectors are never
 * compared with lexical-hash-v1 vectors (documents indexed by v1 are found by keywords until
 * re-indexed).
 */
export class LexicalConceptEmbedder extends LexicalHashEmbedder {
  override readonly adapter =
    "lexical-hash-v5 (feature-hashed stemmed words + WordNet lemmas, synonyms, near hypernyms and derived forms, offline, not learned)";
  // No shared word or concept ≈ 0, as for v1; the floor that decides "not shared" is applied
  // on relevance (shared/relevance.ts), not here.
  // Lower than v1's 0.05: without v1's inflated trigram weights a one-concept paraphrase scores ~0.01–0.05
  // ("spouse" against "My wife Chioma is an attorney …"). Chosen on the dev split: 0.01 (recall@5 0.88) against
  // 0.03 (0.86), with the relevance floor then deciding; 0 was no better.
  override readonly minSimilarity = 0.01;

  constructor(
    dims = 512,
    private readonly conceptWeight = CONCEPT_WEIGHT,
  ) {
    super(dims, "lexical-hash-v5");
  }

  /**
   * One pass, straight into the vector: each distinct word's signed buckets (its stem, trigrams and
   * concepts) are computed once per isolate and reused, so the extra concept features cost less
   * than v1's per-occurrence stemming and hashing. Unlike v1 a feature's weight adds per occurrence
   * (no 1 + ln tf, which turned v1's 0.15 trigrams into −0.9, louder than a whole word).
   */
  override vector(text: string): Float32Array {
    const v = new Float32Array(this.dims);
    // The shared tokenizer with v1's settings, unstemmed: the lexicon looks words up as written.
    const words = tokens(text, { stopwords: EMBEDDER_STOPWORDS }).map((t) => t.surface);
    const concepts = conceptsOfWords(words);
    let prev: Word | null = null;
    words.forEach((w, i) => {
      const word = this.word(w);
      // A collocation's concepts come back for both its words, and stand in for the words' own ("free time" is
      // leisure, not "free" + "time"); other words' concepts come from the memo.
      const inCollocation = concepts[i]!.length !== word.conceptCount;
      const n = inCollocation ? word.plain : word.slots.length;
      for (let j = 0; j < n; j++) v[word.slots[j]!]! += word.weights[j]!;
      if (inCollocation) this.addConcepts(v, concepts[i]!.slice(word.conceptCount));
      if (prev) {
        const h = Math.imul(prev.hash ^ Math.imul(word.hash, 0x9e3779b1), 0x01000193) >>> 0;
        v[h % this.dims]! += (h & 0x80000000 ? 1 : -1) * 0.5;
      }
      prev = word;
    });
    return normalize(v);
  }

  private readonly words = new Map<string, Word>();
  private word(w: string): Word {
    let word = this.words.get(w);
    if (word) return word;
    if (this.words.size >= 100_000) this.words.clear();
    // v1's term for the word (its stem rule lives in shared/text), once per distinct word.
    const t = lexicalTerms(w)[0] ?? w;
    const slots: number[] = [];
    const weights: number[] = [];
    const add = (key: string, weight: number) => {
      slots.push(fnv1a(key) % this.dims);
      weights.push((fnv1a(`~${key}`) & 1 ? 1 : -1) * weight);
    };
    add(`w:${t}`, 1);
    if (t.length > 3) for (let j = 0; j + 3 <= t.length; j++) add(`c:${t.slice(j, j + 3)}`, TRIGRAM_WEIGHT);
    const plain = slots.length;
    const own = conceptsOf(w).slice(0, MAX_CONCEPTS);
    // Each concept in two slots at 1/√2 each: a collision with an unrelated feature then costs half as much.
    for (const c of own) for (const k of CONCEPT_KEYS) add(`${k}${c.id}`, CONCEPT_SLOT * this.conceptWeight * (c.strong ? 1 : 0.5));
    word = { hash: fnv1a(t), slots, weights, plain, conceptCount: conceptsOf(w).length };
    this.words.set(w, word);
    return word;
  }

  private addConcepts(v: Float32Array, extra: { id: string; strong: boolean }[]) {
    for (const c of extra.slice(0, MAX_CONCEPTS)) {
      for (const k of CONCEPT_KEYS) {
        const key = `${k}${c.id}`;
        v[fnv1a(key) % this.dims]! += (fnv1a(`~${key}`) & 1 ? 1 : -1) * CONCEPT_SLOT * this.conceptWeight * (c.strong ? 1 : 0.5);
      }
    }
  }
}

interface Word {
  hash: number;
  slots: number[];
  weights: number[];
  /** Slots before the concept features (the word and its trigrams). */
  plain: number;
  conceptCount: number;
}
