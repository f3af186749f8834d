import { SOURCE_CHARS, type RetrievedChunk, type VisitorNote } from "../../shared/persona";

/**
 * The context budget. The persona instructions and exactly the last 10 messages are always sent,
 * as before; what the clone *remembers* on top of them — the retrieved knowledge and memories
 * ([1]…[5]) and the returning visitor's notes — must fit in CONTEXT_BUDGET_TOKENS.
 *
 * Fill order (so what is dropped first is the reverse of it):
 *   1. the best-ranked source [1], always;
 *   2. the visitor's notes, newest first, at most VISITOR_NOTES_MAX_TOKENS of them;
 *   3. the other sources in rank order.
 * Over budget, the lowest-ranked sources go first, then the visitor's oldest notes.
 *
 * Tokens are estimated as characters / 4 (rounded up): no tokenizer ships for every model the
 * LLM port may talk to, and the estimate errs long for English prose.
 */
export const CONTEXT_BUDGET_TOKENS = 1600;
export const VISITOR_NOTES_MAX_TOKENS = 300;
/** How many notes about a visitor are loaded before the budget picks (newest first). */
export const VISITOR_NOTES_MAX = 12;
/** A note is one line: a long message is cut to this. */
export const VISITOR_NOTE_CHARS = 200;

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

const sourceTokens = (c: RetrievedChunk) => estimateTokens(`${c.title} ${c.heading} ${c.content.slice(0, SOURCE_CHARS)}`) + 8;
const noteTokens = (n: VisitorNote) => estimateTokens(n.text) + 8;

export interface BudgetedContext {
  chunks: RetrievedChunk[];
  visitorNotes: VisitorNote[];
  /** What did not fit, for logs and tests. */
  dropped: { chunks: number; visitorNotes: number };
  tokens: number;
}

export function fitContextBudget(chunks: RetrievedChunk[], notes: VisitorNote[], budget = CONTEXT_BUDGET_TOKENS): BudgetedContext {
  let used = 0;
  const keptChunks: RetrievedChunk[] = [];
  const keptNotes: VisitorNote[] = [];
  const [best, ...rest] = chunks;
  if (best) {
    keptChunks.push(best);
    used += sourceTokens(best);
  }
  let noteUsed = 0;
  for (const n of notes) {
    const t = noteTokens(n);
    if (noteUsed + t > VISITOR_NOTES_MAX_TOKENS || used + t > budget) break;
    keptNotes.push(n);
    noteUsed += t;
    used += t;
  }
  for (const c of rest) {
    const t = sourceTokens(c);
    if (used + t > budget) break;
    keptChunks.push(c);
    used += t;
  }
  return {
    chunks: keptChunks,
    visitorNotes: keptNotes,
    dropped: { chunks: chunks.length - keptChunks.length, visitorNotes: notes.length - keptNotes.length },
    tokens: used,
  };
}
