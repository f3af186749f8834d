/**
 * DOCX → sections. A .docx is a ZIP whose word/document.xml holds paragraphs (<w:p>) of runs
 * (<w:t>), tables (<w:tbl>/<w:tr>/<w:tc>) and, per paragraph, a style id; word/styles.xml says
 * which style ids are headings ("heading N", or an outline level). Read here with fflate and
 * htmlparser2's streaming XML parser (both run in workerd, ~40 KB together) instead of mammoth,
 * which converts to HTML through a Node-oriented stack (jszip, Buffer, a promise library).
 */
import { Parser } from "htmlparser2";
import type { Section } from "./chunker";
import { readZip, type ZipLimits } from "./zip";

const DOCUMENT = "word/document.xml";
const STYLES = "word/styles.xml";

/** True when a ZIP's entry names are a Word document's. */
export const isDocx = (names: string[]) => names.includes(DOCUMENT) && names.includes("[Content_Types].xml");

/** Style id → heading level (1–9), from the names Word gives them ("heading 1", "Title") or their outline level. */
export function headingStyles(stylesXml: string): Map<string, number> {
  const levels = new Map<string, number>();
  let id: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "w:style") id = attrs["w:styleId"] ?? null;
        else if (id && name === "w:name") {
          const m = /^heading\s*(\d)$/i.exec(attrs["w:val"] ?? "");
          if (m) levels.set(id, Number(m[1]));
          else if (/^title$/i.test(attrs["w:val"] ?? "")) levels.set(id, 1);
        } else if (id && name === "w:outlinelvl" && !levels.has(id)) {
          const n = Number(attrs["w:val"]);
          if (n >= 0 && n < 9) levels.set(id, n + 1);
        }
      },
      onclosetag(name) {
        if (name === "w:style") id = null;
      },
    },
    { xmlMode: true, lowerCaseTags: true },
  );
  parser.end(stylesXml);
  return levels;
}

/** Paragraphs under their heading path; a table row becomes one line, cells separated by " | ". */
export function docxSections(documentXml: string, headings: Map<string, number>): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let paras: string[] = [];
  let text = ""; // the current paragraph's text
  let level = 0; // heading level of the current paragraph (0: body text)
  let list = false;
  let inText = false;
  let tableDepth = 0;
  let cell: string[] = [];
  let row: string[] = [];
  let rows: string[] = [];

  const endSection = () => {
    const body = paras.join("\n\n").trim();
    if (body) sections.push({ heading: path.filter(Boolean).join(" › "), text: body });
    paras = [];
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        switch (name) {
          case "w:p":
            text = "";
            level = 0;
            list = false;
            break;
          case "w:pstyle":
            level = headings.get(attrs["w:val"] ?? "") ?? 0;
            break;
          case "w:outlinelvl": {
            const n = Number(attrs["w:val"]);
            if (n >= 0 && n < 9) level = n + 1;
            break;
          }
          case "w:numpr":
            list = true;
            break;
          case "w:t":
            inText = true;
            break;
          case "w:tab":
            text += "\t";
            break;
          case "w:br":
          case "w:cr":
            text += "\n";
            break;
          case "w:tbl":
            if (tableDepth++ === 0) rows = [];
            break;
          case "w:tr":
            if (tableDepth === 1) row = [];
            break;
          case "w:tc":
            if (tableDepth === 1) cell = [];
            break;
        }
      },
      ontext(t) {
        if (inText) text += t;
      },
      onclosetag(name) {
        switch (name) {
          case "w:t":
            inText = false;
            break;
          case "w:p": {
            const t = text.replace(/[ \t]+/g, " ").trim();
            if (tableDepth > 0) {
              if (t) cell.push(t.replace(/\s+/g, " "));
            } else if (level > 0 && t) {
              endSection();
              path.length = level - 1;
              path[level - 1] = t.replace(/\s+/g, " ");
            } else if (t) paras.push(list ? `- ${t}` : t);
            break;
          }
          case "w:tc":
            if (tableDepth === 1) row.push(cell.join(" "));
            break;
          case "w:tr":
            if (tableDepth === 1 && row.some(Boolean)) rows.push(row.join(" | "));
            break;
          case "w:tbl":
            if (--tableDepth === 0 && rows.length) paras.push(rows.join("\n"));
            break;
        }
      },
    },
    { xmlMode: true, lowerCaseTags: true, decodeEntities: true },
  );
  parser.end(documentXml);
  endSection();
  return sections;
}

/** Sections of a .docx file; throws ZipRefusedError for an unsafe archive, Error when it is not a Word document. */
export function docxText(bytes: Uint8Array, limits?: ZipLimits): Section[] {
  const files = readZip(bytes, (n) => n === DOCUMENT || n === STYLES, limits);
  const doc = files.get(DOCUMENT);
  if (!doc) throw new Error("The file is not a Word document (no word/document.xml)");
  const decode = (b: Uint8Array) => new TextDecoder("utf-8").decode(b);
  const styles = files.get(STYLES);
  return docxSections(decode(doc), styles ? headingStyles(decode(styles)) : new Map());
}
