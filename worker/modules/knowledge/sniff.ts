/**
 * Decides what an uploaded file really is from its bytes (magic numbers and UTF-8 validity),
 * using the name and declared type only to tell Markdown from plain text, which bytes cannot.
 */
export type KnowledgeMime = "application/pdf" | "text/plain" | "text/markdown";

// Signatures of common binary formats that are never accepted (and must not pass as text).
const BINARY_SIGNATURES: number[][] = [
  [0x50, 0x4b, 0x03, 0x04], // ZIP (DOCX, XLSX, EPUB…)
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // PE/EXE
  [0xd0, 0xcf, 0x11, 0xe0], // OLE (legacy .doc)
  [0x1f, 0x8b], // gzip
  [0x25, 0x21], // PostScript "%!"
];

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);

/**
 * PDF files start with "%PDF-" at offset 0. Readers tolerate leading junk, but accepting the
 * signature anywhere in the first KiB took a text file that merely mentions "%PDF-" for a PDF.
 */
const isPdf = (head: Uint8Array) => startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d]);

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

/** The accepted type of the file, or null when it is none of PDF, plain text or Markdown. */
export function sniffKnowledgeFile(bytes: Uint8Array, name: string, declaredType: string): KnowledgeMime | null {
  if (bytes.length === 0) return null;
  if (isPdf(bytes)) return "application/pdf";
  if (BINARY_SIGNATURES.some((sig) => startsWith(bytes, sig))) return null;
  if (!isText(bytes)) return null;
  return MARKDOWN_NAME.test(name) || /markdown/i.test(declaredType) ? "text/markdown" : "text/plain";
}
