/**
 * Which language a question is written in (tinyld's light model: franc-min misread most short
 * English questions as Italian or Dutch), for telling the LLM what
 * to reply in and for the offline responder's own phrases. Short or mixed text is not guessed:
 * the caller falls back to the profile's language.
 */
import { detect } from "tinyld/light";

// Languages the detector may answer with. Restricting the set keeps short questions from being
// read as a close relative nobody here writes in (Romanian for "Onde cresceste?").
const DETECTABLE = ["en", "pt", "es", "fr", "de", "it", "nl"];
const NAMES: Record<string, string> = { en: "English", pt: "Portuguese", es: "Spanish", fr: "French", de: "German", it: "Italian", nl: "Dutch" };

/** ISO 639-1 code of the text's language, or null when it is too short or unclear to tell. */
export function detectLanguage(text: string): string | null {
  const code = detect(text, { only: DETECTABLE });
  return DETECTABLE.includes(code) ? code : null;
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

/** The reply language: the question's when it can be told, else the profile's, else English. */
export function replyLanguage(question: string, profileLanguage?: string): string {
  return detectLanguage(question) ?? (profileLanguage?.trim() ? profileLanguage.trim().toLowerCase() : "en");
}
