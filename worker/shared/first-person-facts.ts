/**
 * The offline memory extractor: finds the sentences of a chat message in which the speaker states
 * a fact about themselves ("I moved to Lisbon last month", "my daughter is called Ana",
 * "remember that I'm allergic to peanuts"), and returns each as a short first-person fact.
 *
 * It is a handful of rules, not a language model, and says so: it catches a first-person subject
 * (I, my, we, our — after at most a short lead-in like "Last month,") and an explicit
 * "remember that …"; it leaves out questions, requests to the clone (any "you"), opinions
 * ("I think …", "I feel …"), hypotheticals (if, would, might, maybe, wish, hope …) and small talk
 * ("I'm fine", "I see"). It misses facts without a first-person subject ("Lisbon is home now")
 * and takes opinions phrased as facts about others ("my boss is hopeless"). Precision and recall
 * on a labelled set are printed by `npm run bench memory` (bench/data/memory-facts.json).
 *
 * No imports: the bench runs this file directly in Node.
 */

const EXPLICIT = /^(?:please\s+|also\s+|and\s+)?(?:remember|note|keep in mind|don'?t forget|do not forget)(?:\s+that)?\s*[:,-]?\s+(.+)$/i;
// Conversational openers that carry no fact, dropped from the front: "By the way, I …" → "I …".
const FILLER = /^(?:(?:by the way|btw|fyi|actually|also|so|well|oh|anyway|and|but|fun fact|just so you know|for the record)\s*[,:;-]?\s+)+/i;
const FIRST_PERSON = /^(?:i|i'm|i’m|i've|i’ve|i'll|i’ll|i'd|i’d|my|our|we|we're|we’re|we've|we’ve|mine|me and)\b/i;
// A short lead-in before the subject: "Last month, I…", "Since 2019 I…", "Actually, my…"
const LEAD_IN = /^(?:[\p{L}\p{N}'’]+\s+){0,4}?[\p{L}\p{N}'’]+,?\s+(?=(?:i|i'm|i’m|i've|i’ve|my|our|we)\b)/iu;
const QUESTION_START =
  /^(?:what|who|whom|whose|why|how|when|where|which|do|does|did|can|could|would|will|is|are|was|were|should|shall|may|have|has|am|tell me)\b/i;
const HYPOTHETICAL =
  /\b(?:if|would|could|might|maybe|perhaps|wish|suppose|supposing|imagine|hope|hopefully|someday|probably|unless|whether)\b|\bi'd\b|\bi’d\b/i;
const OPINION = /^(?:i|we)\s+(?:think|believe|feel|guess|reckon|suspect|doubt|bet|find|consider|wonder|assume)\b|\bin my (?:opinion|view)\b/i;
const ADDRESSEE = /\b(?:you|your|yours|you're|you’re|yourself)\b/i;
const SMALL_TALK =
  /^(?:i(?:'m|’m| am)\s+(?:fine|good|ok|okay|great|well|here|back|sorry|not sure|curious|wondering|just|glad|happy to)\b|i\s+(?:see|know|agree|understand|mean|guess|get it|was wondering|want to know|would like)\b|(?:thanks|thank|ok|okay|sure|yes|no|hi|hello|hey)\b)/i;
const MIN_WORDS = 2;
const MAX_CHARS = 300;

/** Sentences of a message; a line break ends a sentence too. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A sentence that asks something: it ends with "?" or opens the way a question does ("where …", "do you …", "tell me …"). */
export const isQuestion = (sentence: string): boolean => /\?\s*$/.test(sentence) || opensAsQuestion(sentence);
/** A sentence that opens the way a question does ("where …", "do you …", "tell me …"), whatever it ends with. */
export const opensAsQuestion = (sentence: string): boolean => QUESTION_START.test(sentence.trim());

/** The first-person facts a message states, each as its own sentence ending in a full stop. */
export function extractFirstPersonFacts(text: string): string[] {
  const out: string[] = [];
  for (const raw of sentencesOf(text)) {
    const fact = factOf(raw);
    if (fact && !out.includes(fact)) out.push(fact);
  }
  return out;
}

function factOf(raw: string): string | null {
  let s = raw.replace(/\s+/g, " ").trim().replace(FILLER, "");
  if (!s || s.endsWith("?") || s.length > MAX_CHARS) return null;
  const explicit = EXPLICIT.exec(s);
  if (explicit) s = explicit[1]!.trim().replace(FILLER, "");
  if (QUESTION_START.test(s) || ADDRESSEE.test(s) || HYPOTHETICAL.test(s)) return null;
  const subject = s.replace(LEAD_IN, "");
  if (!explicit && !FIRST_PERSON.test(subject)) return null;
  if ([s, subject].some((x) => OPINION.test(x) || SMALL_TALK.test(x))) return null;
  if (s.split(/\s+/).length < MIN_WORDS) return null;
  const body = s.replace(/[.!…;,:\s]+$/, "");
  return `${body.charAt(0).toUpperCase()}${body.slice(1)}.`;
}
