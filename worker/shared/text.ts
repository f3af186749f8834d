import { stemmer as porter } from "stemmer";
import { memo } from "./memo";

// Search re-stems every candidate's words, and a vocabulary repeats.
const stemmer = memo(porter);

// Function words carry no topic: a question and a note share them by accident. Pronouns are
// here too, because a question says "you" where the owner's notes say "I".
/** A number written as a year (1800–2099): "I qualified in 2011" names a year, "R40,000" does not. */
export const YEAR = /^(?:1[89]|20)\d\d$/;

export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him himself his
how i if in into is it its itself just like me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will with would you your yours
yourself yourselves tell know think really much many get got let s t don didn doesn isn wasn aren ll ve re d m
go goes going went want one thing things way make use hi hello hey thanks thank please ok okay yes yeah`.split(/\s+/),
);

/**
 * The embedder's stopwords: a subset of STOPWORDS, frozen as lexical-hash-v1 was built with it.
 * Its vectors are stored; dropping more words would change every stored vector, so a change
 * here needs a new embedder id (and re-indexing), not an edit.
 */
export const EMBEDDER_STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have he her him his how i if in into is it its " +
    "me my of on or our she so than that the their them then there these they this to was we were what when where which who " +
    "whom why will with would you your yours about also just not no yes am any all some out up very more most"
  ).split(" "),
);

export interface Term {
  stem: string;
  surface: string;
}

export interface TokenOptions {
  /** Words to drop (after lowercasing); none by default. */
  stopwords?: ReadonlySet<string>;
  /** Shorter words are dropped (default 1: keep all). */
  minLength?: number;
  /**
   * "word": "don't" is one word, cut at the apostrophe ("don"); "split": the apostrophe is a
   * separator like any other ("don", "t"). Default "split".
   */
  apostrophes?: "word" | "split";
  /** Porter-stem every word ("all"), only words of plain a–z ("ascii"), or none (default). */
  stem?: "all" | "ascii" | "none";
}

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_WITH_APOSTROPHE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * THE tokenizer: lowercased runs of letters and digits, with the options each caller needs. Its
 * callers differ on purpose, so they keep their settings: the offline responder (`terms`) drops
 * the full stopword list and stems everything; the lexical embedder (`lexicalTerms`) keeps its
 * frozen v1 settings (its vectors are stored); FTS queries (`ftsTerms`) keep every word unstemmed,
 * since SQLite's FTS5 tokenizer matches the surface forms.
 */
export function tokens(text: string, opts: TokenOptions = {}): Term[] {
  const { stopwords, minLength = 1, apostrophes = "split", stem = "none" } = opts;
  const out: Term[] = [];
  for (const w of text.toLowerCase().match(apostrophes === "word" ? WORD_WITH_APOSTROPHE : WORD) ?? []) {
    const word = apostrophes === "word" ? w.replace(/['’].*$/, "") : w;
    if (word.length < minLength || stopwords?.has(word)) continue;
    const stemmed = stem === "all" || (stem === "ascii" && /^[a-z]+$/.test(word)) ? stemmer(word) : word;
    out.push({ stem: stemmed, surface: word });
  }
  return out;
}

/** Content terms of a text: lowercased words minus stopwords, Porter-stemmed (keeps the surface form for display). */
export const terms = (text: string): Term[] => tokens(text, { stopwords: STOPWORDS, minLength: 2, apostrophes: "word", stem: "all" });

/** The lexical embedder's terms (lexical-hash-v1: its stopwords, stems of plain a–z words). */
export const lexicalTerms = (text: string): string[] => tokens(text, { stopwords: EMBEDDER_STOPWORDS, stem: "ascii" }).map((t) => t.stem);

/** Words for a full-text query: every word of two or more characters, as written (deduplicated, at most `max`). */
export const ftsTerms = (text: string, max = 32): string[] => [...new Set(tokens(text, { minLength: 2 }).map((t) => t.surface))].slice(0, max);

/**
 * The tokens SQLite FTS5 stores for a text under `tokenize='porter unicode61'` (the
 * knowledge_chunks_fts table), for the in-memory keyword index that stands in for it: lowercased,
 * diacritics removed (unicode61's default remove_diacritics), runs of letters, digits and private-use
 * characters, each Porter-stemmed (words under three characters are kept as they are, as FTS5's
 * porter tokenizer does). Known differences: FTS5 measures the three characters in UTF-8 bytes, and
 * its unicode61 tables may date from an older Unicode version than the JavaScript engine's. `memo`
 * (word → stem) saves re-stemming the words an index build meets again and again.
 */
export function ftsIndexTerms(text: string, memo?: Map<string, string>): string[] {
  const out: string[] = [];
  for (const w of text.toLowerCase().normalize("NFD").replace(DIACRITICS, "").match(FTS_WORD) ?? []) {
    let stem = memo?.get(w);
    if (stem === undefined) {
      stem = w.length < 3 ? w : stemmer(w);
      memo?.set(w, stem);
    }
    out.push(stem);
  }
  return out;
}
const DIACRITICS = /\p{M}+/gu;
const FTS_WORD = /[\p{L}\p{N}\p{Co}]+/gu;

export interface SentenceOptions {
  /**
   * "prose" (the responder): a sentence ends at . ! ? before a capital, digit, quote or
   * parenthesis, or at a line break; list markers are stripped and fragments under three words
   * dropped. "exact" (the chunker): every character is kept, a break needs whitespace after the
   * punctuation (so "3.5" stays whole), closing quotes/brackets and CJK stops count.
   */
  mode: "prose" | "exact";
}

/** THE sentence splitter (see SentenceOptions for its two modes). */
export function sentences(text: string, opts: SentenceOptions = { mode: "prose" }): string[] {
  if (opts.mode === "exact") {
    return text
      .split(/(?<=[.!?。！？]["')\]]*)\s+/u)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return text
    .replace(/\r/g, "")
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“(])|\n+/u)
    .map((s) =>
      s
        .replace(/^[#>*\-•\s]+/, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((s) => s.split(" ").length >= 3);
}

export interface Bm25Doc {
  terms: string[];
}

/** Okapi BM25 of each document against the query stems (k1 = 1.2, b = 0.75). */
export function bm25(query: string[], docs: Bm25Doc[], k1 = 1.2, b = 0.75): number[] {
  const n = docs.length;
  if (!n) return [];
  const avg = docs.reduce((s, d) => s + d.terms.length, 0) / n || 1;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const q = [...new Set(query)];
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    let score = 0;
    for (const t of q) {
      const f = tf.get(t);
      if (!f) continue;
      const idf = Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
      score += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.terms.length) / avg));
    }
    return score;
  });
}
