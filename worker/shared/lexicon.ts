/**
 * Lemmas and synonyms for the offline retrieval, from a compact WordNet 3.1 table generated at
 * build time (scripts/build-lexicon.mjs → lexicon-data.ts; it says which links it keeps).
 *
 * A word maps to "concepts": numbered WordNet synsets, strong (its own senses: dissertation and
 * thesis share one) or weak (a near hypernym or a specific noun of its gloss: PhD → doctorate,
 * free time → hobby). Irregular forms are undone first (grew → grow), regular ones by WordNet's
 * own suffix rules (morphy), so "hobbies" and "hobby" meet. Two-word collocations count as one
 * word ("free time", "spare time").
 *
 * Callers pass content words (their own stopword lists decide what a content word is).
 */
import { LEXICON_JSON } from "./lexicon-data";
import { memo } from "./memo";

export interface Concept {
  id: string;
  /** One of the word's own senses. */
  strong: boolean;
  /** 0 for an own sense, 1 for a parent or near link (derived form, gloss noun), n for an ancestor n levels up. */
  depth: number;
  /** Sense rank of the own sense it comes from: 0 for a first sense, 1 for a second, 2 for a third or later. */
  rank: number;
  /** A near link (a noun the gloss names: free time → hobby), not a hypernym. */
  near?: boolean;
  /** A derived form's sense (to climb → climber): the same idea in another part of speech, not walked up. */
  derived?: boolean;
}

type Table = {
  irregular: Record<string, string>;
  words: Record<string, string>;
  parents: string;
  kinds: string;
  verbs: string;
  adverbs: string;
  /** Nouns whose senses are answer types no word has as a concept (build-lexicon.mjs, TYPES): "language". */
  heads: Record<string, string>;
};
let parsedTable: Table | null = null;
/** The table, parsed on first use: isolates that never look a word up never pay for it. */
function tableOf(): Table {
  return (parsedTable ??= JSON.parse(LEXICON_JSON) as Table);
}

/** Every single word the table knows (the bench builds English-like text from it). */
export const vocabulary = (): string[] => Object.keys(tableOf().words).filter((w) => !w.includes("_"));

// WordNet's detachment rules (morphy), nouns, verbs and adjectives together: the first candidate
// that is a known lemma wins.
const SUFFIXES: [string, string][] = [
  ["ies", "y"],
  ["ses", "s"],
  ["xes", "x"],
  ["zes", "z"],
  ["ches", "ch"],
  ["shes", "sh"],
  ["men", "man"],
  ["s", ""],
  ["ied", "y"],
  ["es", "e"],
  ["es", ""],
  ["ed", "e"],
  ["ed", ""],
  ["ing", "e"],
  ["ing", ""],
  ["er", ""],
  ["est", ""],
  ["er", "e"],
  ["est", "e"],
];

/** Known lemmas a word form may come from (usually one; "leaves" → leave and leaf is fine). */
export const lemmas = memo(lemmasOf);
function lemmasOf(word: string): string[] {
  const w = word.toLowerCase();
  const out: string[] = [];
  const irregular = tableOf().irregular[w];
  if (irregular) out.push(irregular);
  if (tableOf().words[w]) out.push(w);
  // A word WordNet knows only as an adverb has no lemma here: "ever" is not "eve" + "r", "often" not "oft" + "en".
  if (!out.length && usage(w) === "adverb") return out;
  // A participle WordNet lists as an adjective or noun is also its verb: "relocated" → relocate,
  // "sailing" → sail, "terrified" → terrify.
  if (!out.length || /(?:ed|ing)$/.test(w)) {
    const known = out.length;
    for (const [from, to] of SUFFIXES) {
      if (w.length <= from.length + 1 || !w.endsWith(from)) continue;
      if (known && !from.startsWith("i") && !from.startsWith("e")) continue;
      const base = w.slice(0, -from.length) + to;
      if (base.length < 3) continue;
      // Doubled final consonants: "stopped" → "stop".
      const undoubled = /([b-df-hj-np-tv-z])\1$/.test(base) ? base.slice(0, -1) : null;
      for (const b of [base, undoubled]) if (b && tableOf().words[b] && !out.includes(b)) out.push(b);
      if (out.length > known) break;
    }
  }
  return out;
}

