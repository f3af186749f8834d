/**
 * The few things visitors ask a digital self most, which WordNet files far apart from the way notes say them:
 * - origin: "Where are you from (originally)?", "your hometown" ← "I was born in Mthatha", "I grew up in Porto";
 * - work: "What do you do for a living?", "your job / career" ← "I work as a nurse", "I run a bakery", "I retired in 2019",
 *   a note under a "Work" heading, or a note naming a trade ("I'm a carpenter": a kind of worker in WordNet);
 * - leisure: "your hobbies", "free / spare time", "for fun" ← "On weekends I go kayaking", "Most evenings I play the piano";
 * - plans: "your plans", "the future", "anywhere soon" ← "Next summer I plan to…", "I want to open a café by 2026";
 * - partner: "Are you seeing anyone?", "married?" ← "my girlfriend Thandi", "my husband";
 * - dislikes: "a food you dislike", "anything you hate", "foods you avoid" ← "I can't stand olives", "I never eat mushrooms";
 * - age: "How old are you?" ← "Born 2000 in Temuco", "I turned 34"; education: "Which college?" ← "BSc Geology, Universidad
 *   de Concepción"; siblings: "brothers and sisters?" ← "the fourth of six children"; fears: "anything that frightens you"
 *   ← "I'm scared of deep water"; volunteering: "charity work?" ← "I volunteer at a food bank"; health: "any health
 *   issues?" ← "I had knee surgery".
 * Held-out owners written blind (bench/data/knowledge-holdout*.json) missed every one of these: "for a living" reads as
 * "live", "originally" as "origin", and no WordNet link joins "hobby" to "every Sunday I play chess". So each topic is
 * written here once, as cues, the way relevance.ts already reads "was brought up" as growing up: the question's cue words
 * become one topic word, and a passage with the topic's cue carries it (relevance.ts matches the two exactly).
 */
import { typesOfLemma, headSensesOf, lemmas } from "./lexicon";

