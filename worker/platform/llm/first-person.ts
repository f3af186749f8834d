/**
 * The offline responder speaks as the owner, in the first person, whoever wrote the note. A note about the owner in the
 * third person ("Ana is a vegetarian"; a friend's "Fumiko, as I know her": "She volunteers at the children's cafeteria")
 * is turned round: "I am a vegetarian", "I volunteer at the children's cafeteria".
 */

/** Whether a note is written about the owner in the third person: its title names them, or it says "<name> is …". */
export function writtenAbout(title: string, content: string, name: string): boolean {
  const first = name.trim().split(/\s+/)[0];
  if (!first || first.length < 2) return false;
  const esc = first.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`\\b${esc}\\b`, "u").test(title) || new RegExp(`\\b${esc} (?:is|was|has|had|lives|works|grew|loves)\\b`, "u").test(content);
}

// A third-person present verb as the first person says it: "volunteers" → "volunteer", "watches" → "watch".
const IRREGULAR: Record<string, string> = { is: "am", has: "have", does: "do", goes: "go", was: "was", says: "say" };
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
 * A sentence of the owner's notes in the owner's voice: "Ana is" → "I am", "Ana's" → "my"; and when the whole note is
 * about the owner (writtenAbout), "she"/"he" → "I" and "her"/"his" before a noun → "my".
 */
export function voice(sentence: string, name: string, aboutOwner = false): string {
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
  if (aboutOwner)
    s = s
      .replace(/\b(?:she|he)(?:['’]s)? (\p{L}+)/giu, (_, verb: string) => `I ${firstPersonVerb(verb)}`)
      .replace(/^(?:Her|His)\b/u, "My")
      .replace(new RegExp(`\\b(${PREPOSITION}) (?:her|his)\\b(?= \\p{L})`, "gu"), "$1 my");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
