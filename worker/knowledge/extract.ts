import type { KnowledgeMime } from "./sniff";
import { chunkPages, chunkText, type Chunk, type ChunkOptions } from "./chunker";

/** A file that can never be indexed (corrupt, encrypted, image-only): retrying will not help. */
export class UnreadableDocumentError extends Error {}

/** Text of a stored original, chunked by its structure (pages for PDF, headings for Markdown). */
export async function extractChunks(bytes: Uint8Array, mime: string, opts?: ChunkOptions): Promise<Chunk[]> {
  if (mime === ("application/pdf" satisfies KnowledgeMime)) {
    let pages: string[];
    // Loaded on first use: pdf.js is most of the bundle and only the indexing job needs it,
    // so ordinary requests do not pay for evaluating it at isolate start.
    const { extractText } = await import("unpdf");
    try {
      // unpdf takes ownership of the buffer it is given; pass a copy so the caller's stays usable.
      pages = (await extractText(new Uint8Array(bytes), { mergePages: false })).text;
    } catch (err) {
      throw new UnreadableDocumentError(`The PDF could not be read: ${(err as Error).message}`);
    }
    const chunks = chunkPages(pages, opts);
    if (!chunks.length) throw new UnreadableDocumentError("The PDF has no extractable text (scanned images need OCR, which is not supported)");
    return chunks;
  }
  const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  return chunkText(text, mime === "text/markdown", opts);
}
