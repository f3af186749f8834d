/**
 * Guardrails: topics the owner's clone must not discuss. Pure code, shared by the offline
 * responder (which decides with `offLimitsTopic`) and the LLM prompt (which lists the topics and
 * asks the model to signal a refusal with DECLINED_MARKER).
 *
 * Matching is lexical over Porter stems: a topic matches when every content word of it appears in
 * the question ("my children" → "children"), or when the question uses a word listed as RELATED
 * to one of the topic's words ("kids" for "children", "election" for "politics"). The related
 * lists are deliberately small and plain: they widen the common private topics owners name
 * without pretending to understand meaning (the LLM does that part from the prompt). Words with an
 * everyday second meaning ("party", "believe") are left out: a false refusal is worse than a miss
 * the owner can revise.
 */
import { sentences, terms } from "./text";

export interface Guardrails {
  /** Free-text topics, e.g. "politics", "my children". */
  topics: string[];
  /** The owner's own refusal line; empty: a polite default naming the topic. */
  refusal: string;
}

export const NO_GUARDRAILS: Guardrails = { topics: [], refusal: "" };
export const MAX_TOPICS = 30;

const RELATED_WORDS: Record<string, string> = {
  politics:
    "political politician election elections vote voting voted president government senate parliament democrat republican left-wing right-wing campaign",
  religion: "religious god church mosque temple faith pray prayer atheist",
  children: "child kids kid son sons daughter daughters baby babies toddler parenting",
  family: "mother father mom dad parents brother sister siblings",
  health: "sick illness ill disease diagnosis doctor hospital medical medication therapy",
  money: "salary income earn earnings paid pay wealth net worth savings finances",
  salary: "income earn earnings paid pay wage wages compensation money",
  relationship: "relationships dating girlfriend boyfriend wife husband partner married marriage divorce",
  dating: "girlfriend boyfriend partner romance romantic single",
  address: "live lives home house street apartment neighbourhood neighborhood",
};

const stemsOf = (text: string) => terms(text).map((t) => t.stem);
const RELATED = new Map<string, Set<string>>(Object.entries(RELATED_WORDS).map(([head, words]) => [stemsOf(head)[0]!, new Set(stemsOf(words))]));

/** The first of the owner's topics the question touches, or null. */
export function offLimitsTopic(question: string, guardrails: Guardrails): string | null {
  const q = new Set(stemsOf(question));
  if (!q.size) return null;
  for (const topic of guardrails.topics) {
    const words = stemsOf(topic);
    if (!words.length) continue;
    if (words.every((w) => q.has(w))) return topic;
    for (const w of words) for (const r of RELATED.get(w) ?? []) if (q.has(r)) return topic;
  }
  return null;
}

/**
 * `text` without the sentences that touch an off-limits topic (the same matching as a question), the rest in its own
 * words and order; unchanged when none does. Notes mix topics ("I vote Labour. I play the cello."): declining the
 * question alone let the vote through in an answer about the cello, and in the cited source's snippet.
 */
export function withoutOffLimits(text: string, guardrails: Guardrails): string {
  if (!guardrails.topics.length) return text;
  const all = sentences(text, { mode: "exact" });
  const kept = all.filter((s) => !offLimitsTopic(s, guardrails));
  return kept.length === all.length ? text : kept.join(" ");
}

/** What the clone says when it declines: the owner's line, or a polite default. */
export function refusalLine(topic: string, guardrails: Guardrails): string {
  if (guardrails.refusal.trim()) return guardrails.refusal.trim();
  const about = topic.replace(/^\s*my\s+/i, "").trim() || "that";
  return `That's something I keep private, so I'd rather not talk about ${about}. Happy to chat about anything else I've shared!`;
}

/** Cleans what the owner typed: trimmed, de-duplicated (case-insensitive), non-empty, bounded. */
export function normalizeTopics(topics: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of topics.map((x) => x.replace(/\s+/g, " ").trim()).filter(Boolean)) {
    const k = t.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(t);
  }
  return out.slice(0, MAX_TOPICS);
}