let usageTable: { verbs: Set<string>; adverbs: Set<string> } | null = null;
/**
 * What part a word plays: "verb" for a lemma mostly used as a verb in the SemCor corpus ("dislike",
 * "play"), "adverb" for a word WordNet knows only as an adverb ("often"), else "other". The relevance
 * score weighs a question's words by it.
 */
export function usage(word: string): "verb" | "adverb" | "other" {
  if (!usageTable) {
    const t = tableOf();
    usageTable = { verbs: new Set(t.verbs.split(" ")), adverbs: new Set(t.adverbs.split(" ")) };
  }
  return usageTable.verbs.has(word) ? "verb" : usageTable.adverbs.has(word) ? "adverb" : "other";
}

let parentTable: string[] | null = null;
const parentLinks = new Map<string, { plain: string[]; broad: string[] }>();
/** A concept's parents, by concept number: plain (hypernyms up to the over-general ones) and broad (those, marked "!"). */
function linksOf(id: string): { plain: string[]; broad: string[] } {
  let links = parentLinks.get(id);
  if (!links) {
    parentTable ??= tableOf().parents.split(",");
    const raw = parentTable[Number.parseInt(id, 36)];
    links = { plain: [], broad: [] };
    for (const p of raw ? raw.split(" ") : [])
      if (p[0] === "!") links.broad.push(p.slice(1));
      else links.plain.push(p);
    parentLinks.set(id, links);
  }
  return links;
}
/** A concept's parents (hypernyms, up to the over-general ones the table leaves out). */
const parentsOf = (id: string): string[] => linksOf(id).plain;

/** A concept's part of speech: "n" (noun), "v" (verb) or "a" (adjective). */
export const kindOf = (id: string): string => tableOf().kinds[Number.parseInt(id, 36)] ?? "n";

/** Ancestors are walked this far at most (the table stops at over-general ones well before). */
const MAX_DEPTH = 12;
const parsed = new Map<string, Concept[]>();
/**
 * A lemma's concepts: its own senses (depth 0), near links (depth 1: derived forms, gloss nouns,
 * and the parents of a sense no other word has), and every ancestor of its own senses through the
 * table's parent links (depth 1, 2, …: car → motor vehicle → … → vehicle). Own senses first,
 * then by depth.
 */
export function conceptsOfLemma(lemma: string): Concept[] {
  let c = parsed.get(lemma);
  if (!c) {
    const raw = tableOf().words[lemma];
    c = [];
    if (raw) {
      // id → [depth, sense rank], the shortest and the best over every path.
      const seen = new Map<string, [number, number]>();
      // levels[d]: concepts to walk up from, found at depth d; near links (derived forms, gloss nouns) are not walked.
      const levels: string[][] = [[], []];
      const near: Concept[] = [];
      const derived: Concept[] = [];
      for (const p of raw.split(" ")) {
        const mark = "~^=+*".includes(p[0]!) ? p[0] : "";
        const id = mark ? p.slice(1) : p;
        // "=": a derived form (fracture → to fracture), matched as an own sense; "~": a near link. Neither is walked up.
        if (mark === "=") derived.push({ id, strong: true, depth: 0, rank: 0, derived: true });
        else if (mark === "~") near.push({ id, strong: false, depth: 1, rank: 0, near: true });
        else if (!seen.has(id)) {
          seen.set(id, [mark === "^" ? 1 : 0, mark === "+" ? 1 : mark === "*" ? 2 : 0]);
          levels[mark === "^" ? 1 : 0]!.push(id);
        }
      }
      // Breadth first, so each ancestor gets its shortest distance (and the best rank of the senses reaching it).
      for (let d = 0; d < MAX_DEPTH && d < levels.length; d++) {
        if (!levels[d]!.length) continue;
        const next = (levels[d + 1] ??= []);
        for (const f of levels[d]!) {
          const rank = seen.get(f)![1];
          for (const p of parentsOf(f)) {
            const had = seen.get(p);
            if (had) {
              had[1] = Math.min(had[1], rank);
              continue;
            }
            seen.set(p, [d + 1, rank]);
            next.push(p);
          }
        }
      }
      // Own senses, derived forms and near links (what a gloss names), parents, then farther ancestors: the embedder keeps
      // the first few. A concept both linked near and reached farther up is listed once, as the near link (and walked on).
      const linked = new Set([...derived, ...near].map((x) => x.id));
      levels.forEach((ids, d) => {
        if (d === 1) c!.push(...[...derived, ...near].filter((x) => seen.get(x.id)?.[0] !== 0));
        for (const id of ids) if (d === 0 || !linked.has(id)) c!.push({ id, strong: d === 0, depth: d, rank: seen.get(id)![1] });
      });
    }
    parsed.set(lemma, c);
  }
  return c;
}

