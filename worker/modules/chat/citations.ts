import type { Citation } from "./chat.schemas";
import type { NumberedSource } from "../../shared/persona";
import { CITATION_MARKERS } from "../../shared/spoken-text";

const SNIPPET_CHARS = 240;

/** The sources a reply actually cites with [n] markers, in first-cited order, each once. */
export function citationsFrom(reply: string, sources: NumberedSource[]): Citation[] {
  const byN = new Map(sources.map((s) => [s.n, s]));
  const seen = new Set<number>();
  const out: Citation[] = [];
  for (const m of reply.matchAll(/\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]/g)) {
    for (const n of m[1]!.split(",").map((x) => Number(x.trim()))) {
      const s = byN.get(n);
      if (!s || seen.has(n)) continue;
      seen.add(n);
      const citation: Citation = {
        n,
        documentId: s.documentId,
        chunkId: s.chunkId,
        title: s.title,
        position: s.position,
        snippet: snippet(s.content),
        kind: s.kind ?? "document",
        ...(s.url ? { url: s.url } : {}),
        ...(s.heading && s.kind !== "revision" ? { heading: s.heading } : {}),
      };
      // The owner's own answer (a revision) is cited as such, with the answer as its snippet.
      if (s.kind === "revision") Object.assign(citation, { ownerAnswer: true, snippet: snippet(s.content.replace(/^[\s\S]*?\n\s*Answer:\s*/, "")) });
      out.push(citation);
    }
  }
  return out;
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= SNIPPET_CHARS) return t;
  const cut = t.slice(0, SNIPPET_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), SNIPPET_CHARS - 40))}…`;
}

/**
 * A conversation title from its first real question; null when the question says little ("hi"): the next one titles it.
 * (Titling a greeting by the clone's reply listed every visitor who said "Hi!" as "Hi, I'm Aoife Brennan".)
 */
export function titleFrom(question: string): string | null {
  const q = question.replace(CITATION_MARKERS, "").replace(/\s+/g, " ").trim();
  if (q.split(/\s+/).filter((w) => /[\p{L}\p{N}]{3,}/u.test(w)).length < 2) return null;
  const oneLine = q.replace(/[.!?…]+$/, "");
  if (oneLine.length <= 60) return oneLine.charAt(0).toUpperCase() + oneLine.slice(1);
  const cut = oneLine.slice(0, 60);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 30 ? cut.lastIndexOf(" ") : 60).replace(/[,;:]$/, "")}…`;
}
