import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../src/lib/markdown";

/** Parses the rendered HTML the way the page would show it. */
const dom = (md: string) => {
  const box = document.createElement("div");
  box.innerHTML = renderMarkdown(md);
  return box;
};

describe("renderMarkdown", () => {
  it("renders an LLM's lists and emphasis instead of raw Markdown", () => {
    const box = dom("I studied:\n\n- **mathematics**\n- *poetry*\n\n1. first\n2. second");
    expect(box.querySelectorAll("ul > li")).toHaveLength(2);
    expect(box.querySelector("strong")?.textContent).toBe("mathematics");
    expect(box.querySelector("em")?.textContent).toBe("poetry");
    expect(box.querySelectorAll("ol > li")).toHaveLength(2);
    expect(box.textContent).not.toContain("**");
  });

  it("renders raw HTML with an event handler inert (no img, no on* attribute)", () => {
    const box = dom('Hello <img src=x onerror="window.__pwned=1"> and <b onclick="alert(1)">bold</b><script>window.__pwned=2</script>');
    expect(box.querySelector("img")).toBeNull();
    expect(box.querySelector("script")).toBeNull();
    const handlers = [...box.querySelectorAll("*")].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => /^on/i.test(n));
    expect(handlers).toEqual([]);
    expect(box.textContent).toContain("Hello");
  });

  it("drops javascript: (and data:) link targets but keeps the text; real links open safely", () => {
    const box = dom(
      '[click me](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) <a href="JaVaScRiPt:alert(2)">raw</a> [docs](https://example.com/x)',
    );
    const hrefs = [...box.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(hrefs.filter((h) => h && /^\s*(javascript|data):/i.test(h))).toEqual([]);
    expect(box.textContent).toContain("click me");
    const safe = box.querySelector('a[href="https://example.com/x"]')!;
    expect(safe.getAttribute("rel")).toBe("noopener noreferrer");
    expect(safe.getAttribute("target")).toBe("_blank");
  });

  it("keeps single newlines as line breaks (chat replies are not essays)", () => {
    expect(dom("line one\nline two").querySelector("br")).not.toBeNull();
  });
});
