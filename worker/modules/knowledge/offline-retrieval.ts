/**
 * Retrieval settings for the offline path (lexical-hash-v5 embedder, no keys), issue #15.
 * The numbers are chosen on the dev split of bench/data/knowledge-personas.json by
 * `npm run bench knowledge` (which prints the grid and the test-split figures); not guesses.
 *
 * They apply to the offline lexical embedder only: a learned embedder finds paraphrases the
 * lexicon does not know. Which embedder that is, only the composition root knows (it passes
 * `lexicalEmbedder` to createKnowledgeModule).
 */
import { RELEVANCE_FLOOR } from "../../shared/relevance";
import type { HybridOptions } from "./hybrid-search";

export const OFFLINE_HYBRID: HybridOptions = {
  weights: { vector: 0.5, keyword: 1 },
  relevance: { floor: RELEVANCE_FLOOR, boost: 0 },
};
