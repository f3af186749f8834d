/**
 * What a question asks beyond its words, so the offline responder (platform/llm/offline.ts) can tell a sentence that
 * mentions the topic from one that answers it:
 * - the kind of answer: "How old is your cat?" wants an age, "how many" a count, "how long" a length of time. "I have a
 *   grey cat named Kapral" covers the question's words and answers none of it.
 * - who it is about, when not the owner: "What did Halina do for work?" is answered neither by "My wife Halina passed
 *   away in 2015" (Halina, not her work) nor by "I drove trams for thirty years" (work, not Halina's).
 * Both from a blind held-out set (bench/data/knowledge-holdout2.json) whose near-miss questions were answered.
 */
import { conceptsOfLemma, kindOf, lemmas, typesOfLemma, usage } from "./lexicon";
import { tokens, YEAR } from "./text";

export type AnswerKind = "age" | "count" | "duration" | "time";

export interface Asked {
  kind?: AnswerKind;
  /** The words naming whom the question is about, when not the owner ("your elder sibling", "Thandi"), lower case. */
  subject?: string[];
}

const KIND: [RegExp, AnswerKind][] = [
  [/\bhow old\b/, "age"],
  [/\bhow many\b|\bhow much\b/, "count"],
  [/\bhow long\b/, "duration"],
  [/^\s*(?:so |and |but )?when\b|\bwhat (?:year|month|day|time)\b/, "time"],
];

// A wh-word, its auxiliary, then who: "What does your brother …", "Where did Thandi …", "How old is Biltong".
const SUBJECT = /^\s*(?:what|where|when|who|whom|why|which \S+|how(?: \S+)?)\s+(?:does|did|do|is|was|are|were|has|had|have|will|would|can)\s+(.+)$/;
const OWNER = new Set(["you", "u", "ya", "it", "there", "that", "this", "those", "these", "i", "we", "they", "he", "she", "your", "yours"]);
const DETERMINER = new Set(["your", "the", "a", "an", "his", "her", "their", "my", "our"]);
// Verbs the tokenizer keeps as stopwords, and so never reach usage(): the subject ends before them.
const STOP_VERBS = new Set(["do", "does", "did", "doing", "done", "go", "goes", "went", "get", "got", "make", "want", "live", "called", "named"]);

/** Whether a question asks for this kind of answer ("how long …": a duration). */
export const asksFor = (question: string, kind: AnswerKind): boolean => KIND.some(([re, k]) => k === kind && re.test(question.toLowerCase()));

/** What `question` asks beyond its words (see the module comment). */
export function askedOf(question: string): Asked {
  const lower = question.toLowerCase().replace(/[’‘]/g, "'");
  const out: Asked = {};
  for (const [re, kind] of KIND) if (re.test(lower)) out.kind = kind;
  const m = SUBJECT.exec(lower.replace(/[?!.]+\s*$/, ""));
  if (m) {
    const words: string[] = [];
    for (const t of tokens(m[1]!)) {
      const w = t.surface.replace(/'s$/, "");
      if (w.length < 2 || (!words.length && DETERMINER.has(w))) continue;
      if (!words.length && OWNER.has(w)) break;
      if (STOP_VERBS.has(w) || (words.length && actsAs(w))) break;
      words.push(w);
    }
    if (words.some((w) => isSomeone(w, question))) out.subject = words;
  }
  return out;
}

/** A word that can be the question's verb ("study" in "Where did Thandi study"): the subject ends before it. */
const actsAs = (word: string) =>
  usage(lemmas(word)[0] ?? word) === "verb" || lemmas(word).some((l) => conceptsOfLemma(l).some((c) => c.strong && kindOf(c.id) === "v"));

// The kinds the people and animals a visitor asks about are filed under (the lexicon leaves out "person" and "organism"
// themselves, too general to link words by): family, friends, partners, colleagues, children, pets.
const BEINGS =
  "relative friend acquaintance peer spouse partner adult child juvenile parent offspring descendant neighbor domestic_animal carnivore mammal bird female male superior worker professional".split(
    " ",
  );
let beings: Set<string> | null = null;
/**
 * Whether a subject word names someone: a person or an animal ("brother", "cat"), or a name, which the visitor
 * capitalised ("Thandi"). "your job" and "your choir" are the owner's, asked of the owner.
 */
function isSomeone(word: string, question: string): boolean {
  beings ??= new Set(
    BEINGS.flatMap((w) =>
      conceptsOfLemma(w)
        .filter((c) => c.strong && c.rank === 0 && kindOf(c.id) === "n")
        .map((c) => c.id),
    ),
  );
  const ids = beings;
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const written = new RegExp(`(?<!^\\s*)\\b${esc}`, "iu").exec(question)?.[0];
  if (written && /^\p{Lu}/u.test(written)) return true;
  // Any own noun sense, or a parent of one: "mum" is first a silence, and only then a mother (a parent).
  return lemmas(word).some(
    (l) =>
      [...typesOfLemma(l)].some((id) => ids.has(id)) ||
      conceptsOfLemma(l).some((c) => ids.has(c.id) && c.rank <= 1 && (c.strong || (c.depth <= 3 && !c.near && kindOf(c.id) === "n"))),
  );
}

const NUMBER =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozens?)\b|\d/;
// A count can be none or a pair without a number: "no kids yet", "an only child", "we have twins".
const COUNT_WORD = /\b(?:twice|both|twins?|couple|several|few|only|no|none|never|single)\b|n't\b/;
const AGE =
  /\b(?:years? old|aged?|teens?|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|born|birthday|months? old|weeks? old|puppy|kitten|baby)\b/;
const DURATION = /\b(?:since|years?|months?|weeks?|days?|decades?|ages|a while|all my life|forever|long|hours?)\b|\d/;

// When something happens or happened: a date, a season, a time of day or life, how often, how long ago.
const TIME =
  /\b(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends?|weekdays?|spring|summer|autumn|fall|winter|morning|mornings|afternoons?|evenings?|nights?|dawn|dusk|midnight|noon|daily|weekly|monthly|yearly|annually|ago|since|until|till|before|after|during|once|twice|every|recently|lately|yesterday|today|tomorrow|tonight|childhood|teens?|twenties|thirties|forties|fifties|sixties|seventies|eighties|season|term|semester|christmas|easter|ramadan|diwali|holidays?|birthday|anniversary|years?|months?|weeks?|days?|decades?|aged?|o'clock|am|pm)\b|\d/;

/** Whether a sentence has the kind of answer asked for (an age, a count, a length of time, a time). */
export function hasKind(sentence: string, kind: AnswerKind): boolean {
  const lower = sentence.toLowerCase().replace(/[’‘]/g, "'");
  if (kind === "time") return TIME.test(lower);
  if (kind === "duration") return DURATION.test(lower) || NUMBER.test(lower);
  // A year is a date, not an age or a count ("We adopted Biltong in 2022"); other numbers are.
  const numbers = lower.replace(/\b\d{4}\b/g, (y) => (YEAR.test(y) ? "" : y));
  if (kind === "age") return AGE.test(lower) || NUMBER.test(numbers);
  return NUMBER.test(numbers) || COUNT_WORD.test(lower);
}
