/**
 * The few things visitors ask a digital self most, which WordNet files far apart from the way notes say them:
 * - origin: "Where are you from (originally)?", "your hometown" ← "I was born in Mthatha", "I grew up in Porto";
 * - work: "What do you do for a living?", "your job / career" ← "I work as a nurse", "I run a bakery", "I retired in 2019",
 *   a note under a "Work" heading, or a note naming a trade ("I'm a carpenter": a kind of worker in WordNet);
 * - leisure: "your hobbies", "free / spare time", "for fun" ← "On weekends I go kayaking", "Most evenings I play the piano";
 * - plans: "your plans", "the future", "anywhere soon" ← "Next summer I plan to…", "I want to open a café by 2026";
 * - partner: "Are you seeing anyone?", "married?" ← "my girlfriend Thandi", "my husband";
 * - dislikes: "a food you dislike", "anything you hate", "foods you avoid" ← "I can't stand olives", "I never eat mushrooms".
 * Held-out owners written blind (bench/data/knowledge-holdout*.json) missed every one of these: "for a living" reads as
 * "live", "originally" as "origin", and no WordNet link joins "hobby" to "every Sunday I play chess". So each topic is
 * written here once, as cues, the way relevance.ts already reads "was brought up" as growing up: the question's cue words
 * become one topic word, and a passage with the topic's cue carries it (relevance.ts matches the two exactly).
 */
import { typesOfLemma, headSensesOf, lemmas } from "./lexicon";

export type VisitorTopic = "origin" | "work" | "leisure" | "plans" | "partner" | "dislikes";

/** A question's topic and the phrases that ask it (lower case, as written: relevance.ts drops their words as words of their own). */
export interface QuestionTopic {
  topic: VisitorTopic;
  phrases: string[];
}

interface Cues {
  /** In a question: a match's words become the topic word. */
  question: RegExp[];
  /** In a passage: a match carries the topic (its first word is the one relevance.ts books it to). */
  passage: RegExp[];
  /** In a passage as written, where case tells (a business's name: "I run Spoke & Sprocket"). */
  cased?: RegExp[];
}

