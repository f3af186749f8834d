import { DOCX_MIME, type KnowledgeMime } from "../../shared/sniff";
import { chunkPages, chunkSections, chunkText, type Chunk, type ChunkOptions, type Section } from "./chunker";
import { docxText } from "./docx-extract";
import { htmlText } from "./html-extract";
import { inflatedStreamBytes } from "./pdf-inflate";
import { ZipRefusedError } from "./zip";

/** A file that can never be indexed (corrupt, encrypted, image-only, over a limit): retrying will not help. */
export class UnreadableDocumentError extends Error {}

/** Bounds checked while extracting: the text is counted as pdf.js streams it, and reading stops at the first excess. */
export interface ExtractLimits {
  maxChars: number;
  maxPages: number;
  maxChunks: number;
  /** Cap on what a PDF's compressed (non-image) streams inflate to: stops a bomb before pdf.js parses it. */
  maxInflatedBytes?: number;
  /** Said instead of the per-document wording when maxChars is what the user has left of their total. */
  charsReason?: string;
}

const UNLIMITED: ExtractLimits = { maxChars: Infinity, maxPages: Infinity, maxChunks: Infinity };

const tooManyChars = (l: ExtractLimits) =>
  new UnreadableDocumentError(l.charsReason ?? `The document has more than ${l.maxChars} characters of text (the per-document limit)`);

/** Text of a stored original, chunked by its structure (pages for PDF, headings for Markdown). */
export async function extractChunks(bytes: Uint8Array, mime: string, opts?: ChunkOptions, limits: ExtractLimits = UNLIMITED): Promise<Chunk[]> {
  return (await extractDocument(bytes, mime, opts, limits)).chunks;
}

/**
 * Chunks and the document's own title (an HTML page's <title>, a PDF's document-information Title; "" for other formats).
 * `mainContent` (web pages) keeps only the page's main article; HTML files keep all their text.
 */
export async function extractDocument(
  bytes: Uint8Array,
  mime: string,
  opts?: ChunkOptions,
  limits: ExtractLimits = UNLIMITED,
  { mainContent = false }: { mainContent?: boolean } = {},
): Promise<{ chunks: Chunk[]; title: string }> {
  let chunks: Chunk[];
  let title = "";
  if (mime === ("application/pdf" satisfies KnowledgeMime)) {
    const pdf = await pdfPages(bytes, limits);
    title = pdf.title;
    chunks = chunkPages(pdf.pages, opts);
    if (!chunks.length) throw new UnreadableDocumentError("The PDF has no extractable text (scanned images need OCR, which is not supported)");
  } else if (mime === DOCX_MIME) {
    let sections: Section[];
    try {
      sections = docxText(bytes);
    } catch (err) {
      throw new UnreadableDocumentError(err instanceof ZipRefusedError ? err.message : `The Word document could not be read: ${(err as Error).message}`);
    }
    chunks = chunkSections(withinLimit(sections, limits), opts);
    if (!chunks.length) throw new UnreadableDocumentError("The Word document has no text");
  } else if (mime === ("text/html" satisfies KnowledgeMime)) {
    // Markup is at least as long as its text: a page over the byte bound is over the character bound.
    if (bytes.length > limits.maxChars * 8) throw tooManyChars(limits);
    const page = await htmlText(new TextDecoder("utf-8").decode(bytes), { main: mainContent });
    title = page.title;
    chunks = chunkSections(withinLimit(page.sections, limits), opts);
    if (!chunks.length) throw new UnreadableDocumentError(mainContent ? "No readable text was found on the page" : "The HTML file has no text");
  } else {
    // UTF-8 never has fewer bytes than characters... but may have up to 4 per character: decode only what can fit.
    if (bytes.length > limits.maxChars * 4) throw tooManyChars(limits);
    const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
    if (text.length > limits.maxChars) throw tooManyChars(limits);
    chunks = chunkText(text, mime === "text/markdown", opts);
  }
  if (chunks.length > limits.maxChunks) throw new UnreadableDocumentError(`The document makes more than ${limits.maxChunks} chunks (the per-document limit)`);
  return { chunks, title };
}

function withinLimit(sections: Section[], limits: ExtractLimits): Section[] {
  if (sections.reduce((n, s) => n + s.text.length, 0) > limits.maxChars) throw tooManyChars(limits);
  return sections;
}

/** Page texts via pdf.js's streamed text content, cancelled as soon as a limit is passed, and the document's Title. */
async function pdfPages(bytes: Uint8Array, limits: ExtractLimits): Promise<{ pages: string[]; title: string }> {
  if (limits.maxInflatedBytes !== undefined && (await inflatedStreamBytes(bytes, limits.maxInflatedBytes)) === Infinity) {
    throw new UnreadableDocumentError(
      `The PDF's compressed content inflates to more than ${Math.round(limits.maxInflatedBytes / 1048576)} MB (the per-document limit)`,
    );
  }
  // Loaded on first use: pdf.js is most of the bundle and only the indexing job needs it,
  // so ordinary requests do not pay for evaluating it at isolate start.
  const { getDocumentProxy } = await import("unpdf");
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the buffer it is given; pass a copy so the caller's stays usable.
    pdf = await getDocumentProxy(new Uint8Array(bytes));
  } catch (err) {
    throw new UnreadableDocumentError(`The PDF could not be read: ${(err as Error).message}`);
  }
  try {
    if (pdf.numPages > limits.maxPages)
      throw new UnreadableDocumentError(`The PDF has ${pdf.numPages} pages, more than ${limits.maxPages} (the per-document limit)`);
    const pages: string[] = [];
    let total = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const reader = page.streamTextContent().getReader() as ReadableStreamDefaultReader<{ items: { str?: string; hasEOL?: boolean }[] }>;
      let text = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const item of value.items) {
          if (item.str == null) continue;
          text += item.str + (item.hasEOL ? "\n" : "");
        }
        if (total + text.length > limits.maxChars) {
          // Stop reading; destroying the document (finally) stops pdf.js parsing the rest. (Cancelling the
          // reader as well makes pdf.js's message handler reject an unhandled "stream is closed".)
          throw tooManyChars(limits);
        }
      }
      total += text.length;
      pages.push(text);
      page.cleanup();
    }
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
    return { pages, title: typeof info?.Title === "string" ? info.Title.trim() : "" };
  } catch (err) {
    if (err instanceof UnreadableDocumentError) throw err;
    throw new UnreadableDocumentError(`The PDF could not be read: ${(err as Error).message}`);
  } finally {
    await pdf.loadingTask.destroy().catch(() => {});
  }
}
