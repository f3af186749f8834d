import { Marked } from "marked";
import DOMPurify from "dompurify";

// Replies come from an LLM (and, on a share page, are steered by strangers): Markdown is rendered
// for lists and emphasis, then everything passes DOMPurify, so raw HTML, event handlers and
// javascript:/data: links end up inert. Images are dropped too: a reply must not load remote
// pixels (a tracking beacon) into the owner's or a visitor's browser.
// Two layers, each enough on its own: marked emits no raw HTML (it is shown as text) and only
// http(s)/mailto/relative links; DOMPurify then cleans the result. (The first layer also keeps the
// unit tests meaningful: happy-dom's DOM lets DOMPurify miss nested nodes.)
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const SAFE_URL = /^(?:https?:|mailto:|\/(?!\/)|#)/i;
const md = new Marked({ gfm: true, breaks: true, async: false });
md.use({
  renderer: {
    html: ({ text }) => esc(text),
    image: ({ text }) => esc(text),
    link({ href, title, tokens }) {
      const inner = this.parser.parseInline(tokens);
      if (!SAFE_URL.test(href.trim())) return inner;
      return `<a href="${esc(href)}"${title ? ` title="${esc(title)}"` : ""} target="_blank" rel="noopener noreferrer">${inner}</a>`;
    },
  },
});

const purify = DOMPurify();
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

const CONFIG = {
  FORBID_TAGS: ["img", "picture", "video", "audio", "source", "iframe", "form", "input", "button", "style", "svg", "math"],
  FORBID_ATTR: ["style", "class", "id"],
  // http(s) and mailto only (DOMPurify's default also lets data: through on some tags).
  ALLOWED_URI_REGEXP: SAFE_URL,
};

/** Markdown → sanitised HTML, safe for innerHTML. */
export function renderMarkdown(text: string): string {
  const html = md.parse(text) as string;
  return purify.sanitize(html, CONFIG) as unknown as string;
}
