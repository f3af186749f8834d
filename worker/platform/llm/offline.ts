/**
 * Offline responder (no API key): a deterministic extractive answerer, not a language model.
 * It splits the owner's retrieved knowledge and bio into sentences, scores them against the
 * question with BM25 over Porter stems, keeps the best ones and stitches them in the owner's
 * voice, shaped by the same slider bands as the LLM prompt (shared/persona.ts):
 * - verbosity → how many sentences (1 + round(verbosity / 25), so 1…5);
 * - formality → low: casual opener and contractions; high: courteous opener, contractions expanded;
 * - enthusiasm → low: no exclamation marks; high: an energetic lead naming the topic and a "!" close;
 * - humor → high (and mid with ≥ 3 sentences): a light aside naming what the question asked about
 *   ("where I grew up"), never a canned joke.
 * Used sentences carry their source number ([n]) so citations work exactly as with the LLM.
 * When nothing scores, it says so honestly instead of guessing, and reports "unanswered".
 * The owner's own answers (revisions) come first: when one answers the question, it is the reply.
 * Off-limits topics (guardrails) are declined before anything else, and reported "declined".
 */
import type { LlmChunk, LlmPort } from "./port";
import { band, type AnswerStatus, type Band, type NumberedSource, type PersonaPrompt } from "../../shared/persona";
import { offLimitsTopic, refusalLine } from "../../shared/guardrails";
import {
  conceptIds,
  contextOf,
  coverage,
  coverageOf,
  framing,
  matches,
  profileOf,
  questionOf,
  RELEVANCE_FLOOR,
  RELEVANCE_WEIGHTS,
  type RelevanceWeights,
  topicLemma,
} from "../../shared/relevance";
import { topicPhrase } from "../../shared/question-topic";
import { bm25, sentences, terms } from "../../shared/text";
import { greetingOf, mirrors, opener, phrases } from "./offline-phrases";
import { extractFirstPersonFacts, isQuestion, opensAsQuestion } from "../../shared/first-person-facts";
import { askedOf, hasKind } from "../../shared/asked";
import { plainQuestion } from "../../shared/chat-speak";
import { lemmas } from "../../shared/lexicon";
import { type OwnerPronoun, voice, writtenAbout } from "./first-person";

export const OFFLINE_MODEL = "offline-extractive";
const NEIGHBOUR_SHARE = 0.25;
// BM25 is on another scale than coverage (0…1); scaled down it only orders ties.
const TIE_BREAK = 0.01;

interface Candidate {
  text: string;
  source: number | null; // [n] of the knowledge chunk, null for the bio
  order: number;
  stems: string[];
  /** The section heading (or document title: contextOf), read with the sentence when scoring ("Car" tells what "a green Volvo" is). */
  context: string;
  /** Written about the owner in the third person, with the owner's pronoun (first-person.ts): quoted in the owner's voice. */
  aboutOwner?: OwnerPronoun | null;
}

export class OfflineExtractiveLlm implements LlmPort {
  readonly mode = "local" as const;
  readonly adapter = OFFLINE_MODEL;

  async *stream(prompt: PersonaPrompt, signal?: AbortSignal): AsyncIterable<LlmChunk> {
    const { text, status } = respond(prompt);
    // Word by word, like a model would stream.
    for (const piece of text.match(/\S+\s*/g) ?? []) {
      if (signal?.aborted) return;
      yield { type: "delta", text: piece };
    }
    yield { type: "final", text, model: OFFLINE_MODEL, status };
  }
}

/** `tuning` lets the bench try other floors and weights on its dev split; the app uses the defaults. */
export interface OfflineTuning {
  floor?: number;
  weights?: RelevanceWeights;
}