const typeMemo = new Map<string, Set<string>>();
/**
 * Every kind a lemma's first senses are, at any height, through plain and broad parents alike: Spanish → … → language,
 * sailing → … → sport. Only for the noun a which/what question asks for (relevance.ts): as a link between any two
 * words these would make every language match every other.
 */
export function typesOfLemma(lemma: string): Set<string> {
  let out = typeMemo.get(lemma);
  if (!out) {
    out = new Set();
    // From first senses only: a note's "graduated" is a kind of instrument only as its rarer noun (a measuring glass).
    let level = conceptsOfLemma(lemma)
      .filter((c) => c.strong && !c.derived && c.rank === 0)
      .map((c) => c.id);
    for (let d = 0; d < MAX_TYPE_DEPTH && level.length; d++) {
      const next: string[] = [];
      for (const id of level) {
        const { plain, broad } = linksOf(id);
        for (const p of [...plain, ...broad]) {
          if (out.has(p)) continue;
          out.add(p);
          next.push(p);
        }
      }
      level = next;
    }
    typeMemo.set(lemma, out);
  }
  return out;
}
/** WordNet's noun hierarchy is at most 20 levels deep. */
const MAX_TYPE_DEPTH = 20;

/** The senses a question's noun asks for a kind of: its own senses, and those only answer types have ("language"). */
export function headSensesOf(lemma: string): string[] {
  const own = conceptsOfLemma(lemma)
    .filter((c) => c.strong && !c.derived)
    .map((c) => c.id);
  const types = tableOf().heads[lemma];
  return types ? [...own, ...types.split(" ")] : own;
}

/** Concepts of one word form (all its candidate lemmas). */
export const conceptsOf = memo(conceptsOfForm);
function conceptsOfForm(word: string): Concept[] {
  const seen = new Map<string, Concept>();
  for (const l of lemmas(word))
    for (const c of conceptsOfLemma(l)) {
      const had = seen.get(c.id);
      if (!had || c.depth < had.depth || (c.depth === had.depth && c.rank < had.rank)) seen.set(c.id, c);
    }
  return [...seen.values()];
}

// The table's collocations by first word (first → the second words' forms in the table): most word pairs are not
// one, and a map lookup says so without building a key (search re-scores every candidate's word pairs).
let seconds: Map<string, Set<string>> | null = null;
function collocationSeconds(): Map<string, Set<string>> {
  if (!seconds) {
    seconds = new Map();
    for (const k of Object.keys(tableOf().words)) {
      const i = k.indexOf("_");
      if (i <= 0) continue;
      const first = k.slice(0, i);
      let set = seconds.get(first);
      if (!set) seconds.set(first, (set = new Set()));
      set.add(k.slice(i + 1));
    }
  }
  return seconds;
}

/** A two-word collocation ("free time", "spare times") as its lemma, or null. */
export function collocation(a: string, b: string): string | null {
  const first = a.toLowerCase();
  const set = collocationSeconds().get(first);
  if (!set) return null;
  for (const l of lemmas(b)) if (set.has(l)) return `${first}_${l}`;
  const second = b.toLowerCase();
  return set.has(second) ? `${first}_${second}` : null;
}