export type VisitorTopic =
  | "origin"
  | "work"
  | "leisure"
  | "plans"
  | "partner"
  | "dislikes"
  | "age"
  | "education"
  | "siblings"
  | "fears"
  | "volunteering"
  | "health"
  | "regrets"
  | "pride"
  | "travel";

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
      // Only "do" is the cue: "What does Thandi do?" still asks about Thandi.
      /(?<=\bwhat (?:do|does|did) (?:you|u|your [\p{L}-]+(?: [\p{L}-]+)?|[\p{L}-]+) )do(?= *[?.!]*$)/gu,
      /\b(?:where|who) (?:do|did) (?:you|u) work(?: for)?\b/g,
      /\b(?:a|your|own) business\b/g,
      /\bwork(?:ed|ing)? (?:as|in|at)\b/g,
    ],
    passage: [
      /\b(?:work|works|worked|working) (?:as|at|for|in|on)\b/g,
      /\b(?:jobs?|careers?|professions?|occupations?|employed|employer)\b/g,
      /\b(?:i|we) (?:now )?(?:run|own|ran|owned|founded|started|opened) (?:a|an|my|our|the) /g,
      /\b(?:runs|owns|manages|founded|opened) (?:a|an|the|his|her|their) /g,
      /\b(?:i|i'm|i am|i have|i've|since i|after i|before i) retired\b/g,
      /\bretired (?:in|from|as|at|after|early|last)\b/g,
      // A section headed "Work" or "Job": relevance.ts reads each passage with its heading.
      /^(?:work|my work|job|my job|career|my career)$/gm,
    ],
    cased: [/\b(?:I|[Ww]e) (?:now )?(?:run|own|ran|owned|founded|started|opened) \p{Lu}/gu],
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
    question: [
      /\bplan(?:s|ning|ned)?\b/g,
      /\bfuture\b/g,
      /\banywhere soon\b/g,
      /\bsoon\b/g,
      /\bgoals?\b/g,
      /\bambitions?\b/g,
      /\bwhat(?:'?s| is| comes) next\b/g,
      /\bcomes? (?:next|after)\b/g,
      /\blong[- ]term\b/g,
      /\bin (?:\d+|a few|five|ten|twenty) years\b/g,
      /\bsee yourself\b/g,
      /\bdreams?\b/g,
    ],
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
      /\b(?:other|better) half\b/g,
    ],
    passage: [/\b(?:wife|husband|girlfriend|boyfriend|partner|spouse|fianc[ée]e?|married|marriage)\b/g],
  },
  age: {
    question: [/\bhow old (?:are|r) (?:you|u)\b/g, /\byour age\b/g, /\bwhat age are you\b/g, /\b(?:when|what year) were you born\b/g, /\bbirthday\b/g],
    passage: [
      /\bborn (?:in |on )?(?:\w+ )?(?:1[89]|20)\d\d\b/g,
      /\b\d{1,3} years old\b/g,
      /\b(?:i'm|i am|i turned|i'll be|i will be|aged?) \d{1,3}\b/g,
      /^\d{1,3}, /gm,
      /\bbirthday\b/g,
    ],
  },
  education: {
    question: [
      /\b(?:college|university|universities|uni|degrees?|education|educated|graduate|graduated|diploma|qualifications?|major|majored)\b/g,
      /\b(?:where|what) did (?:you|u) study\b/g,
      /\b(?:go|went) to school\b/g,
    ],
    passage: [
      /\b(?:bsc|ba|ma|msc|phd|mba|beng|meng|bed|llb|degree|diploma|graduated|graduate|studied|university|universidad|universidade|universität|université|università|college|polytechnic|apprenticeship|qualified)\b/g,
      /\b(?:high|secondary|technical|grammar|art|law|medical|vet|veterinary|nursing|business|music|drama|boarding) school\b/g,
    ],
  },
  siblings: {
    question: [/\b(?:siblings?|brothers?|sisters?)\b/g, /\bonly child\b/g],
    passage: [
      /\b(?:siblings?|brothers?|sisters?)\b/g,
      /\bonly child\b/g,
      /\b(?:youngest|oldest|eldest|middle|first|second|third|fourth|fifth|sixth|seventh) of (?:\w+ )?(?:children|kids|siblings)\b/g,
    ],
  },
  fears: {
    question: [/\b(?:afraid|scared?|scares|scary|fears?|frighten(?:s|ed)?|phobias?|terrif(?:y|ies|ied)|nervous|anxious)\b/g],
    passage: [/\b(?:afraid|scared|fears?|frighten(?:s|ed)?|phobias?|terrified|terrifies|petrified|nervous|anxious|dread)\b/g],
  },
  volunteering: {
    question: [/\b(?:charity|charities|charitable|volunteers?|volunteering|volunteered)\b/g, /\bgive back\b/g, /\bgood causes?\b/g],
    passage: [/\b(?:charity|charities|volunteers?|volunteering|volunteered|fundrais\w*|food bank|soup kitchen|unpaid)\b/g],
  },
  health: {
    question: [
      /\b(?:health|healthy|ill|illness|illnesses|sick|injur(?:y|ies|ed)|hurt|surgery|surgeries|operations?|eyesight|medical|conditions?|diseases?|disabilit(?:y|ies))\b/g,
    ],
    passage: [
      /\b(?:surgery|operation|injur(?:y|ies|ed)|diagnosed|hospital|cataracts?|asthma|diabet\w+|cancer|arthritis|chronic|disabilit(?:y|ies)|physio\w*|allerg\w+|migraines?)\b/g,
      /\b(?:bad|dodgy|sore|weak|broken|injured|painful|gammy) (?:[\p{L}-]+ )?(?:back|knees?|hips?|shoulders?|ankles?|wrists?|heart|neck)\b/gu,
      /\bbroke (?:my|three|two|\w+ of)\b/g,
    ],
  },
  regrets: {
    question: [/\bregrets?|regretted\b/g, /\bwish (?:you|u) (?:could|had|hadn'?t|'d)\b/g, /\b(?:undo|do (?:it )?differently|take back)\b/g, /\bstuck with\b/g],
    passage: [
      /\b(?:regrets?|regretted)\b/g,
      /\bi wish (?:i|we) (?:had|hadn'?t|'d|could)\b/g,
      /\b(?:should|shouldn'?t) (?:never )?have\b/g,
      /\b(?:gave|giving) up\b/g,
      /\bnever (?:let|learned|learnt|finished|told|went)\b/g,
    ],
  },
  pride: {
    question: [/\b(?:proud|proudest|achievements?|accomplishments?|achieved|accomplished)\b/g, /\bbest thing (?:you|u)(?:'ve| have)? (?:ever )?done\b/g],
    passage: [
      /\b(?:proud|proudest|achievements?|accomplishments?|achieved|accomplished|awards?|prize)\b/g,
      /\b(?:passed|won|finished|completed|graduated) (?:\w+ ){0,4}(?:first attempt|first try|with honours|top of)\b/g,
      /\bfirst attempt\b/g,
    ],
  },
  travel: {
    question: [
      /\b(?:abroad|overseas|travel(?:l?ed|l?ing|s)?|trips?|holidays?|vacations?)\b/g,
      /\bbeen to\b/g,
      /\boutside (?:of )?(?:the country|\p{Lu}\p{L}+)\b/gu,
    ],
    passage: [
      /\b(?:abroad|overseas|travel(?:l?ed|l?ing|s)?|trips?|holidays?|vacations?|visited|flew to|backpack\w*)\b/g,
      /\b(?:took|take|taking) (?:a|the) (?:\w+ )?(?:bus|train|plane|flight|ferry|boat|caravan) (?:\w+ ){0,4}to\b/g,
    ],
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

// The words a note most often says a topic with, for the keyword search (relevance.ts keywordExpansions): a user with
// many notes that share the question's own words ("live", "life") would otherwise fill the candidates with those.
const KEYWORDS: Record<VisitorTopic, string[]> = {
  origin: ["born", "grew", "raised", "hometown"],
  work: ["work", "job", "career", "retired", "employed"],
  leisure: ["weekend", "weekends", "hobby", "hobbies", "evenings"],
  plans: ["plan", "next", "hope", "someday"],
  partner: ["wife", "husband", "partner", "girlfriend", "boyfriend", "married"],
  dislikes: ["hate", "stand", "dislike", "allergic"],
  age: ["born", "old", "age"],
  education: ["studied", "degree", "university", "college", "graduated"],
  siblings: ["brother", "sister", "siblings", "brothers", "sisters"],
  fears: ["afraid", "scared", "fear", "terrified"],
  volunteering: ["volunteer", "volunteers", "charity"],
  health: ["surgery", "injury", "health", "hospital"],
  regrets: ["regret", "wish", "should"],
  pride: ["proud", "proudest", "achievement"],
  travel: ["travelled", "trip", "abroad", "visited"],
};
/** Keyword-search words for the topics a question asks about. */
export const topicKeywords = (text: string): string[] => questionTopics(text).flatMap(({ topic }) => KEYWORDS[topic]);

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
// Not a progressive ("I am doing a master's degree": doing, not a master).
const TRADE = /\b(?:i'm|am|was|is|are|were|as|became|become|been) (?!\p{L}+ing\b)(?:an? |the )?((?:[\p{L}-]+ ){0,3}[\p{L}-]+)/gu;

// A CV-like line that opens with the role: "Volcano monitoring technician at OVDAS since 2023".
const ROLE_LINE = /^(?:- )?(?!(?:i|we|my|our|he|she|they|his|her|their) )()((?:[\p{L}-]+ ){0,3}[\p{L}-]+) (?:at|for|with|in)\b/gmu;

// Each topic's passage cues as one pattern: search re-scores many passages per question, and one scan of a passage per
// topic costs a fifth of one per cue (bench knowledge, search over 10,000 chunks).
let cuesOf: Record<VisitorTopic, { passage: RegExp; cased?: RegExp }> | null = null;
const oneOf = (res: RegExp[]) => new RegExp(res.map((r) => `(?:${r.source})`).join("|"), "mu");
function combined(): Record<VisitorTopic, { passage: RegExp; cased?: RegExp }> {
  cuesOf ??= Object.fromEntries(
    NAMES.map((t) => [t, { passage: oneOf(TOPICS[t].passage), ...(TOPICS[t].cased ? { cased: oneOf(TOPICS[t].cased!) } : {}) }]),
  ) as Record<VisitorTopic, { passage: RegExp; cased?: RegExp }>;
  return cuesOf;
}

/** The visitor topics a passage says something about, each with the word (as written) that carries it. */
export function passageTopics(text: string): { topic: VisitorTopic; word: string }[] {
  const written = text.replace(/[’‘]/g, "'");
  const lower = written.toLowerCase();
  const out: { topic: VisitorTopic; word: string }[] = [];
  for (const topic of NAMES) {
    const { passage, cased } = combined()[topic];
    const m = lower.match(passage) ?? (cased && written.match(cased));
    if (m) out.push({ topic, word: m[0].split(/\s+/)[0]!.toLowerCase() });
  }
  if (!out.some((x) => x.topic === "work"))
    for (const [, phrase, role] of [...lower.matchAll(TRADE), ...lower.matchAll(ROLE_LINE)]) {
      // A role line's trade is its last word, the head of the phrase ("technician", not "veterinary" of "veterinary science").
      const words = phrase ? phrase.split(" ") : [role!.split(" ").at(-1)!];
      const word = words.find((w) => lemmas(w).some(namesATrade));
      if (word) {
        out.push({ topic: "work", word });
        break;
      }
    }
  return out;
}
