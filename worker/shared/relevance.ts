/**
 * How much of a question a passage covers, in [0, 1]: the share of the question's content words
 * the passage has, by stem or lemma (full credit), or through a shared WordNet concept (partial
 * credit, RelevanceWeights). Unlike a
 * rank-fused score it is comparable across questions and users, so a floor on it can say "this
 * was not shared": "favourite football team" against "my favourite movie" covers one word of three.
 *
 * Offline only (the lexical path): a learned embedder connects paraphrases this cannot see.
 */
import { collocation, conceptsOf, conceptsOfLemma, conceptsOfWords, expansions, lemmas } from "./lexicon";
import { terms } from "./text";

/**
 * Credit for a question word met only through a concept:
 * - strong: both words have it as their own sense (synonyms: dissertation / thesis);
 * - down: the question's own sense is a hypernym or gloss noun of the passage word (siblings → "my sister");
 * - up: the other way round (PhD → "my doctorate", but also football team → "my research team");
 * - sibling: both reach it only as a hypernym (trip / pilgrimage, both journeys).
 */
export interface RelevanceWeights {
  strong: number;
  down: number;
  up: number;
  sibling: number;
}
// Chosen on the dev split of bench/data/knowledge-personas.json (bench/knowledge.bench.mjs prints the grid).
export const RELEVANCE_WEIGHTS: RelevanceWeights = { strong: 0.9, down: 0.7, up: 0.5, sibling: 0 };
/** Below this coverage a passage does not answer the question (retrieval and the offline responder). */
export const RELEVANCE_FLOOR = 0.5;

export interface Profile {
  stems: Set<string>;
  lemmas: Set<string>;
  /** concept id → whether one of the text's words has it as its own sense, and the stems of the words that bring it. */
  concepts: Map<string, { strong: boolean; stems: string[] }>;
}

/** Passages whose profile this isolate keeps (profileOf is pure; a chunk retrieved again is not re-analysed). */
const PROFILE_MEMO_MAX = 512;
const profileMemo = new Map<string, Profile>();

/**
 * The words, lemmas and concepts of a passage, computed once and matched against many questions.
 * Memoised by the exact text (bounded, oldest out): tokenising, stemming and looking up lemmas and
 * concepts was ~0.14 ms per candidate, paid again for every candidate of every search and reply.
 * The profile is shared: callers only read it.
 */
export function profileOf(text: string): Profile {
  const hit = profileMemo.get(text);
  if (hit) return hit;
  const p = computeProfile(text);
  profileMemo.set(text, p);
  if (profileMemo.size > PROFILE_MEMO_MAX) profileMemo.delete(profileMemo.keys().next().value!);
  return p;
}

function computeProfile(text: string): Profile {
  const ts = terms(text);
  const p: Profile = { stems: new Set(), lemmas: new Set(), concepts: new Map() };
  const concepts = conceptsOfWords(ts.map((t) => t.surface));
  ts.forEach((t, i) => {
    p.stems.add(t.stem);
    for (const l of lemmas(t.surface)) p.lemmas.add(l);
    for (const c of concepts[i]!) {
      const e = p.concepts.get(c.id);
      if (e) {
        e.strong ||= c.strong;
        e.stems.push(t.stem);
      } else p.concepts.set(c.id, { strong: c.strong, stems: [t.stem] });
    }
    const next = ts[i + 1];
    const key = next && collocation(t.surface, next.surface);
    if (key) p.lemmas.add(key);
  });
  return p;
}

export interface Question {
  words: { stem: string; lemmas: string[]; concepts: { id: string; strong: boolean }[] }[];
}

/**
 * The question's content words; a collocation ("free time") is one word, so "times" in a passage
 * does not half-answer "what do you do in your free time".
 */
export function questionOf(text: string): Question {
  const ts = terms(text);
  const words: Question["words"] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const key = i + 1 < ts.length ? collocation(t.surface, ts[i + 1]!.surface) : null;
    if (key) {
      words.push({ stem: key, lemmas: [key], concepts: conceptsOfLemma(key) });
      i++;
    } else words.push({ stem: t.stem, lemmas: lemmas(t.surface), concepts: conceptsOf(t.surface) });
  }
  return { words };
}

/**
 * Credit of each question word against the passage (1, strong, weak or 0), in question order.
 * A passage word that answers one question word exactly does not also half-answer another
 * through its concepts: "team" covers "team" in "favourite football team", not "football" too.
 */
export function matches(q: Question, p: Profile, w: RelevanceWeights = RELEVANCE_WEIGHTS): number[] {
  const exact = q.words.map((word) => p.stems.has(word.stem) || word.lemmas.some((l) => p.lemmas.has(l)));
  const used = new Set(q.words.filter((_, i) => exact[i]).map((word) => word.stem));
  return q.words.map((word, i) => {
    if (exact[i]) return 1;
    // A word the lexicon does not know may be a typo of one the passage has ("bouldring").
    if (!word.concepts.length && word.stem.length >= 5 && [...p.stems].some((s) => trigramDice(word.stem, s) >= 0.6)) return TYPO_CREDIT;
    let best = 0;
    for (const c of word.concepts) {
      const other = p.concepts.get(c.id);
      if (!other || other.stems.every((s) => used.has(s))) continue;
      best = Math.max(best, c.strong ? (other.strong ? w.strong : w.down) : other.strong ? w.up : w.sibling);
    }
    return best;
  });
}

// Question words that frame a question rather than name its topic ("your favourite …", "have you
// ever …", "what kind of …"): they count, but less, so "favourite" alone does not half-answer
// "favourite football team". Not stopwords: "my favourite dish" still has to say "dish".
const FRAMING = new Set(
  "ever kind sort type favourite favorite favourites old recent recently most best usually often currently moment name named called spend enjoy like love prefer".split(
    " ",
  ),
);
const FRAMING_WEIGHT = 0.3;

const TYPO_CREDIT = 0.8;
function trigramDice(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 0;
  const grams = (s: string) => new Set(Array.from({ length: Math.max(0, s.length - 2) }, (_, i) => s.slice(i, i + 3)));
  const A = grams(a);
  const B = grams(b);
  let inter = 0;
  for (const g of A) if (B.has(g)) inter++;
  return A.size + B.size ? (2 * inter) / (A.size + B.size) : 0;
}

/** Share of the question covered by the passage; 0 for a question without content words. */
export function coverage(q: Question, p: Profile, w: RelevanceWeights = RELEVANCE_WEIGHTS): number {
  if (!q.words.length) return 0;
  const credit = matches(q, p, w);
  let got = 0;
  let total = 0;
  q.words.forEach((word, i) => {
    const weight = word.lemmas.some((l) => FRAMING.has(l)) || FRAMING.has(word.stem) ? FRAMING_WEIGHT : 1;
    got += weight * credit[i]!;
    total += weight;
  });
  return got / total;
}

export const relevance = (question: string, passage: string, w: RelevanceWeights = RELEVANCE_WEIGHTS) => coverage(questionOf(question), profileOf(passage), w);

/** Extra keyword-search words for a question: per content word ("do" would expand to "make") and per collocation. */
export function keywordExpansions(text: string): string[] {
  const ts = terms(text);
  const out: string[] = [];
  ts.forEach((t, i) => {
    out.push(...expansions(t.surface, 3));
    const key = i + 1 < ts.length ? collocation(t.surface, ts[i + 1]!.surface) : null;
    if (key) out.push(...expansions(key, 6));
  });
  return out;
}
