/**
 * The offline responder speaks as the owner, in the first person, whoever wrote the note. A note about the owner in the
 * third person ("Ana is a vegetarian"; a friend's "Fumiko, as I know her": "She volunteers at the children's cafeteria")
 * is turned round: "I am a vegetarian", "I volunteer at the children's cafeteria".
 */

export type OwnerPronoun = "she" | "he";

/**
 * The pronoun a note written about the owner in the third person uses for them ("Clara, as I know her": she), or null
 * when the note is not one (its title does not name the owner and it never says "<name> is …"), or does not tell.
 */
export function writtenAbout(title: string, content: string, name: string): OwnerPronoun | null {
  const first = name.trim().split(/\s+/)[0];
  if (!first || first.length < 2) return null;
  const esc = first.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const about = new RegExp(`\\b${esc}\\b`, "u").test(title) || new RegExp(`\\b${esc} (?:is|was|has|had|lives|works|grew|loves)\\b`, "u").test(content);
  if (!about) return null;
  // The title's pronoun first ("as I know her"); else whichever the note uses more.
  const titled = /\b(her|she)\b/i.test(title) ? "she" : /\b(him|his|he)\b/i.test(title) ? "he" : null;
  if (titled) return titled;
  const count = (re: RegExp) => (content.match(re) ?? []).length;
  const she = count(/\b(?:she|her|hers)\b/gi);
  const he = count(/\b(?:he|him|his)\b/gi);
  return she > he ? "she" : he > she ? "he" : null;
}

// A third-person present verb as the first person says it: "volunteers" → "volunteer", "watches" → "watch".
const IRREGULAR: Record<string, string> = {
  is: "am",
  has: "have",
  does: "do",
  goes: "go",
  was: "was",
  says: "say",
  "doesn't": "don't",
  "doesn’t": "don’t",
  "isn't": "am not",
  "isn’t": "am not",
  "hasn't": "haven't",
  "hasn’t": "haven’t",
};
function firstPersonVerb(verb: string): string {
  const lower = verb.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower]!;
  if (/[^aeiou]ies$/.test(lower)) return `${verb.slice(0, -3)}y`;
  if (/(?:s|sh|ch|x|z)es$/.test(lower)) return verb.slice(0, -2);
  if (/[^su]s$/.test(lower)) return verb.slice(0, -1);
  return verb;
}

const PREPOSITION = "in|of|at|to|with|from|for|on|into|by|about|after";

/**
 * A sentence of the owner's notes in the owner's voice: "Ana is" → "I am", "Ana's" → "my"; and in a note about the owner
 * (writtenAbout), the owner's pronoun → "I" / "my". Not in a sentence in the writer's own first person ("when she talked
 * me into it"): whose "I" that would be, the reply could not say. Another person's pronoun is left as written.
 */
export function voice(sentence: string, name: string, owner: OwnerPronoun | null = null): string {
  const first = name.trim().split(/\s+/)[0];
  let s = sentence;
  for (const n of [name.trim(), first].filter((x): x is string => !!x && x.length > 1)) {
    const esc = n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    s = s
      .replace(new RegExp(`\\b${esc}['’]s\\b`, "g"), "my")
      .replace(new RegExp(`\\b${esc} is\\b`, "g"), "I am")
      .replace(new RegExp(`\\b${esc} was\\b`, "g"), "I was")
      .replace(new RegExp(`\\b${esc} has\\b`, "g"), "I have");
  }
  if (owner && !WRITER.test(sentence)) {
    const [subject, possessive] = owner === "she" ? ["she", "her"] : ["he", "his"];
    s = s
      .replace(new RegExp(`\\b${subject}['’]s\\b`, "giu"), "I'm")
      .replace(new RegExp(`\\b${subject} (\\p{L}+(?:['’]t)?)`, "giu"), (_, verb: string) => `I ${firstPersonVerb(verb)}`)
      .replace(new RegExp(`^${possessive}\\b`, "iu"), "My")
      .replace(new RegExp(`\\b(${PREPOSITION}) ${possessive}\\b(?= \\p{L})`, "gu"), "$1 my");
  }
  return s.charAt(0).toUpperCase() + s.slice(1);
}
/** The writer of a note about the owner speaking of themselves. */
const WRITER = /\b(?:I|I['’](?:ve|m|d|ll)|me|my|mine|we|us|our)\b/;
