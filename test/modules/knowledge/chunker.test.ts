import { describe, it, expect } from "vitest";
import { chunkText, chunkPages, markdownSections, sentences } from "../../../worker/modules/knowledge/chunker";

describe("chunker: structure", () => {
  it("splits Markdown by headings and keeps the heading path", () => {
    const md = "Intro line.\n\n# Work\nI build bridges.\n\n## 2019\nMoved to Lyon.\n\n# Hobbies\nClimbing.\n```\n# not a heading\n```";
    const s = markdownSections(md);
    expect(s.map((x) => x.heading)).toEqual(["", "Work", "Work › 2019", "Hobbies"]);
    expect(s[3]!.text).toContain("# not a heading");
    const chunks = chunkText(md, true);
    expect(chunks.map((c) => c.position)).toEqual([0, 1, 2, 3]);
    expect(chunks[2]).toMatchObject({ heading: "Work › 2019", content: "Moved to Lyon." });
  });

  it("treats plain text as one section and PDF pages as 'Page N'", () => {
    expect(chunkText("# not markdown here\n\nbody", false)[0]!.heading).toBe("");
    const pages = chunkPages(["first page", "", "third page"]);
    expect(pages.map((c) => [c.heading, c.content])).toEqual([
      ["Page 1", "first page"],
      ["Page 3", "third page"],
    ]);
  });

  it("splits sentences keeping punctuation", () => {
    expect(sentences("One. Two?  Three! four")).toEqual(["One.", "Two?", "Three!", "four"]);
  });
});

describe("chunker: size and overlap", () => {
  const para = (n: number) => Array.from({ length: 12 }, (_, i) => `Sentence ${n}.${i} talks about topic ${n} in some detail.`).join(" ");
  const text = Array.from({ length: 6 }, (_, n) => para(n)).join("\n\n");

  it("never exceeds maxChars and covers every sentence", () => {
    const chunks = chunkText(text, false, { maxChars: 400, overlapChars: 100 });
    expect(chunks.length).toBeGreaterThan(6);
    for (const c of chunks) expect(c.content.length).toBeLessThanOrEqual(400);
    const all = chunks.map((c) => c.content).join(" ");
    for (let n = 0; n < 6; n++) for (let i = 0; i < 12; i++) expect(all).toContain(`Sentence ${n}.${i} `);
  });

  it("repeats the tail of a chunk at the start of the next", () => {
    const chunks = chunkText(text, false, { maxChars: 400, overlapChars: 120 });
    let overlaps = 0;
    for (let i = 1; i < chunks.length; i++) {
      const firstSentence = sentences(chunks[i]!.content.replace(/\n/g, " "))[0]!;
      if (chunks[i - 1]!.content.includes(firstSentence)) overlaps++;
    }
    expect(overlaps).toBeGreaterThan(chunks.length / 2);
  });

  it("no overlap when disabled, and hard-splits a run without sentence breaks", () => {
    const chunks = chunkText("x".repeat(2500), false, { maxChars: 1000, overlapChars: 0 });
    expect(chunks.map((c) => c.content.length)).toEqual([1000, 1000, 500]);
  });

  it("empty input gives no chunks", () => {
    expect(chunkText("  \n\n ", true)).toEqual([]);
  });
});
