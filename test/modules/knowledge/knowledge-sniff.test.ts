import { describe, it, expect } from "vitest";
import { sniffKnowledgeFile } from "../../../worker/shared/sniff";

const enc = (s: string) => new TextEncoder().encode(s);

describe("knowledge file sniffing", () => {
  it("a .txt that mentions %PDF- in its first KiB is text, not a PDF", () => {
    expect(sniffKnowledgeFile(enc("Notes on file formats: a PDF begins with %PDF-1.7 and ends with %%EOF.\n"), "notes.txt", "text/plain")).toBe("text/plain");
  });

  it("a PDF is recognised by its signature at offset 0", () => {
    expect(sniffKnowledgeFile(enc("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n"), "a.pdf", "application/pdf")).toBe("application/pdf");
  });
});