/** The reply and its structured status. */
export function respond(prompt: PersonaPrompt, tuning: OfflineTuning = {}): { text: string; status: AnswerStatus } {
  const topic = offLimitsTopic(prompt.question, prompt.guardrails);
  if (topic) return { text: withRecall(prompt, refusalLine(topic, prompt.guardrails)), status: "declined" };
  const own = ownAnswer(prompt);
  if (own) return { text: withRecall(prompt, `${own.answer} [${own.source.n}]`), status: "answered" };
  const { text, unanswered } = compose(prompt, tuning);
  return { text: withRecall(prompt, text), status: unanswered ? "unanswered" : "answered" };
}

/**
 * A returning visitor's first question in a new conversation (a greeting too) opens with what they asked last time,
 * as a sentence of its own: the quote sits inside it, so its "?" does not run on into the reply.
 */
function withRecall(prompt: PersonaPrompt, reply: string): string {
  const last = prompt.messages.length === 1 ? prompt.visitorNotes?.find((n) => n.kind === "asked") : undefined;
  return last ? `You asked "${last.text.replace(/[?.!\s]+$/, "")}?" last time. ${reply}` : reply;
}

/** A revision's question and answer, as the audience module writes its knowledge entry. */
export function parseRevision(content: string): { question: string; answer: string } | null {
  const m = /^\s*Question:\s*([\s\S]*?)\n+\s*Answer:\s*([\s\S]+)$/.exec(content);
  return m ? { question: m[1]!.trim(), answer: m[2]!.trim() } : null;
}

// Share of the question's words an owner's answer must cover to be taken as the answer to it.
const OWN_ANSWER_COVERAGE = 0.5;

/** The owner's own answer (a revision source) that covers the question best, if one covers it enough. */
function ownAnswer(prompt: PersonaPrompt): { answer: string; source: NumberedSource } | null {
  const q = [...new Set(terms(prompt.question).map((t) => t.stem))];
  if (!q.length) return null;
  let best: { answer: string; source: NumberedSource; cover: number } | null = null;
  for (const s of prompt.sources) {
    if (s.kind !== "revision") continue;
    const r = parseRevision(s.content);
    if (!r) continue;
    const known = new Set(terms(`${r.question} ${r.answer}`).map((t) => t.stem));
    const cover = q.filter((x) => known.has(x)).length / q.length;
    if (cover >= OWN_ANSWER_COVERAGE && (!best || cover > best.cover)) best = { answer: r.answer, source: s, cover };
  }
  return best;
}

/** Opens as a question does, or is three words or more and ends with "?" ("ok?" is no question). */
const asks = (text: string) => opensAsQuestion(text) || (isQuestion(text) && text.trim().split(/\s+/).length >= 3);
const ASIDE = "Fair warning: get me started on";
/** Visitor topics no aside is made about: a health worry or a fear is no joke. */
const SORE = new Set(["health", "fears"].map(topicLemma));

