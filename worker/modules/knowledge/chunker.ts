/**
 * Splits a document into retrieval chunks: first by structure (Markdown headings, PDF pages,
 * blank-line paragraphs), then by size, carrying a short overlap of whole sentences between
 * neighbouring chunks of the same section so a fact cut at a boundary is still found whole.
 */
import { sentences as splitSentences } from "../../shared/text";

export interface Chunk {
  position: number;
  /** The heading path of the section ("Career › 2019"), or "Page 3" for PDFs; "" when none. */
  heading: string;
  content: string;
}

export interface ChunkOptions {
  /** Upper bound of a chunk's length in characters (a sentence longer than this is cut at words). */
  maxChars?: number;
  /** Target length of the overlap carried into the next chunk of the same section. */
  overlapChars?: number;
}

export interface Section {
  heading: string;
  text: string;
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Markdown → sections, each under its heading path; text before the first heading has heading "". */
export function markdownSections(markdown: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let lines: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) sections.push({ heading: path.filter(Boolean).join(" › "), text });
    lines = [];
  };
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = !inFence && HEADING.exec(line);
    if (m) {
      flush();
      const level = m[1]!.length;
      path.length = level - 1;
      path[level - 1] = m[2]!;
      continue;
    }
    lines.push(line);
  }
  flush();
  return sections;
}

/** Sentences of a paragraph, keeping their punctuation; a break needs whitespace after it (so "3.5" stays whole). */
export const sentences = (paragraph: string): string[] => splitSentences(paragraph, { mode: "exact" });

/** Cuts an over-long piece at word boundaries (or hard, for a run without spaces). */
function hardSplit(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

interface Unit {
  text: string;
  /** Starts a paragraph (joined with a blank line) rather than continuing one (joined with a space). */
  para: boolean;
}

/** Splits one section's text into pieces no longer than max, paragraph then sentence then word. */
function units(text: string, max: number): Unit[] {
  const out: Unit[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const p = para
      .replace(/[ \t]+/g, " ")
      .replace(/\s*\n\s*/g, "\n")
      .trim();
    if (!p) continue;
    if (p.length <= max) {
      out.push({ text: p, para: true });
      continue;
    }
    const pieces = sentences(p.replace(/\n/g, " ")).flatMap((s) => (s.length <= max ? [s] : hardSplit(s, max)));
    pieces.forEach((t, i) => out.push({ text: t, para: i === 0 }));
  }
  return out;
}

/** The tail of a chunk to repeat at the start of the next: whole sentences up to `target` chars. */
function overlapOf(chunk: string, target: number): string {
  if (target <= 0) return "";
  const ss = sentences(chunk.replace(/\n/g, " "));
  let tail = "";
  for (let i = ss.length - 1; i > 0; i--) {
    const next = tail ? `${ss[i]} ${tail}` : ss[i]!;
    if (next.length > target) break;
    tail = next;
  }
  return tail;
}

export function chunkSections(sections: Section[], opts: ChunkOptions = {}): Chunk[] {
  const max = opts.maxChars ?? 1000;
  const overlap = Math.min(opts.overlapChars ?? 150, Math.floor(max / 3));
  const chunks: Chunk[] = [];
  for (const section of sections) {
    let current = "";
    let fresh = false; // true once `current` holds text beyond the carried overlap
    const emit = () => {
      if (fresh) chunks.push({ position: chunks.length, heading: section.heading, content: current });
      const carry = overlapOf(current, overlap);
      current = carry;
      fresh = false;
    };
    for (const unit of units(section.text, max)) {
      const sep = unit.para ? "\n\n" : " ";
      if (current && current.length + sep.length + unit.text.length > max && fresh) emit();
      // After emit `current` is the overlap; drop it if even that does not leave room for the unit.
      if (current && current.length + sep.length + unit.text.length > max) current = "";
      current = current ? `${current}${sep}${unit.text}` : unit.text;
      fresh = true;
    }
    if (fresh) chunks.push({ position: chunks.length, heading: section.heading, content: current });
  }
  return chunks;
}

/** Chunks a Markdown or plain-text document (plain text has no headings, so it is one section). */
export function chunkText(text: string, markdown: boolean, opts?: ChunkOptions): Chunk[] {
  const sections = markdown ? markdownSections(text) : [{ heading: "", text: text.replace(/\r\n?/g, "\n") }];
  return chunkSections(sections, opts);
}

/** Chunks a PDF's pages: each page is a section headed "Page N" so citations can point at it. */
export function chunkPages(pages: string[], opts?: ChunkOptions): Chunk[] {
  return chunkSections(
    pages.map((text, i) => ({ heading: `Page ${i + 1}`, text })),
    opts,
  );
}
