import { stemmer } from "stemmer";

// Function words carry no topic: a question and a note share them by accident. Pronouns are
// here too, because a question says "you" where the owner's notes say "I".
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him himself his
how i if in into is it its itself just like me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves then there these they this
those through to too under until up very was we were what when where which while who whom why will with would you your yours
yourself yourselves tell know think really much many get got let s t don didn doesn isn wasn aren ll ve re d m
go goes going went want one thing things way make use hi hello hey thanks thank please ok okay yes yeah`.split(/\s+/),
);

export interface Term {
  stem: string;
  surface: string;
}

/** Content terms of a text: lowercased words minus stopwords, Porter-stemmed (keeps the surface form for display). */
export function terms(text: string): Term[] {
  const out: Term[] = [];
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []) {
    const word = w.replace(/['’].*$/, "");
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    out.push({ stem: stemmer(word), surface: word });
  }
  return out;
}

/** Splits prose into sentences (on terminal punctuation and line breaks), dropping fragments and headings-only lines. */
export function sentences(text: string): string[] {
  return text
    .replace(/\r/g, "")
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“(])|\n+/u)
    .map((s) => s.replace(/^[#>*\-•\s]+/, "").replace(/\s+/g, " ").trim())
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
