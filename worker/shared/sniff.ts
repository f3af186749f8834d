// The one content sniffer: what an upload really is, from its bytes (magic numbers, UTF-8
// validity). The declared Content-Type is never trusted alone. Avatars accept images and
// videos (sniffMedia); knowledge accepts PDF, plain text, Markdown and HTML (sniffKnowledgeFile;
// ZIPs — Word documents and notes exports — are told apart by their entries, in the knowledge module).

/** Magic numbers at offset 0. */
const SIGNATURES = {
  jpeg: [0xff, 0xd8, 0xff],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  ebml: [0x1a, 0x45, 0xdf, 0xa3], // Matroska / WebM
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d], // "%PDF-"
  zip: [0x50, 0x4b, 0x03, 0x04], // DOCX, XLSX, EPUB…
  gif: [0x47, 0x49, 0x46, 0x38],
  elf: [0x7f, 0x45, 0x4c, 0x46],
  exe: [0x4d, 0x5a], // PE
  ole: [0xd0, 0xcf, 0x11, 0xe0], // legacy .doc
  gzip: [0x1f, 0x8b],
  postscript: [0x25, 0x21], // "%!"
} as const;

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((v, i) => b[i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

// ── media (avatars) ──

export type SniffedType = "video/mp4" | "video/quicktime" | "video/webm" | "image/jpeg" | "image/png" | "image/webp";

/** Bytes needed to decide (WebM's DocType sits a few dozen bytes into the EBML header). */
export const SNIFF_BYTES = 64;

// ISO-BMFF brands of still images (HEIF/AVIF): an ftyp box, but not a video.
const IMAGE_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "mif1", "msf1", "avif", "avis"]);

export function sniff(b: Uint8Array): SniffedType | null {
  if (startsWith(b, SIGNATURES.jpeg)) return "image/jpeg";
  if (startsWith(b, SIGNATURES.png)) return "image/png";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "image/webp";
  if (startsWith(b, SIGNATURES.ebml)) return ascii(b, 4, Math.min(b.length, SNIFF_BYTES)).includes("webm") ? "video/webm" : null;
  if (b.length >= 12 && ascii(b, 4, 8) === "ftyp") {
    const brand = ascii(b, 8, 12);
    if (IMAGE_BRANDS.has(brand)) return null;
    return brand === "qt  " ? "video/quicktime" : "video/mp4";
  }
  return null;
}

export const kindOf = (t: string): "video" | "photo" => (t.startsWith("image/") ? "photo" : "video");

export const EXTENSIONS: Record<SniffedType, string> = {
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "video/webm": "webm",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};

// ── documents (knowledge) ──

export const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export type KnowledgeMime = "application/pdf" | "text/plain" | "text/markdown" | "text/html" | typeof DOCX_MIME;

// Common binary formats that are never accepted as documents (and must not pass as text). Only
// the first four bytes of PNG are needed here: no text starts with them.
const BINARY = [
  SIGNATURES.zip,
  SIGNATURES.png.slice(0, 4),
  SIGNATURES.jpeg,
  SIGNATURES.gif,
  SIGNATURES.elf,
  SIGNATURES.exe,
  SIGNATURES.ole,
  SIGNATURES.gzip,
  SIGNATURES.postscript,
];

/** Valid UTF-8 (BOM allowed) with no NUL and few control bytes: what a text or Markdown file is. */
export function isText(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return false;
  }
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control <= bytes.length / 100;
}

const MARKDOWN_NAME = /\.(md|markdown|mdown|mkd)$/i;
const HTML_NAME = /\.(html?|xhtml)$/i;
// What an HTML file starts with (after a BOM and blanks): a doctype, <html>, <head> or <body>.
const HTML_START = /^\uFEFF?\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i;

/**
 * The accepted type of a knowledge file, or null when it is none of PDF, plain text or Markdown.
 * The name and declared type only tell Markdown from plain text, which bytes cannot. PDF files
 * start with "%PDF-" at offset 0: readers tolerate leading junk, but accepting the signature
 * anywhere in the first KiB took a text file that merely mentions "%PDF-" for a PDF.
 */
export function sniffKnowledgeFile(bytes: Uint8Array, name: string, declaredType: string): KnowledgeMime | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, SIGNATURES.pdf)) return "application/pdf";
  if (BINARY.some((sig) => startsWith(bytes, sig))) return null;
  if (!isText(bytes)) return null;
  if (MARKDOWN_NAME.test(name) || /markdown/i.test(declaredType)) return "text/markdown";
  // HTML by name or declared type, or by its opening tags (a .txt that is really a saved page).
  const head = new TextDecoder().decode(bytes.subarray(0, 1024));
  if (HTML_NAME.test(name) || /^text\/html|xhtml/i.test(declaredType) || HTML_START.test(head)) return "text/html";
  return "text/plain";
}
