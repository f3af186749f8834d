/**
 * Which language a question is written in (tinyld's light model: franc-min misread most short
 * English questions as Italian or Dutch), for telling the LLM what
 * to reply in and for the offline responder's own phrases. Short or mixed text is not guessed:
 * the caller falls back to the profile's language.
 */
import { detectAll } from "tinyld/light";
import { lemmas } from "./lexicon";
import { STOPWORDS, tokens } from "./text";

// Languages the detector may answer with. Restricting the set keeps short questions from being
// read as a close relative nobody here writes in (Romanian for "Onde cresceste?").
const DETECTABLE = ["en", "pt", "es", "fr", "de", "it", "nl"];
const NAMES: Record<string, string> = { en: "English", pt: "Portuguese", es: "Spanish", fr: "French", de: "German", it: "Italian", nl: "Dutch" };

// Below this the detector's best guess is a guess: tinyld reads short English questions as another language ("Favourite
// food?" → fr 0.08, "Siblings?" → de 0.13, "Pets?" → fr 0.25), while a clear sentence scores 1.
const SURE = 0.5;

/** ISO 639-1 code of the text's language, or null when it is too short or unclear to tell. */
export function detectLanguage(text: string): string | null {
  const best = detectAll(text, { only: DETECTABLE })[0];
  if (!best || !DETECTABLE.includes(best.lang)) return null;
  // An unsure guess at another language for words that are all English (WordNet's, or English function words) is English.
  if (best.lang !== "en" && best.accuracy < SURE && allEnglish(text)) return "en";
  return best.lang;
}

function allEnglish(text: string): boolean {
  const words = tokens(text).map((t) => t.surface.toLowerCase());
  return words.length > 0 && words.every((w) => STOPWORDS.has(w) || lemmas(w).length > 0);
}

/** English name of a language code ("pt" → "Portuguese"), for the prompt. */
export function languageName(code: string): string {
  const base = code.toLowerCase().split(/[-_]/)[0] ?? "en";
  if (NAMES[base]) return NAMES[base];
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(base) ?? "English";
  } catch {
    return "English";
  }
}

/** The language of a profile's tag, as ISO 639-1: "pt-BR" → "pt", "en-GB" → "en"; empty → "en". */
export function baseLanguage(tag: string | undefined): string {
  return tag?.trim().toLowerCase().split(/[-_]/)[0] || "en";
}

/** The reply language: the question's when it can be told, else the profile's, else English. */
export function replyLanguage(question: string, profileLanguage?: string): string {
  return detectLanguage(question) ?? baseLanguage(profileLanguage);
}
