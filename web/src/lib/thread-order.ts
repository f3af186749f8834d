/**
 * Display order for a conversation: messages as stored (oldest first), except that a reply is
 * shown right under the question it answers. Several sends in flight at once (two tabs, a socket
 * and an HTTP send) finish in any order, so stored time order can interleave them. A reply whose
 * question is not loaded (an older page) stays where it is.
 */
export function threadOrder<M extends { id: string; replyTo?: string | null }>(messages: readonly M[]): M[] {
  const present = new Set(messages.map((m) => m.id));
  const under = new Map<string, M[]>();
  for (const m of messages) if (m.replyTo && present.has(m.replyTo)) under.set(m.replyTo, [...(under.get(m.replyTo) ?? []), m]);
  if (under.size === 0) return [...messages];
  const out: M[] = [];
  for (const m of messages) {
    if (m.replyTo && present.has(m.replyTo)) continue; // placed under its question
    out.push(m, ...(under.get(m.id) ?? []));
  }
  return out;
}
