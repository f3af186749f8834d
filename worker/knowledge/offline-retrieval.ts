/**
 * Retrieval settings for the offline path (lexical-hash-v2 embedder, no keys), issue #15.
 * The numbers are chosen on the dev split of bench/data/knowledge-personas.json by
 * `npm run bench knowledge` (which prints the grid and the test-split figures); not guesses.
 */
import type { HybridOptions } from "./hybrid-search";
import type { Embedder } from "../ports/embedder";
import { LexicalConceptEmbedder } from "../adapters/embedders/lexical-concepts";
import { RELEVANCE_FLOOR } from "./relevance";

export const OFFLINE_HYBRID: HybridOptions = {
  weights: { vector: 0.5, keyword: 1 },
  relevance: { floor: RELEVANCE_FLOOR, boost: 0 },
};

/** The relevance floor and weights apply to the offline lexical embedder only: a learned embedder finds paraphrases the lexicon does not know. */
export const hybridOptionsFor = (embedder: Embedder): HybridOptions => (embedder instanceof LexicalConceptEmbedder ? OFFLINE_HYBRID : {});
