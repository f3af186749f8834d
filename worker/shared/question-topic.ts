/**
 * What an English question asks about, as a phrase the owner can say in the first person:
 * "What is your favourite football team?" → "my favourite football team", "Do you play chess?" →
 * "whether I play chess", "Where did you grow up?" → "where I grew up". The offline responder
 * says "I haven't shared anything about <phrase> yet" with it instead of listing keywords.
 *
 * Rules over the question's own words (no word lists of topics): second person becomes first,
 * the auxiliary of a yes/no or wh- question moves back behind its subject. A question it cannot
 * read comes back as null (the caller then says "that").
 */
import { irregularForms, lemmas, usage } from "./lexicon";

const WH = new Set(["what", "which", "where", "when", "who", "whom", "whose", "why", "how"]);
const DO = new Set(["do", "does", "did"]);
const BE = new Set(["is", "are", "was", "were", "am"]);
const MODAL = new Set(["have", "has", "had", "can", "could", "will", "would", "should", "may", "might", "must", "shall"]);
const PREPOSITIONS = new Set("to with for about of at from by on in into like than without near behind".split(" "));
// "are you" → "I am": the first person of each form of be.
const FIRST_PERSON_BE: Record<string, string> = { are: "am", were: "was", is: "am", was: "was", am: "am" };

/** Second person to first, word by word ("your team" → "my team", "with you" → "with me"). */
function swap(words: string[]): string[] {
  return words.map((w, i) => {
    const l = w.toLowerCase();
    if (l === "your") return "my";
    if (l === "yours") return "mine";
    if (l === "yourself" || l === "yourselves") return "myself";
    if (l === "you") return i > 0 && (PREPOSITIONS.has(words[i - 1]!.toLowerCase()) || isVerbBefore(words, i)) ? "me" : "I";
    return w;
  });
}
// "tell you", "help you": an object after a verb that is not an auxiliary.
const isVerbBefore = (words: string[], i: number) => {
  const prev = words[i - 1]!.toLowerCase();
  return i > 1 && !DO.has(prev) && !BE.has(prev) && !MODAL.has(prev) && !WH.has(prev) && /^(tell|help|ask|give|show|call|make|let|bring)$/.test(prev);
};

// The exception lists file these under other lemmas too (went → wend), or list an archaic form (work → wrought).
const COMMON_PAST: Record<string, string> = { go: "went", get: "got", be: "was", have: "had", do: "did", say: "said", make: "made", work: "worked" };
// Adverbs that sit between "did you" and the verb ("did you ever work").
const ADVERBS = new Set(["ever", "really", "actually", "still", "also", "once", "never", "always", "first", "last"]);

