/**
 * The offline responder's own words (issue #15): openers that vary per conversation without
 * randomness, greetings answered with greetings, and the honest "not shared" in the question's
 * language when it is one of a few the responder knows (the notes themselves are quoted as written).
 */
import { fnv1a } from "../../shared/hash";
import type { Band } from "../../shared/persona";

// An empty opener is one of the choices: a person does not preface every answer.
const OPENERS: Record<Band, string[]> = {
  low: ["Hey, good one.", "Sure thing.", "", "Oh, easy one.", "Happy to share.", "Ha, glad you asked."],
  mid: ["", "Sure.", "Good question.", "", "Happy to tell you."],
  high: ["Thank you for asking.", "Certainly.", "", "With pleasure.", "That is a fair question."],
};

/**
 * Opener for this turn: picked by a hash of the conversation and the question (same input, same
 * reply), and never the one the previous reply opened with.
 */
export function opener(formality: Band, seed: string, question: string, previousReply: string | undefined): string {
  const list = OPENERS[formality];
  let i = fnv1a(`${seed}\u0000${question.trim().toLowerCase()}`) % list.length;
  if (previousReply !== undefined && list[i] && previousReply.startsWith(list[i]!)) i = (i + 1) % list.length;
  // Two bare answers in a row read fine; two identical openers do not.
  if (previousReply !== undefined && !list[i] && !list.some((o) => o && previousReply.startsWith(o))) i = (i + 1) % list.length;
  return list[i]!;
}

const GREETING =
  /^(hi|hello|hey|hiya|howdy|yo|greetings|good (morning|afternoon|evening|day)|ol[aá]|oi|bom dia|boa (tarde|noite)|hola|buen(os|as) (d[ií]as|tardes|noches)|bonjour|bonsoir|salut|hallo|guten (morgen|tag|abend)|ciao|buongiorno)\b/i;
// Words that may follow a greeting without making it a question ("hi there, how are you?").
const SMALL_TALK = new Set(
  "there all everyone you how are doing is it going what's whats up today again nice to meet tudo bem como estás estas está esta vai qué tal ça va comment allez vous wie geht's gehts es dir come stai".split(
    " ",
  ),
);

/** The greeting a message opens with, when the message is nothing but a greeting (and small talk or a name). */
export function greetingOf(message: string, ownerName: string): string | null {
  const text = message
    .trim()
    .replace(/[!?.,;:…]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const m = GREETING.exec(text);
  if (!m) return null;
  const names = new Set(ownerName.toLowerCase().split(/\s+/));
  const rest = text.slice(m[0].length).toLowerCase().split(" ").filter(Boolean);
  if (!rest.every((w) => SMALL_TALK.has(w) || names.has(w))) return null;
  return m[0].charAt(0).toUpperCase() + m[0].slice(1).toLowerCase();
}

/** A time-of-day greeting is returned as said ("Good morning"); a plain one gets the responder's own. */
export const mirrors = (greeting: string) => /^(good|bom|boa|buen|guten|bonjour|bonsoir|buongiorno)/i.test(greeting);

// Only English questions are rephrased (shared/question-topic.ts); other languages say "that".
interface Phrases {
  /** `about` is what the question asks, in the first person ("my favourite football team"), or null: "that". */
  notShared: (about: string | null, formal: boolean) => string;
  /** Introduction after a greeting; `greeting` is the time-of-day greeting to return, if any. */
  hello: (name: string, formal: boolean, greeting?: string) => string;
  askMe: string;
  /** The reply to a statement about the speaker ("I just got my diving licence") that nothing shared answers. */
  thanks: (formal: boolean) => string;
}

const PHRASES: Record<string, Phrases> = {
  en: {
    notShared: (about, formal) =>
      formal
        ? `I am afraid I have not shared anything about ${about ?? "that"} yet, so I would rather not guess.`
        : `Honestly, I haven't shared anything about ${about ?? "that"} yet, so I won't guess.`,
    hello: (name, formal, greeting) => (greeting ? `${greeting}! ${formal ? "I am" : "I'm"} ${name}.` : formal ? `Hello, I am ${name}.` : `Hi, I'm ${name}.`),
    askMe: "Ask me about my work, my life or anything I have shared.",
    thanks: (formal) => (formal ? "Thank you for telling me." : "Thanks for telling me!"),
  },
  pt: {
    notShared: () => "Sinceramente, ainda não partilhei nada sobre isso, por isso prefiro não adivinhar.",
    hello: (name, _f, greeting) => `${greeting ?? "Olá"}, sou ${name}.`,
    askMe: "Pergunta-me sobre o meu trabalho, as minhas notas ou qualquer coisa que eu tenha partilhado.",
    thanks: () => "Obrigado por me contares.",
  },
  es: {
    notShared: () => "Sinceramente, todavía no he compartido nada sobre eso, así que prefiero no adivinar.",
    hello: (name, _f, greeting) => `${greeting ?? "Hola"}, soy ${name}.`,
    askMe: "Pregúntame por mi trabajo, mis notas o cualquier cosa que haya compartido.",
    thanks: () => "Gracias por contármelo.",
  },
  fr: {
    notShared: () => "Honnêtement, je n'ai encore rien partagé à ce sujet, donc je préfère ne pas deviner.",
    hello: (name, _f, greeting) => `${greeting ?? "Bonjour"}, je suis ${name}.`,
    askMe: "Demandez-moi mon travail, mes notes ou tout ce que j'ai partagé.",
    thanks: () => "Merci de me l'avoir dit.",
  },
  de: {
    notShared: () => "Ehrlich gesagt habe ich dazu noch nichts geteilt, also rate ich lieber nicht.",
    hello: (name, _f, greeting) => `${greeting ?? "Hallo"}, ich bin ${name}.`,
    askMe: "Frag mich nach meiner Arbeit, meinen Notizen oder allem, was ich geteilt habe.",
    thanks: () => "Danke, dass du mir das erzählst.",
  },
};

export const phrases = (language: string): Phrases => PHRASES[language] ?? PHRASES.en!;
