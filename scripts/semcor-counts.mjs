// SemCor tag counts per lemma from WordNet's index.sense, shared by the generators of the offline lexicon
// (build-lexicon.mjs) and word vectors (build-word-vectors.mjs): how often each word was tagged in each part of speech.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** lemma → tag counts by synset type (index 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite). */
export function semcorCounts(dict) {
  const counts = new Map();
  for (const line of readFileSync(join(dict, "index.sense"), "utf8").split("\n")) {
    if (!line) continue;
    const [key, , , n] = line.split(" ");
    const [lemma, rest] = key.split("%");
    const c = counts.get(lemma) ?? [0, 0, 0, 0, 0, 0];
    c[Number(rest[0])] += Number(n);
    counts.set(lemma, c);
  }
  return counts;
}
