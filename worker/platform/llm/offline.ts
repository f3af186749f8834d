/**
 * Offline responder (no API key): a deterministic extractive answerer, not a language model.
 * It splits the owner's retrieved knowledge and bio into sentences, scores them against the
 * question with BM25 over Porter stems, keeps the best ones and stitches them in the owner's
 * voice, shaped by the same slider bands as the LLM prompt (services/persona.ts):
 * - verbosity → how many sentences (1 + round(verbosity / 25), so 1…5);
 * - formality → low: casual opener and contractions; high: courteous opener, contractions expanded;
 * - enthusiasm → low: no exclamation marks; high: an energetic lead naming the topic and a "!" close;
 * - humor → high (and mid with ≥ 3 sentences): a light aside built from the answer's own most
 *   frequent term, never a canned joke.
 * Used sentences carry their source number ([n]) so citations work exactly as with the LLM.
 * When nothing scores, it says so honestly instead of guessing, and reports "unanswered".
 * The owner's own answers (revisions) come first: when one answers the question, it is the reply.
 * Off-limits topics (guardrails) are declined before anything else, and reported "declined".
 */
import type { LlmChunk, LlmPort } from "./port";
import { band, type AnswerStatus, type NumberedSource, type PersonaPrompt } from "../../shared/persona";
import { offLimitsTopic, refusalLine } from "../../shared/guardrails";
import { bm25, sentences, terms } from "../../shared/text";

export const OFFLINE_MODEL = "offline-extractive";
const NEIGHBOUR_SHARE = 0.25;

interface Candidate {
  text: string;
  source: number | null; // [n] of the knowledge chunk, null for the bio
  order: number;
  stems: string[];
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

/** The reply and its structured status. */
export function respond(prompt: PersonaPrompt): { text: string; status: AnswerStatus } {
  const topic = offLimitsTopic(prompt.question, prompt.guardrails);
  if (topic) return { text: refusalLine(topic, prompt.guardrails), status: "declined" };
  const own = ownAnswer(prompt);
  if (own) return { text: `${own.answer} [${own.source.n}]`, status: "answered" };
  const { text, used } = compose(prompt);
  // Nothing the owner shared scored on a question that has a topic: a structured "could not answer".
  return { text, status: used === 0 && terms(prompt.question).length > 0 ? "unanswered" : "answered" };
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

export const answer = (prompt: PersonaPrompt): string => compose(prompt).text;

/** The extractive reply and how many of the owner's sentences it used. */
function compose(prompt: PersonaPrompt): { text: string; used: number } {
  const { profile, question } = prompt;
  const p = profile.personality;
  const q = terms(question);
  const candidates: Candidate[] = [];
  let order = 0;
  for (const s of prompt.sources)
    for (const text of sentences(s.content)) candidates.push({ text, source: s.n, order: order++, stems: terms(text).map((t) => t.stem) });
  for (const text of sentences(`${profile.headline}. ${profile.bio}`))
    candidates.push({ text, source: null, order: order++, stems: terms(text).map((t) => t.stem) });

  const own = bm25(
    q.map((t) => t.stem),
    candidates.map((c) => ({ terms: c.stems })),
  );
  // A chunk is one coherent passage: its best sentence lends a quarter of its score to the
  // others, so "I go bouldering at Fontainebleau" can follow "Climbing taught me patience".
  const best = new Map<number | null, number>();
  candidates.forEach((c, i) => best.set(c.source, Math.max(best.get(c.source) ?? 0, own[i]!)));
  const scores = candidates.map((c, i) => own[i]! + NEIGHBOUR_SHARE * best.get(c.source)!);
  const wanted = 1 + Math.round(p.verbosity / 25);
  const ranked = candidates
    .map((c, i) => ({ c, score: scores[i]! }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.c.order - b.c.order);
  const picked: Candidate[] = [];
  for (const { c } of ranked) {
    if (picked.length >= wanted) break;
    if (picked.some((x) => similar(x.stems, c.stems))) continue;
    picked.push(c);
  }
  const topic = topicOf(
    q.map((t) => t.surface),
    picked,
  );
  const formality = band(p.formality);
  const enthusiasm = band(p.enthusiasm);
  const humor = band(p.humor);

  const parts: string[] = [];
  if (!picked.length) {
    parts.push(nothingRelevant(prompt, q.length > 0, formality));
  } else {
    const opener = { low: "Hey, good one.", mid: "", high: "Thank you for asking." }[formality];
    if (opener) parts.push(opener);
    if (enthusiasm === "high" && topic) parts.push(`Oh, I love talking about ${topic}!`);
    // Read in the order the notes tell it, not in score order.
    picked.sort((a, b) => a.order - b.order);
    for (const c of picked) parts.push(c.source ? `${withoutFinalStop(voice(c.text, profile.name))} [${c.source}].` : ensureStop(voice(c.text, profile.name)));
    const common = mostFrequentTerm(picked);
    if (common && (humor === "high" || (humor === "mid" && picked.length >= 3)))
      parts.push(`(Fair warning: get me started on ${common} and you might be here a while.)`);
  }
  // A returning visitor's first question in a new conversation: say what they asked last time.
  const last = prompt.messages.length === 1 ? prompt.visitorNotes?.find((n) => n.kind === "asked") : undefined;
  if (last) parts.unshift(`Last time you asked "${last.text.replace(/[?.!\s]+$/, "")}?"`);
  let text = parts.join(" ");
  text = formality === "low" ? contract(text) : formality === "high" ? expand(text) : text;
  if (enthusiasm === "low") text = text.replace(/!/g, ".");
  else if (enthusiasm === "high") text = text.replace(/\.(\s*)$/, "!$1");
  return { text: text.trim(), used: picked.length };
}

function nothingRelevant(prompt: PersonaPrompt, hasTopic: boolean, formality: "low" | "mid" | "high"): string {
  const { name, headline } = prompt.profile;
  const about = terms(prompt.question)
    .slice(0, 3)
    .map((t) => t.surface)
    .join(", ");
  if (!hasTopic) {
    const intro = formality === "high" ? `Hello, I am ${name}.` : `Hi, I'm ${name}.`;
    return headline
      ? `${intro} ${ensureStop(headline)} Ask me about my work, my notes or anything I have shared.`
      : `${intro} Ask me about anything I have shared.`;
  }
  return formality === "high"
    ? `I am afraid I have not shared anything about ${about} yet, so I would rather not guess.`
    : `Honestly, I haven't shared anything about ${about} yet, so I won't guess.`;
}

/** Third-person notes about the owner become first person ("Ana is" → "I am"). */
function voice(sentence: string, name: string): string {
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
  return s.charAt(0).toUpperCase() + s.slice(1);
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

function mostFrequentTerm(picked: Candidate[]): string | null {
  const counts = new Map<string, { n: number; surface: string }>();
  for (const c of picked)
    for (const t of terms(c.text)) {
      if (t.surface.length < 4) continue;
      const e = counts.get(t.stem) ?? { n: 0, surface: t.surface };
      e.n++;
      counts.set(t.stem, e);
    }
  let best: { n: number; surface: string } | null = null;
  for (const e of counts.values()) if (!best || e.n > best.n) best = e;
  return best?.surface ?? null;
}
