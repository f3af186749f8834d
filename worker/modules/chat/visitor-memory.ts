import { extractFirstPersonFacts, isQuestion } from "../../shared/first-person-facts";
import { now } from "../../shared/ids";
import type { VisitorNote } from "../../shared/persona";
import { VISITOR_NOTE_CHARS, VISITOR_NOTES_MAX } from "./context-budget";
import type { VisitorMemoryRepository } from "./visitor-memory.repo";

// Messages read per summary: enough for VISITOR_NOTES_MAX notes when some say nothing ("thanks").
const MESSAGES_READ = 40;
const VISITORS_LISTED = 50;

const cut = (s: string) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length <= VISITOR_NOTE_CHARS ? t : `${t.slice(0, VISITOR_NOTE_CHARS - 1)}…`;
};

/** A visitor's message as notes: the facts they stated about themselves, else the question they asked; small talk gives none. */
export function notesOf(content: string, at: number): VisitorNote[] {
  const facts = extractFirstPersonFacts(content);
  if (facts.length) return facts.map((text) => ({ kind: "said", text: cut(text), at }));
  return isQuestion(content) ? [{ kind: "asked", text: cut(content), at }] : [];
}

/**
 * What the clone remembers about a returning visitor (same link, same visitor token): a short
 * summary of what they asked and what they said about themselves in their earlier conversations.
 * It is read from those conversations every time, so it never outlives them, and a visitor can
 * clear it (what they say afterwards is remembered again). Visitors of other links, and other
 * visitors of the same link, never share notes.
 */
export class VisitorMemory {
  constructor(private readonly repo: VisitorMemoryRepository) {}

  async notes(v: { ownerId: string; shareLinkId: string; visitorId: string }, exceptConversationId: string | null = null): Promise<VisitorNote[]> {
    const rows = await this.repo.saidBefore(v.ownerId, v.shareLinkId, v.visitorId, exceptConversationId, MESSAGES_READ);
    const out: VisitorNote[] = [];
    for (const r of rows) {
      for (const n of notesOf(r.content, r.created_at)) {
        if (out.length < VISITOR_NOTES_MAX && !out.some((o) => o.text === n.text)) out.push(n);
      }
    }
    return out;
  }

  forget(v: { ownerId: string; shareLinkId: string; visitorId: string }): Promise<void> {
    return this.repo.forget(v.ownerId, v.shareLinkId, v.visitorId, now());
  }

  /** For the owner: each visitor of the link and what the clone remembers about them. */
  async visitors(ownerId: string, shareLinkId: string) {
    const rows = await this.repo.visitors(ownerId, shareLinkId, VISITORS_LISTED);
    return Promise.all(
      rows.map(async (r) => ({
        visitorId: r.visitor_id,
        conversations: r.conversations,
        lastSeenAt: r.last_seen_at,
        notes: await this.notes({ ownerId, shareLinkId, visitorId: r.visitor_id }),
      })),
    );
  }
}