/** Third person singular ("play" → plays, "do" → does, "study" → studies). */
export function thirdPerson(verb: string): string {
  if (verb === "have") return "has";
  if (/(?:s|x|z|ch|sh|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** Index of the main verb after a subject ("your research group do" → 3): the first word mostly used as a verb. */
function verbIndex(words: string[], from: number): number {
  for (let k = from; k < words.length; k++) if (lemmas(words[k]!).some((l) => usage(l) === "verb") || words[k]!.toLowerCase() === "do") return k;
  return -1;
}

/** Past tense of a verb for "did you <verb>" → "I <past>": WordNet's irregular forms, else -ed. */
export function pastTense(verb: string): string {
  const lemma = verb.toLowerCase();
  if (COMMON_PAST[lemma]) return COMMON_PAST[lemma]!;
  // The exception lists give past and participle alike; a participle usually ends in -n ("grown").
  const forms = irregularForms(lemma).filter((f) => !/(?:ing|s)$/.test(f));
  const past = forms.find((f) => !/n$/.test(f)) ?? forms[0];
  if (past) return past;
  if (lemma.endsWith("e")) return `${lemma}d`;
  if (/[^aeiou]y$/.test(lemma)) return `${lemma.slice(0, -1)}ied`;
  // One syllable ending consonant-vowel-consonant doubles it: "stop" → "stopped".
  if (/^[^aeiou]*[aeiou][bdgklmnprt]$/.test(lemma)) return `${lemma}${lemma.at(-1)}ed`;
  return `${lemma}ed`;
}
function past(tail: string[]): string[] {
  const k = tail.findIndex((w) => !ADVERBS.has(w.toLowerCase()));
  return k < 0 ? tail : [...tail.slice(0, k), pastTense(tail[k]!), ...tail.slice(k + 1)];
}
/** "your brother play bass" after does/did/do → "my brother plays bass" / "played" / "play". */
function afterSubject(aux: string, rest: string[]): string[] | null {
  const k = verbIndex(rest, 1);
  if (k < 1) return null;
  const verb = rest[k]!.toLowerCase();
  const form = aux === "does" ? thirdPerson(verb) : aux === "did" ? pastTense(verb) : rest[k]!;
  return swap([...rest.slice(0, k), form, ...rest.slice(k + 1)]);
}

export function topicPhrase(question: string): string | null {
  const words = question
    .trim()
    .replace(/[?!.…]+$/u, "")
    .replace(/[,;:]+/g, " ")
    .replace(/\bwhat's\b/gi, "what is")
    .replace(/\bwhere's\b/gi, "where is")
    .replace(/\bwho's\b/gi, "who is")
    .split(/\s+/)
    .filter(Boolean);
  if (!words.length) return null;
  const lower = words.map((w) => w.toLowerCase());
  const out = (ws: string[]) => {
    const text = ws.join(" ").trim();
    return text ? text : null;
  };
  // "tell me about your work", "talk about your PhD"
  const about = lower.indexOf("about");
  if (about >= 0 && /^(tell|talk|say|share|anything|something)$/.test(lower[0]!)) return out(swap(words.slice(about + 1)));

  // wh- + (how many/much + noun)…
  let i = 0;
  if (WH.has(lower[0]!)) {
    i = 1;
    // "how old", "how much money", "which political party", "what kind of boat sport"
    while (i < words.length && !DO.has(lower[i]!) && !BE.has(lower[i]!) && !MODAL.has(lower[i]!) && lower[i] !== "you") i++;
    const wh = words.slice(0, i).map((w, k) => (k === 0 ? w.toLowerCase() : w));
    const aux = lower[i];
    const rest = words.slice(i + 1);
    if (aux === undefined) return out(swap(wh));
    // "what is your favourite dish" → "my favourite dish"; "what is the name of your cat" → "the name of my cat";
    // but "what was your thesis about" → "what my thesis was about", "what is your dog called" → "what my dog is called"
    const last = rest.at(-1)?.toLowerCase() ?? "";
    // A participle ("called", "married") is a verb's form, not a word of its own: "breed" and "bed" are no participles.
    const trailing = PREPOSITIONS.has(last) || (/ed$/.test(last) && lemmas(last).some((l) => l !== last));
    if (wh.length === 1 && (wh[0] === "what" || wh[0] === "which") && BE.has(aux) && rest.length && lower[i + 1] !== "you" && !trailing) return out(swap(rest));
    if (lower[i + 1] === "you") {
      const tail = rest.slice(1);
      // "what do you do" → "what I do"; "where did you grow up" → "where I grew up"
      if (DO.has(aux)) return out(swap([...wh, "I", ...(aux === "did" ? past(tail) : tail)]));
      // "what are you afraid of" → "what I am afraid of"; "where have you lived" → "where I have lived"
      if (BE.has(aux)) return out(swap([...wh, "I", FIRST_PERSON_BE[aux]!, ...tail]));
      return out(swap([...wh, "I", aux, ...tail]));
    }
    // "how many people are on your team": the wh- phrase is the subject, the order stays; "how old is Sam" asks about the
    // subject ("how" and an adjective), so it goes on as "who is your spouse" does: "how old Sam is"
    const asksAbout = wh.length === 2 && wh[0] === "how" && !/^(many|much)$/i.test(wh[1]!);
    if (wh.length > 1 && BE.has(aux) && !asksAbout) return out(swap(words.map((w, k) => (k === 0 ? w.toLowerCase() : w))));
    // "who is your spouse" → "who my spouse is"; "what does your group do" → "what my group does"
    if (BE.has(aux)) return out(swap(trailing ? [...wh, ...rest.slice(0, -1), aux, rest.at(-1)!] : [...wh, ...rest, aux]));
    const moved = DO.has(aux) ? afterSubject(aux, rest) : null;
    if (moved) return out([...wh, ...moved]);
    return out(swap(words.map((w, k) => (k === 0 ? w.toLowerCase() : w))));
  }
  // yes/no: "do you play chess" → "whether I play chess"; "is there an herb you dislike" → "whether there is an herb I dislike"
  const aux = lower[0]!;
  const rest = words.slice(1);
  if (lower[1] === "you") {
    const tail = rest.slice(1);
    if (DO.has(aux)) return out(["whether", "I", ...swap(aux === "did" ? past(tail) : tail)]);
    if (BE.has(aux)) return out(["whether", "I", FIRST_PERSON_BE[aux]!, ...swap(tail)]);
    if (MODAL.has(aux)) return out(["whether", "I", aux, ...swap(tail)]);
  }
  if (BE.has(aux) && lower[1] === "there") return out(["whether", "there", aux, ...swap(rest.slice(1))]);
  // "is your partner a lawyer" → "whether my partner is a lawyer": the subject is "your" and one or two words
  if ((BE.has(aux) || DO.has(aux) || MODAL.has(aux)) && lower[1] === "your" && rest.length >= 2) {
    let end = 2;
    if (rest.length > 3 && !/^(a|an|the|ever|still|really|often|usually)$/i.test(rest[2]!) && !BE.has(rest[2]!.toLowerCase())) end = 3;
    const moved = DO.has(aux) ? afterSubject(aux, rest) : null;
    if (moved) return out(["whether", ...moved]);
    return out(["whether", ...swap(rest.slice(0, end)), aux, ...swap(rest.slice(end))]);
  }
  return out(swap(words.map((w, k) => (k === 0 ? w.toLowerCase() : w))));
}
