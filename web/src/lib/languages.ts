/**
 * The languages offered for the profile (Settings): BCP 47 tags, as the API stores them, each shown by its own name
 * ("Deutsch", "Português (Brasil)"), with its English one when that name is not in Latin letters ("日本語 — Japanese").
 * A stored tag not on the list is offered too, so it is never lost.
 */
const TAGS = [
  "en",
  "en-GB",
  "es",
  "fr",
  "de",
  "it",
  "pt",
  "pt-BR",
  "nl",
  "sv",
  "da",
  "nb",
  "fi",
  "pl",
  "cs",
  "ro",
  "hu",
  "el",
  "tr",
  "ru",
  "uk",
  "ar",
  "he",
  "hi",
  "zh",
  "ja",
  "ko",
  "id",
  "vi",
  "th",
];

function nameIn(locale: string, tag: string): string | null {
  try {
    const name = new Intl.DisplayNames([locale], { type: "language", languageDisplay: "standard" }).of(tag);
    return name ? name.charAt(0).toLocaleUpperCase(locale) + name.slice(1) : null;
  } catch {
    return null;
  }
}

/** "Português (Brasil)"; "日本語 — Japanese"; the tag itself when the browser cannot name it. */
export function languageLabel(tag: string): string {
  const own = nameIn(tag, tag);
  const english = nameIn("en", tag);
  if (!own || !english) return own ?? english ?? tag;
  return /\p{Script=Latin}/u.test(own) || own === english ? own : `${own} — ${english}`;
}

/** The options for a profile whose language is `current`: the list, plus `current` when it is not on it. */
export function languageOptions(current: string): { tag: string; label: string }[] {
  const tags = current && !TAGS.includes(current) ? [current, ...TAGS] : TAGS;
  return tags.map((tag) => ({ tag, label: languageLabel(tag) }));
}
