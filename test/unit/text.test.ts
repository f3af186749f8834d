// worker/shared/text.ts is the one tokenizer, stopword vocabulary and sentence splitter. Its
// callers keep different settings on purpose; these tests pin each setting's behaviour, and pin
// the lexical embedder's vectors, which are stored and must not drift with a refactor.
import { describe, it, expect } from "vitest";
import { EMBEDDER_STOPWORDS, STOPWORDS, ftsTerms, lexicalTerms, sentences, terms, tokens } from "../../worker/shared/text";
import { LexicalHashEmbedder } from "../../worker/platform/embedder/lexical-hash";
import { fnv1a } from "../../worker/shared/hash";

describe("one tokenizer, the settings of each caller", () => {
  const text = "I'm climbing in the Azores, don't tell my 2 climbers!";

  it("apostrophes: one word cut at the apostrophe, or a separator", () => {
    expect(tokens("don't stop", { apostrophes: "word" }).map((t) => t.surface)).toEqual(["don", "stop"]);
    expect(tokens("don't stop").map((t) => t.surface)).toEqual(["don", "t", "stop"]);
  });

  it("the responder's terms drop the full stopword list and stem every word", () => {
    expect(terms(text).map((t) => t.stem)).toEqual(["climb", "azor", "climber"]);
  });

  it("the embedder's terms keep its v1 settings: its own stopwords, stems of plain a–z words only", () => {
    expect(lexicalTerms(text)).toEqual(["m", "climb", "azor", "don", "t", "tell", "2", "climber"]);
  });

  it("FTS terms keep every word of two or more characters as written, deduplicated", () => {
    expect(ftsTerms("The the cat's 2 cats")).toEqual(["the", "cat", "cats"]);
  });

  it("the embedder's stopwords are part of the one vocabulary", () => {
    expect([...EMBEDDER_STOPWORDS].filter((w) => !STOPWORDS.has(w))).toEqual([]);
  });
});

describe("one sentence splitter, two modes", () => {
  it("prose drops list markers and fragments; exact keeps every character and decimals whole", () => {
    const text = "- Short one.\nIt costs 3.5 euros. “Quoted.” (Paren.) 東京。次の文！";
    expect(sentences(text)).toEqual(["It costs 3.5 euros.", "“Quoted.” (Paren.) 東京。次の文！"]);
    // (a curly closing quote is not among the closers the chunker looks past: the chunks of stored documents depend on it)
    expect(sentences(text, { mode: "exact" })).toEqual(["- Short one.", "It costs 3.5 euros.", "“Quoted.” (Paren.)", "東京。次の文！"]);
  });
});

describe("lexical-hash-v1 vectors are stable", () => {
  it("FNV-1a is the standard 32-bit hash", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
  });

  it("a sentence's vector is exactly what v1 stored before (dimension, value)", () => {
    const v = new LexicalHashEmbedder().vector("I'm climbing in the Azores, don't tell my 2 climbers!");
    const nonZero = [...v].map((x, i) => [i, Number(x.toFixed(4))] as const).filter(([, x]) => x !== 0);
    expect(nonZero).toEqual([
      [27, -0.2432],
      [50, -0.0832],
      [54, 0.2432],
      [88, 0.0553],
      [134, 0.0553],
      [142, -0.0832],
      [154, 0.0553],
      [169, 0.271],
      [171, 0.271],
      [206, -0.0832],
      [212, 0.2432],
      [215, 0.0832],
      [268, -0.0832],
      [301, -0.2432],
      [303, 0.271],
      [324, -0.0832],
      [391, -0.2432],
      [418, -0.271],
      [422, -0.271],
      [432, -0.271],
      [473, -0.2432],
      [482, -0.271],
      [489, 0.271],
      [509, 0.0832],
    ]);
  });
});