// Adverbial particles only: with a preposition most pairs are not phrases ("came to Scotland" is not
// "come to", regain consciousness), while a verb and one of these usually are ("grew up", "look after").
const PARTICLE = /\b([a-z]{2,})\s+(up|down|out|off|over|away|back|after)\b/g;
/**
 * The phrasal verbs of a text as form → lemma ("grew up" → grew: grow_up), when the lexicon knows the
 * phrase: its meaning is the phrase's, not the verb's ("I grew up in Porto" says nothing about growing).
 * The particle is a stopword, so content-word collocation (collocation()) never sees it.
 */
export function phrasalVerbs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, verb, particle] of text.toLowerCase().matchAll(PARTICLE)) {
    const first = [verb!, ...lemmas(verb!)].find((l) => collocationSeconds().get(l)?.has(particle!));
    if (first) out.set(verb!, `${first}_${particle}`);
  }
  return out;
}

/**
 * Concepts per content word, in order; a collocation's concepts go to both of its words.
 * `words` are the content words of one text, in order.
 */
export function conceptsOfWords(words: string[]): Concept[][] {
  const out = words.map((w) => conceptsOf(w));
  for (let i = 0; i + 1 < words.length; i++) {
    const key = collocation(words[i]!, words[i + 1]!);
    if (!key) continue;
    const c = conceptsOfLemma(key);
    out[i] = [...out[i]!, ...c];
    out[i + 1] = [...out[i + 1]!, ...c];
  }
  return out;
}

// concept → lemmas strongly in it, and lemma → irregular forms: built on first keyword search
// of an isolate (one pass over the table), for expanding a keyword query.
let members: Map<string, string[]> | null = null;
let forms: Map<string, string[]> | null = null;
function reverse() {
  if (!members || !forms) {
    members = new Map();
    forms = new Map();
    for (const [lemma, raw] of Object.entries(tableOf().words)) {
      for (const p of raw.split(" ")) {
        // Only own senses make a word a member (not "~" near links, "^" parents or "=" derived forms).
        if (p[0] === "~" || p[0] === "^" || p[0] === "=") continue;
        const id = p[0] === "+" || p[0] === "*" ? p.slice(1) : p;
        const list = members.get(id);
        if (list) list.push(lemma);
        else members.set(id, [lemma]);
      }
    }
    for (const [form, lemma] of Object.entries(tableOf().irregular)) {
      const list = forms.get(lemma);
      if (list) list.push(form);
      else forms.set(lemma, [form]);
    }
  }
  return { members, forms };
}

/** The irregular forms WordNet lists for a lemma ("grow" → grew, grown), from its exception lists. */
export const irregularForms = (lemma: string): string[] => reverse().forms.get(lemma) ?? [];

/**
 * Words a keyword index should also look for when a question says `word`: its lemma, the
 * lemma's irregular forms (grow → grew, grown), and the words whose own sense is one of the
 * word's concepts (dissertation → thesis; PhD → doctorate; free time → hobby). Collocations come
 * back as phrases ("free time"). At most `max` words, strongest links first.
 */
export function expansions(word: string, max = 6): string[] {
  const { members, forms } = reverse();
  const out = new Set<string>();
  const ls = word.includes("_") ? [word] : lemmas(word);
  for (const l of ls) {
    out.add(l.replace(/_/g, " "));
    for (const f of forms.get(l) ?? []) out.add(f);
  }
  // Own senses, then near links (what a gloss names is a likelier word in a note than a broad parent), then by depth.
  const rank = (c: Concept) => (c.strong ? 0 : c.near ? 1 : 1 + c.depth);
  const concepts = ls.flatMap(conceptsOfLemma).sort((a, b) => rank(a) - rank(b));
  for (const c of concepts) for (const m of members.get(c.id) ?? []) if (out.size < max + 1) out.add(m.replace(/_/g, " "));
  out.delete(word.toLowerCase());
  return [...out].slice(0, max);
}