/** The stems of the words a question capitalises past its first (names: "Europe", "Thandi"), but not "I". */
function namedIn(question: string, owner: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const words = question.trim().split(/\s+/).slice(1);
  // One capital, first: a name ("Europe", "Spanish"), not an abbreviation ("PhD", "MBA").
  for (const w of words)
    if (/^\p{Lu}[^\p{Lu}]*$/u.test(w) && !/^I(?:['’]\w+)?$/.test(w)) for (const t of terms(w)) if (!owner.has(t.surface.toLowerCase())) out.add(t.stem);
  return out;
}

/** The visitor topics (shared/visitor-topics.ts) that are the owner's own attributes, not their people. */
const PERSONAL = new Set(["origin", "work", "education", "age", "health", "fears", "dislikes", "leisure", "plans", "volunteering"].map(topicLemma));
/** The visitor topics that are the owner's people: "what does your other half do for work" asks about the partner. */
const PEOPLE = new Set(["partner", "siblings"].map(topicLemma));
// A sentence whose subject is one of the owner's people, or another's pronoun in the owner's own notes.
const ANOTHER =
  /^(?:(?:my|our|her|his|their) (?:[\p{L}'’-]+ ){0,2}(?:brothers?|sisters?|siblings?|mum|mom|mother|dad|father|parents?|husband|wife|partner|sons?|daughters?|kids?|children|friends?|uncle|aunt|cousins?|grand\p{L}+|boyfriend|girlfriend|neighbou?rs?|colleagues?|boss|fianc[ée]e?)\b|(?:he|she|they)\b)/iu;
const aboutAnother = (c: Candidate): boolean => {
  const m = ANOTHER.exec(c.text);
  if (!m) return false;
  // In a note about the owner, the owner's pronoun is the owner ("She swims in the sea").
  return !(c.aboutOwner && m[0].toLowerCase() === c.aboutOwner);
};

export const answer = (prompt: PersonaPrompt, tuning: OfflineTuning = {}): string => compose(prompt, tuning).text;

/** The least credit on one topic word for a sentence to answer on its own (an "up" link, PhD → doctorate; see compose). */
const TOPIC_CREDIT = 0.5;

/**
 * The extractive reply, and whether it is a "could not answer": nothing the owner shared passed
 * the relevance floor for a question that has a topic (a greeting or an empty question is answered).
 */
function compose(prompt: PersonaPrompt, tuning: OfflineTuning): { text: string; unanswered: boolean } {
  const floor = tuning.floor ?? RELEVANCE_FLOOR;
  const { profile } = prompt;
  const question = plainQuestion(prompt.question);
  const p = profile.personality;
  const q = terms(question);
  const formality = band(p.formality);
  const enthusiasm = band(p.enthusiasm);
  const humor = band(p.humor);
  const words = phrases(prompt.language ?? "en");
  const greeting = greetingOf(question, profile.name);
  if (greeting) return { text: shape(greet(prompt, greeting, formality), formality, enthusiasm), unanswered: false };

  const candidates: Candidate[] = [];
  let order = 0;
  for (const s of prompt.sources) {
    // An own answer is read for its answer only; the question it answered tells what it is about.
    const own = s.kind === "revision" ? parseRevision(s.content) : null;
    const context = own ? own.question : contextOf(s.title, s.heading);
    const aboutOwner = own ? null : writtenAbout(s.title, s.content, profile.name);
    for (const text of sentences(own ? own.answer : s.content)) {
      if (isHeading(text, s)) continue;
      candidates.push({ text, source: s.n, order: order++, stems: terms(text).map((t) => t.stem), context, aboutOwner });
    }
  }
  for (const text of sentences(`${profile.headline}. ${profile.bio}`))
    candidates.push({ text, source: null, order: order++, stems: terms(text).map((t) => t.stem), context: "" });

  // How much of the question each sentence covers (lemmas, synonyms: shared/relevance.ts),
  // with its section heading as context; BM25 only breaks ties between equally covering sentences.
  const question_ = questionOf(question);
  const only = conceptIds(question_);
  const credits = candidates.map((c) => matches(question_, profileOf(c.context ? `${c.context}\n${c.text}` : c.text, only), tuning.weights));
  const cover = credits.map((credit) => coverageOf(question_, credit, tuning.weights));
  const tie = bm25(
    q.map((t) => t.stem),
    candidates.map((c) => ({ terms: c.stems })),
  );
  const own = cover.map((x, i) => x + TIE_BREAK * tie[i]!);
  // A chunk is one coherent passage: its best sentence lends a quarter of its score to the
  // others, so "I go bouldering at Fontainebleau" can follow "Climbing taught me patience".
  const best = new Map<number | null, number>();
  candidates.forEach((c, i) => best.set(c.source, Math.max(best.get(c.source) ?? 0, own[i]!)));
  // The headline and bio (source null) are separate statements, not one passage: each stands on its own.
  const passage = (c: Candidate, i: number) => (c.source === null ? own[i]! : best.get(c.source)!);
  const scores = candidates.map((c, i) => own[i]! + NEIGHBOUR_SHARE * passage(c, i));
  const wanted = 1 + Math.round(p.verbosity / 25);
  // Below the relevance floor a sentence is not an answer, and a passage whose best sentence is
  // below it lends nothing: the reply then says so instead of citing something unrelated.
  const topical = question_.words.map((word) => !framing(word));
  // A question about several things ("climbing, Porto and cooking") is answered by several
  // sentences, none covering it alone: then what all the sources cover together must pass.
  // Only with several topics: with one, "What is your favourite film?" was answered by "my favourite" in one sentence
  // and loose links to "film" in others (held-out walk-through: "I keep six hives of bees").
  const several = topical.filter(Boolean).length >= 2;
  const together = coverage(question_, profileOf(candidates.map((c) => `${c.context}\n${c.text}`).join("\n"), only), tuning.weights);
  // Each such sentence must cover its share of the question (one topic of three), not a loose link alone.
  const share = floor / Math.max(1, question_.words.length);
  // A sentence that answers on its own must match a topic word of the question at least through a loose link: two
  // looser ones can add up to the floor ("dish" ↔ boat through "vessel", "signature" ↔ the framing word "name").
  // And it must answer what is asked, not only mention it (shared/asked.ts): an age for "how old", a count for "how many";
  // and for a question about someone else ("What did Halina do for work?"), both that someone and what is asked of them.
  // The someone must be named, by WordNet, not only be like what the sentence names (word vectors put cats with dogs).
  const asked = askedOf(question);
  // Asked of the owner by name ("What does Ana do?"), the question is the owner's own.
  const ownerNames = new Set(profile.name.toLowerCase().split(/\s+/));
  const someone = asked.subject?.some((w) => ownerNames.has(w)) ? [] : (asked.subject ?? []);
  const subjectStems = new Set(terms(someone.join(" ")).map((t) => t.stem));
  // A topic word that took the someone in ("your spouse" → the partner topic) still is them.
  const subjectLemmas = new Set(someone.flatMap((w) => lemmas(w)));
  const inSubject = question_.words.map(
    (w) => subjectStems.has(w.stem) || !!w.parts?.some((x) => subjectStems.has(x.stem)) || w.lemmas.some((l) => subjectLemmas.has(l)),
  );
  const aboutSomeone = inSubject.some(Boolean);
  const namedCredits = aboutSomeone
    ? candidates.map((c) => matches(question_, profileOf(c.text, only), { ...(tuning.weights ?? RELEVANCE_WEIGHTS), related: 0 }))
    : [];
  // Asked what the owner is or does (their work, studies, age, health …), a sentence about someone else in their notes
  // ("My younger brother Declan is a paramedic") is not the answer, though it says the topic.
  const ownerAttribute = !aboutSomeone && question_.words.some((w) => PERSONAL.has(w.stem)) && !question_.words.some((w) => PEOPLE.has(w.stem));
  // A name the visitor wrote ("ever been to Europe?", "Do you speak Spanish?") is what they ask about: some sentence of
  // the answer has it, or there is no answer (checked on the ranked sentences below).
  const names = namedIn(prompt.question, ownerNames);
  const nameAt = question_.words.map((w) => names.has(w.stem) || !!w.parts?.some((x) => names.has(x.stem)));
  const fits = (credit: number[], i: number) =>
    (!ownerAttribute || !aboutAnother(candidates[i]!)) &&
    (!asked.kind || hasKind(candidates[i]!.text, asked.kind)) &&
    (!aboutSomeone ||
      (namedCredits[i]!.some((x, k) => inSubject[k] && x >= TOPIC_CREDIT) &&
        (!topical.some((t, k) => t && !inSubject[k]) || credit.some((x, k) => topical[k] && !inSubject[k] && x >= TOPIC_CREDIT))));
  const alone = credits.map((credit, i) => cover[i]! >= floor && credit.some((x, k) => topical[k] && x >= TOPIC_CREDIT) && fits(credit, i));
  const answering = new Set(candidates.filter((_, i) => alone[i]).map((c) => c.source));
  // And one let in by the several-topics rule must add a topic those do not already cover ("the name of your boat" is
  // answered by the boat's sentence; "my signature dish", linked to "name" through "signature", adds nothing).
  const answered = new Set<number>();
  credits.forEach((credit, i) => {
    if (alone[i]) credit.forEach((x, k) => x > 0 && answered.add(k));
  });
  const addsTopic = (i: number) => credits[i]!.some((x, k) => x > 0 && topical[k] && !answered.has(k));
  const passes = (c: Candidate, i: number) =>
    alone[i] ||
    (c.source !== null && answering.has(c.source) && passage(c, i) >= floor && fits(credits[i]!, i)) ||
    (several && together >= floor && cover[i]! >= share && addsTopic(i) && fits(credits[i]!, i));
  const ranked = candidates
    .map((c, i) => ({ c, i, score: scores[i]! }))
    .filter((x) => passes(x.c, x.i))
    .sort((a, b) => b.score - a.score || a.c.order - b.c.order);
  const strong = (tuning.weights ?? RELEVANCE_WEIGHTS).strong;
  const namesMet = nameAt.every((on, k) => !on || ranked.some((x) => credits[x.i]![k]! >= strong));
  const picked: Candidate[] = [];
  for (const { c } of namesMet ? ranked : []) {
    if (picked.length >= wanted) break;
    if (picked.some((x) => similar(x.stems, c.stems))) continue;
    picked.push(c);
  }
  const topic = topicOf(
    q.map((t) => t.surface),
    picked,
  );

  const parts: string[] = [];
  // A question of nothing but small words ("what did you do before that?") is still a question: declined, not greeted.
  const asking = !q.length && asks(question);
  // Telling the clone something about yourself is not a question it failed to answer.
  const statement = !picked.length && extractFirstPersonFacts(question).length > 0;
  if (statement) parts.push(words.thanks(formality === "high"));
  else if (!picked.length) {
    parts.push(
      q.length
        ? words.notShared((prompt.language ?? "en") === "en" ? topicPhrase(question) : null, formality === "high")
        : asking
          ? words.notShared(null, formality === "high")
          : introduction(prompt, formality),
    );
  } else {
    const previous = [...prompt.messages].reverse().find((m) => m.role === "assistant")?.content;
    const open = opener(formality, prompt.conversationId ?? "", question, previous);
    if (open) parts.push(open);
    if (enthusiasm === "high" && topic) parts.push(`Oh, I love talking about ${topic}!`);
    // Read in the order the notes tell it, not in score order; but what answers the question comes first, and the
    // passage's other sentences after it (a CV's "I work as a research diver" does not open the answer about the cello).
    const answers = new Set(candidates.filter((_, i) => alone[i]));
    picked.sort((a, b) => Number(answers.has(b)) - Number(answers.has(a)) || a.order - b.order);
    for (const c of picked) {
      const said = voice(c.text, profile.name, c.aboutOwner);
      parts.push(c.source ? `${withoutFinalStop(said)} [${c.source}].` : ensureStop(said));
    }
    // The aside is English, like the phrase it is built from; it names what was asked ("where I grew up").
    const about = (prompt.language ?? "en") === "en" ? topicPhrase(question) : null;
    // A yes/no question names no topic to get started on ("…started on whether I have any pets" reads oddly).
    // Mid humour is "an occasional light touch" (persona.ts): once in a conversation. Never on a sore subject.
    const joked = prompt.messages.some((m) => m.role === "assistant" && m.content.includes(ASIDE));
    const sore = question_.words.some((w) => SORE.has(w.stem));
    if (about && !about.startsWith("whether") && !sore && (humor === "high" || (humor === "mid" && picked.length >= 3 && !joked)))
      parts.push(`(${ASIDE} ${about} and you might be here a while.)`);
  }
  return { text: shape(parts.join(" "), formality, enthusiasm), unanswered: picked.length === 0 && (q.length > 0 || asking) && !statement };
}

function shape(raw: string, formality: Band, enthusiasm: Band): string {
  let text = formality === "low" ? contract(raw) : formality === "high" ? expand(raw) : raw;
  if (enthusiasm === "low") text = text.replace(/!/g, ".");
  else if (enthusiasm === "high") text = text.replace(/\.(\s*)$/, "!$1");
  return text.trim();
}

/** A greeting gets a greeting back, then who the owner is and what to ask. */
function greet(prompt: PersonaPrompt, greeting: string, formality: Band): string {
  const words = phrases(prompt.language ?? "en");
  const intro = words.hello(prompt.profile.name, formality === "high", mirrors(greeting) ? greeting : undefined);
  return prompt.profile.headline ? `${intro} ${ensureStop(prompt.profile.headline)} ${words.askMe}` : `${intro} ${words.askMe}`;
}

function introduction(prompt: PersonaPrompt, formality: Band): string {
  return greet(prompt, "Hi", formality);
}

/**
 * A heading is not an answer ("Aurora Coffee Roasting Handbook [2]."): a line without closing
 * punctuation that repeats the chunk's title or heading, or is mostly capitalised words.
 */
function isHeading(text: string, source: { title: string; heading: string }): boolean {
  if (/[.!?…"”)]$/.test(text.trim())) return false;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  if (norm(text) === norm(source.title) || (source.heading && norm(source.heading).endsWith(norm(text)))) return true;
  const ws = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  return ws.length > 0 && ws.length <= 10 && ws.filter((w) => /^\p{Lu}/u.test(w)).length / ws.length >= 0.6;
}

const CONTRACTIONS: [RegExp, string][] = [
  [/\bI am\b/g, "I'm"],
  [/\bI have\b/g, "I've"],
  [/\bI would\b/g, "I'd"],
  [/\bI will\b/g, "I'll"],
  [/\bdo not\b/g, "don't"],
  [/\bdoes not\b/g, "doesn't"],
  [/\bdid not\b/g, "didn't"],
  [/\bis not\b/g, "isn't"],
  [/\bare not\b/g, "aren't"],
  [/\bhave not\b/g, "haven't"],
  [/\bcannot\b/g, "can't"],
  [/\bwill not\b/g, "won't"],
  [/\bit is\b/g, "it's"],
  [/\bIt is\b/g, "It's"],
  [/\bthat is\b/g, "that's"],
];
const contract = (s: string) => CONTRACTIONS.reduce((acc, [re, to]) => acc.replace(re, to), s);
const expand = (s: string) =>
  CONTRACTIONS.reduce((acc, [re, to]) => acc.replace(new RegExp(`\\b${to.replace("'", "['’]")}\\b`, "g"), re.source.replace(/\\b/g, "")), s);

const withoutFinalStop = (s: string) => s.replace(/[.!?]+$/, "");
const ensureStop = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

function similar(a: string[], b: string[]): boolean {
  const A = new Set(a);
  const B = new Set(b);
  const inter = [...A].filter((x) => B.has(x)).length;
  return inter / (A.size + B.size - inter || 1) > 0.8;
}

/** The question word most of the picked sentences talk about (display form); ties go to the longer word. */
function topicOf(questionWords: string[], picked: Candidate[]): string | null {
  let best: { w: string; n: number } | null = null;
  for (const w of questionWords) {
    const stem = terms(w)[0]?.stem;
    const n = picked.filter((c) => stem && c.stems.includes(stem)).length;
    if (n && (!best || n > best.n || (n === best.n && w.length > best.w.length))) best = { w, n };
  }
  return best?.w ?? null;
}