const TOPICS: Record<VisitorTopic, Cues> = {
  origin: {
    question: [
      /\bwhere (?:are|were|r|is) (?:you|u) (?:\w+ )?from\b/g,
      /\bwhere (?:do|did) (?:you|u) (?:\w+ )?come from\b/g,
      /\boriginally\b/g,
      /\bhome ?towns?\b/g,
      /\bbirthplace\b/g,
      /\broots\b/g,
    ],
    passage: [
      /\b(?:born|grew up|grown up|raised|brought up|childhood|hometown|home town|birthplace)\b/g,
      /\b(?:i|we)(?:'m| am| are|'re) (?:originally )?from\b/g,
      /\b(?:i|we) (?:originally )?come from\b/g,
      /\boriginally from\b/g,
    ],
  },
  work: {
    question: [
      /\bfor a living\b/g,
      /\b(?:jobs?|careers?|professions?|occupations?|trades?)\b/g,
      /\bfor work\b/g,
      /\bwhat (?:do|did) (?:you|u) do(?= *[?.!]*$)/g,
      /\bwhere (?:do|did) (?:you|u) work\b/g,
      /\bwork(?:ed|ing)? (?:as|in|at)\b/g,
    ],
    passage: [
      /\b(?:work|works|worked|working) (?:as|at|for|in|on)\b/g,
      /\b(?:jobs?|careers?|professions?|occupations?|employed|employer)\b/g,
      /\b(?:i|we) (?:now )?(?:run|own|ran|owned|founded|started) (?:a|an|my|our|the) /g,
      /\b(?:i|i'm|i am|i have|i've|since i|after i|before i) retired\b/g,
      /\bretired (?:in|from|as|at|after|early|last)\b/g,
      // A section headed "Work" or "Job": relevance.ts reads each passage with its heading.
      /^(?:work|my work|job|my job|career|my career)$/gm,
    ],
    cased: [/\b(?:I|[Ww]e) (?:now )?(?:run|own|ran|owned|founded|started) \p{Lu}/gu],
  },
  leisure: {
    question: [
      /\bhobb(?:y|ies)\b/g,
      /\b(?:free|spare) time\b/g,
      /\bfor fun\b/g,
      /\bpastimes?\b/g,
      /\bleisure\b/g,
      /\b(?:on|at) (?:the )?weekends?\b/g,
      /\bdowntime\b/g,
      /\bto relax\b/g,
    ],
    passage: [
      /\b(?:weekends?|saturdays|sundays|evenings|hobb(?:y|ies)|pastimes?|leisure)\b/g,
      /\bevery (?:saturday|sunday|weekend|evening)\b/g,
      /\b(?:free|spare) time\b/g,
      /\bfor fun\b/g,
      /\bto (?:relax|unwind)\b/g,
    ],
  },
  plans: {
    question: [/\bplan(?:s|ning)?\b/g, /\bfuture\b/g, /\banywhere soon\b/g, /\bsoon\b/g, /\bgoals?\b/g, /\bambitions?\b/g, /\bwhat'?s next\b/g, /\bdreams?\b/g],
    passage: [
      /\bnext (?:year|month|week|summer|spring|autumn|fall|winter|season|term)\b/g,
      /\bplan(?:s|ning|ned)? to\b/g,
      /\b(?:i|we) (?:want|hope|intend|mean|would love|'d love|am going|'m going|are going|'re going) to\b/g,
      /\b(?:someday|some day|one day|eventually)\b/g,
      /\bby 20\d\d\b/g,
      /\b(?:dream|goal|ambition) is\b/g,
    ],
  },
  partner: {
    question: [
      /\bseeing (?:anyone|someone|somebody)\b/g,
      /\bsingle\b/g,
      /\b(?:married|spouse|partner|dating|relationship|significant other)\b/g,
      /\b(?:wife|husband|girlfriend|boyfriend|fianc[ée]e?)\b/g,
    ],
    passage: [/\b(?:wife|husband|girlfriend|boyfriend|partner|spouse|fianc[ée]e?|married|marriage)\b/g],
  },
  dislikes: {
    question: [
      /\b(?:dislikes?|hates?|hated|loathe|detest|avoid|avoids|annoys?|irritates?)\b/g,
      /\b(?:can'?t|cannot|couldn'?t) (?:stand|bear|stomach)\b/g,
      /\b(?:don'?t|do not|never) (?:like|eat|touch)\b/g,
      /\bnot a fan\b/g,
      /\bpet peeves?\b/g,
    ],
    passage: [
      /\b(?:can'?t|cannot|couldn'?t) (?:stand|bear|stomach)\b/g,
      /\b(?:i|we) (?:really |honestly |truly )?(?:hate|loathe|detest|dislike|avoid)\b/g,
      /\b(?:i|we) (?:don'?t|do not|never) (?:like|eat|touch|drink)\b/g,
      /\bnot a fan of\b/g,
      /\b(?:allergic|pet peeve)\b/g,
      /\bdrives? me (?:mad|crazy|nuts|up the wall)\b/g,
    ],
  },
};

const NAMES = Object.keys(TOPICS) as VisitorTopic[];

/** The visitor topics a question asks about, each with the words it stands for. */
export function questionTopics(text: string): QuestionTopic[] {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  const out: QuestionTopic[] = [];
  for (const topic of NAMES) {
    const phrases = TOPICS[topic].question.flatMap((re) => [...lower.matchAll(re)].map((m) => m[0]));
    if (phrases.length) out.push({ topic, phrases });
  }
  return out;
}

// The kinds WordNet files trades under (a nurse is a professional, a farmer a creator, a manager an administrator);
// "person" itself would take in sisters and neighbours.
const WORKER_SENSES = "worker professional engineer creator scientist operator performer writer administrator expert serviceman employee businessperson".split(
  " ",
);
let workerIds: Set<string> | null = null;
/** A noun that names a trade (a kind of worker or professional in WordNet): "nurse", "carpenter", "dentist". */
export function namesATrade(lemma: string): boolean {
  workerIds ??= new Set(WORKER_SENSES.flatMap((w) => headSensesOf(w).slice(0, 1)));
  const ids = workerIds;
  return (
    headSensesOf(lemma)
      .slice(0, 1)
      .some((id) => ids.has(id)) || [...typesOfLemma(lemma)].some((id) => ids.has(id))
  );
}

// "I'm a carpenter", "I work as a nurse", "a maths teacher by training": the trade follows one of these.
const TRADE = /\b(?:i'm|am|was|is|are|were|as|became|become|been) (?:an? |the )?((?:[\p{L}-]+ ){0,2}[\p{L}-]+)/gu;

/** The visitor topics a passage says something about, each with the word (as written) that carries it. */
export function passageTopics(text: string): { topic: VisitorTopic; word: string }[] {
  const written = text.replace(/[’‘]/g, "'");
  const lower = written.toLowerCase();
  const out: { topic: VisitorTopic; word: string }[] = [];
  for (const topic of NAMES) {
    const { passage, cased = [] } = TOPICS[topic];
    const m = passage.map((re) => lower.match(re)).find(Boolean) ?? cased.map((re) => written.match(re)).find(Boolean);
    if (m) out.push({ topic, word: m[0].split(/\s+/)[0]!.toLowerCase() });
  }
  if (!out.some((x) => x.topic === "work"))
    for (const [, phrase] of lower.matchAll(TRADE)) {
      const word = phrase!.split(" ").find((w) => lemmas(w).some(namesATrade));
      if (word) {
        out.push({ topic: "work", word });
        break;
      }
    }
  return out;
}
