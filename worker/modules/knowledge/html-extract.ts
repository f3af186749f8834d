/**
 * HTML → sections (heading path + text), the same shape Markdown gives the chunker, so an HTML
 * file's or web page's headings become chunk headings. A web page first goes through Mozilla's
 * Readability (the Firefox Reader View extractor) so navigation, ads, footers and sidebars are
 * left out; an uploaded HTML file (a notes export) is the user's own text, so only page furniture
 * (nav, header, footer, aside, scripts) is dropped. The DOM is linkedom's, which runs in workerd.
 */
import type { Section } from "./chunker";

export interface HtmlText {
  /** The page's title (Readability's, else <title>, else the first h1); "" when none. */
  title: string;
  sections: Section[];
}

// Elements whose text is never content.
const SKIP = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "embed",
  "head",
  "button",
  "select",
  "input",
  "textarea",
]);
// Page furniture, dropped from uploaded HTML (Readability does better for web pages).
const FURNITURE = "nav, header, footer, aside, form, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [aria-hidden=true]";
const BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "blockquote",
  "pre",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "figure",
  "figcaption",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "caption",
  "address",
  "details",
  "summary",
  "hr",
]);
const HEADING = /^h([1-6])$/;

// Minimal DOM shapes used below (linkedom's types are its own; these keep the walk typed).
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  localName?: string;
}

/** Text and headings of an HTML document; `main` runs Readability first (web pages). */
export async function htmlText(html: string, opts: { main: boolean; url?: string }): Promise<HtmlText> {
  // Loaded on first use: only the indexing job needs a DOM, ordinary requests do not pay for it.
  const { parseHTML } = await import("linkedom/worker");
  const { document } = parseHTML(html);
  const pageTitle = (document.title || document.querySelector("h1")?.textContent || "").replace(/\s+/g, " ").trim();
  if (opts.main) {
    const { Readability } = await import("@mozilla/readability");
    // Readability changes the document it reads; the original is parsed again if it finds nothing.
    const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
    if (article?.content && (article.textContent ?? "").trim().length >= 50) {
      const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`);
      return {
        title: bestTitle(article.title || pageTitle, content.querySelector("h1, h2")?.textContent),
        sections: sectionsOf(content.body as unknown as DomNode),
      };
    }
    const again = parseHTML(html).document;
    for (const el of again.querySelectorAll(FURNITURE)) el.remove();
    return { title: pageTitle, sections: sectionsOf(again.body as unknown as DomNode) };
  }
  for (const el of document.querySelectorAll(FURNITURE)) el.remove();
  return { title: pageTitle, sections: sectionsOf(document.body as unknown as DomNode) };
}

/** The article's own heading when the <title> is it plus the site's name ("Post | Blog"). */
function bestTitle(title: string, heading: string | null | undefined): string {
  const t = title.replace(/\s+/g, " ").trim();
  const h = (heading ?? "").replace(/\s+/g, " ").trim();
  return h && h.length < t.length && t.startsWith(h) ? h : t;
}

/** Walks the body: headings start sections (with a path as for Markdown), blocks make paragraphs, list items and table rows lines. */
export function sectionsOf(body: DomNode | null): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let paras: string[] = [];
  let lines: string[] = []; // lines of the current paragraph (list items, table rows, <br>)
  let line = "";

  const endLine = () => {
    const t = line.replace(/\s+/g, " ").trim();
    if (t && t !== "-") lines.push(t);
    line = "";
  };
  const endPara = () => {
    endLine();
    if (lines.length) paras.push(lines.join("\n"));
    lines = [];
  };
  const endSection = () => {
    endPara();
    const text = paras.join("\n\n").trim();
    if (text) sections.push({ heading: path.filter(Boolean).join(" › "), text });
    paras = [];
  };
  const cellText = (node: DomNode) => (node.textContent ?? "").replace(/\s+/g, " ").trim();

  const walk = (node: DomNode) => {
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const child = kids[i]!;
      if (child.nodeType === 3) {
        line += child.textContent ?? "";
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = child.localName ?? "";
      if (SKIP.has(tag)) continue;
      const h = HEADING.exec(tag);
      if (h) {
        endSection();
        const level = Number(h[1]);
        path.length = level - 1;
        path[level - 1] = cellText(child);
        continue;
      }
      if (tag === "br") {
        endLine();
        continue;
      }
      if (tag === "tr") {
        // A row is one line, its cells separated as in a Markdown table, so a row's facts stay together.
        endLine();
        const cells: string[] = [];
        for (let j = 0; j < child.childNodes.length; j++) {
          const cell = child.childNodes[j]!;
          if (cell.nodeType === 1 && (cell.localName === "td" || cell.localName === "th")) cells.push(cellText(cell));
        }
        if (cells.some(Boolean)) lines.push(cells.join(" | "));
        continue;
      }
      if (tag === "li") {
        endLine();
        line = "- ";
        walk(child);
        endLine();
        continue;
      }
      if (BLOCK.has(tag)) {
        endPara();
        walk(child);
        endPara();
        continue;
      }
      walk(child); // inline: a, span, em, strong, code…
    }
  };
  if (body) walk(body);
  endSection();
  return sections;
}
