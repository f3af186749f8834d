export interface PersonalityValues {
  formality: number;
  enthusiasm: number;
  verbosity: number;
  humor: number;
}

export const PERSONALITY_SLIDERS = [
  { key: "formality", label: "Formality", low: "Casual", high: "Formal" },
  { key: "enthusiasm", label: "Enthusiasm", low: "Reserved", high: "Enthusiastic" },
  { key: "verbosity", label: "Verbosity", low: "Brief", high: "Elaborate" },
  { key: "humor", label: "Humor", low: "Serious", high: "Playful" },
] as const;

const band = (v: number) => (v < 34 ? 0 : v < 67 ? 1 : 2);

/** The bio's first sentence, without its end mark, cut at a word near 100 characters. */
function firstSentence(text: string): string {
  const t = (text.trim().split(/(?<=[.!?…])\s|\n/)[0] ?? "").trim().replace(/[.!?…\s]+$/, "");
  if (t.length <= 100) return t;
  const cut = t.slice(0, 100);
  return cut.slice(0, cut.lastIndexOf(" ") > 60 ? cut.lastIndexOf(" ") : 100);
}

/**
 * A sample of how the clone would answer "What do you do?", built from the four sliders so the
 * onboarding preview changes as they move. It speaks about the person's own headline when they gave one, else
 * their bio's first sentence, else neutrally: it never invents a job. Pure: same values, same sentence.
 */
export function personalityPreview(p: PersonalityValues, name = "I", headline = "", bio = ""): string {
  const me = name === "I" || !name.trim() ? "I" : name.trim().split(/\s+/)[0]!;
  const formal = band(p.formality) === 2;
  const greeting = [
    ["Hey!", "Hi there.", "Hello."],
    ["Hey!!", "Hi there!", "Hello!"],
    ["Hey!!! 🎉", "Hi there — great to meet you!", "Hello, and welcome!"],
  ][band(p.enthusiasm)]![band(p.formality)]!;
  const fromBio = headline.trim() ? "" : firstSentence(bio);
  // A bio in the first person ("I study octopuses…") is quoted as is, after the name.
  const ownWords = /^(I|I'm|I am|I've|My|Me)\b/.test(fromBio) ? fromBio : "";
  const role = headline.trim().replace(/[.\s]+$/, "") || (ownWords ? "" : fromBio);
  const named = me === "I" ? "" : formal ? `My name is ${me}.` : `${me} here.`;
  // A headline ("Product designer in Lisbon") follows a dash, where it needs no article.
  const lead = ownWords
    ? `${named} ${ownWords}.`
    : role
      ? `${me === "I" ? "In short:" : formal ? `My name is ${me} —` : `${me} here —`} ${role.charAt(0).toLowerCase() + role.slice(1)}.`
      : `${named} ${formal ? "I would be glad to answer your questions." : "Ask me anything."}`;
  const detail = [
    "",
    " Happy to talk about my work and what I am exploring.",
    " Happy to talk about my work, what I am exploring right now, and the reasoning behind the choices I make along the way.",
  ][band(p.verbosity)]!;
  // Humour in the tone, never a made-up fact about the owner (a preview once said "Coffee is non-negotiable").
  const joke = ["", band(p.verbosity) === 0 ? " Tangents possible." : " Fair warning: I like a good tangent.", " Fair warning: puns may occur 😄."][
    band(p.humor)
  ]!;
  const excite = band(p.enthusiasm) === 2 ? " I love it!" : band(p.enthusiasm) === 1 ? " I enjoy it." : "";
  return `${greeting} ${lead}${detail}${excite}${joke}`.replace(/\s+/g, " ").trim();
}
