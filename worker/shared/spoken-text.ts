/**
 * What a talking avatar says for a reply: its words, without what only makes sense on screen.
 * A reply carries citation markers ("[1]", "[1, 2]") and may carry Markdown (the chat renders it);
 * a speech engine reads "[1]" as "one" and "**" as nothing useful. Hand-written, not a Markdown
 * parser: the few inline marks a reply uses are enough, and a parser would pull its HTML
 * renderer into the Worker for this one use.
 */
export const CITATION_MARKERS = /\s*\[\d+(?:,\s*\d+)*\]/g;

export function spokenText(reply: string): string {
  return reply
    .replace(CITATION_MARKERS, "")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // [label](url) and images → label
    .replace(/```[\s\S]*?```/g, " ") // code blocks are not read out
    .replace(/`([^`]*)`/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s.,;:!?)]|$)/g, "$1$2")
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, "") // headings, quotes, list bullets
    .replace(/\s+/g, " ")
    .replace(/\s+([.,;:!?])/g, "$1")
    .trim();
}
