import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { makePdf } from "../../support/fixtures/pdf";
import { chunkRows, upload, waitForStatus } from "../../support/knowledge";
import { extractChunks, UnreadableDocumentError } from "../../../worker/modules/knowledge/extract";

const enc = new TextEncoder();
const BOMB_INFLATED = 256 * 1024 * 1024;

/**
 * A small PDF whose one FlateDecode content stream inflates to 256 MB of text-showing operators
 * ("(AAAA…) Tj" over and over): compressed in the test, streamed, so neither side holds 256 MB.
 */
async function makeBombPdf(): Promise<Uint8Array> {
  const line = enc.encode(`(${"A".repeat(1000)}) Tj\n`);
  const block = new Uint8Array(line.length * 1024);
  for (let i = 0; i < 1024; i++) block.set(line, i * line.length);
  const cs = new CompressionStream("deflate");
  const writer = cs.writable.getWriter();
  const out: Uint8Array[] = [];
  const reading = (async () => {
    const r = cs.readable.getReader();
    for (;;) {
      const { done, value } = await r.read();
      if (done) return;
      out.push(value);
    }
  })();
  await writer.write(enc.encode("BT /F1 1 Tf 0 0 Td\n"));
  for (let written = 0; written < BOMB_INFLATED; written += block.length) await writer.write(block);
  await writer.write(enc.encode("ET\n"));
  await writer.close();
  await reading;
  const stream = new Uint8Array(out.reduce((n, c) => n + c.length, 0));
  out.reduce((o, c) => (stream.set(c, o), o + c.length), 0);

  const parts: (string | Uint8Array)[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (p: string | Uint8Array) => {
    const b = typeof p === "string" ? enc.encode(p) : p;
    parts.push(b);
    size += b.length;
  };
  push("%PDF-1.4\n");
  const obj = (id: number, body: string | Uint8Array[]) => {
    offsets[id] = size;
    if (typeof body === "string") push(`${id} 0 obj\n${body}\nendobj\n`);
    else {
      push(`${id} 0 obj\n`);
      body.forEach(push);
      push("\nendobj\n");
    }
  };
  obj(1, "<< /Type /Catalog /Pages 2 0 R >>");
  obj(2, "<< /Type /Pages /Kids [4 0 R] /Count 1 >>");
  obj(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  obj(4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>");
  obj(5, [enc.encode(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, enc.encode("\nendstream")]);
  const xref = size;
  push(`xref\n0 6\n0000000000 65535 f \n${[1, 2, 3, 4, 5].map((id) => `${String(offsets[id]).padStart(10, "0")} 00000 n \n`).join("")}`);
  push(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const pdf = new Uint8Array(size);
  parts.reduce((o, p) => (pdf.set(p as Uint8Array, o), o + (p as Uint8Array).length), 0);
  return pdf;
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)]!;

describe("knowledge limits: a decompression bomb", () => {
  it("a PDF inflating to 256 MB ends failed with a clear reason within 30 s while another user's requests keep answering", async () => {
    const bomb = await makeBombPdf();
    console.log(`bomb PDF: ${bomb.length} bytes, content stream inflates to ${BOMB_INFLATED} bytes`);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const attacker = await registerUser();
    const other = await registerUser();
    await api("POST", "/api/knowledge/notes", { token: other.token, body: { title: "Mine", content: "I sail in the Azores." } });

    const started = Date.now();
    const up = await upload(attacker.token, new Blob([bomb], { type: "application/pdf" }), "bomb.pdf");
    expect(up.status).toBe(202);
    const id = up.body.id ?? up.body.document?.id;
    // The other user keeps using the app while the bomb is being indexed.
    const latencies: number[] = [];
    let done = false;
    const probe = (async () => {
      while (!done && Date.now() - started < 30_000) {
        const t = performance.now();
        const r = await api("GET", "/api/knowledge", { token: other.token });
        latencies.push(performance.now() - t);
        expect(r.status).toBe(200);
      }
    })();
    const doc = await waitForStatus(attacker.token, id, "failed", 30_000).finally(() => (done = true));
    await probe;
    const elapsed = Date.now() - started;
    console.log(
      `bomb: failed after ${elapsed} ms; other user's GET /api/knowledge during it: n=${latencies.length}, p50=${[...latencies].sort((a, b) => a - b)[Math.floor(latencies.length / 2)]?.toFixed(1)} ms, p99=${p99(latencies).toFixed(1)} ms, max=${Math.max(...latencies).toFixed(1)} ms`,
    );
    expect(doc.error).toMatch(/limit/i);
    expect(elapsed).toBeLessThan(30_000);
    expect(latencies.length).toBeGreaterThan(0);
    expect(await chunkRows(id)).toHaveLength(0);
  }, 90_000);
});

describe("knowledge limits: per document, enforced while extracting", () => {
  const limits = { maxChars: 1000, maxPages: 2, maxChunks: 3 };

  it("too many pages fail before any page is read", async () => {
    const pdf = makePdf([["one"], ["two"], ["three"]]);
    await expect(extractChunks(pdf, "application/pdf", undefined, limits)).rejects.toThrow(/pages.*limit/i);
    await expect(extractChunks(pdf, "application/pdf", undefined, limits)).rejects.toBeInstanceOf(UnreadableDocumentError);
  });

  it("too many characters stop the extraction", async () => {
    const line = "word ".repeat(15);
    const pdf = makePdf([Array(8).fill(line), Array(8).fill(line)]);
    await expect(extractChunks(pdf, "application/pdf", undefined, limits)).rejects.toThrow(/characters.*limit/i);
    await expect(extractChunks(enc.encode("z ".repeat(600)), "text/plain", undefined, limits)).rejects.toThrow(/characters.*limit/i);
  });

  it("too many chunks fail", async () => {
    const text = Array.from({ length: 5 }, (_, i) => `Paragraph ${i} is about sailing.`).join("\n\n");
    await expect(extractChunks(enc.encode(text), "text/plain", { maxChars: 40, overlapChars: 0 }, limits)).rejects.toThrow(/chunks.*limit/i);
  });

  it("within the limits it extracts as before", async () => {
    const chunks = await extractChunks(makePdf([["Page one about sailing."], ["Page two."]]), "application/pdf", undefined, limits);
    expect(chunks.map((c) => c.heading)).toEqual(["Page 1", "Page 2"]);
  });
});

describe("knowledge limits: each user's stored total", () => {
  it("a document that would take the user over their stored total fails with the reason; other users are unaffected", async () => {
    const { container, repos } = await import("../../support/container");
    const small = { ...env, KNOWLEDGE_MAX_USER_CHARS: "200" } as any;
    const knowledgeIndexing = container(small).jobDefinitions.find((d) => d.kind === "knowledge.index")!;
    const u = await registerUser();
    const mk = async (content: string) => {
      const doc = await repos().knowledge.create({
        userId: u.user.id,
        title: "n",
        source: "note",
        mimeType: "text/plain",
        sizeBytes: content.length,
        body: content,
        r2Key: null,
      });
      const job = await repos().jobs.create({ userId: u.user.id, kind: "knowledge.index", subjectId: doc.id });
      return { doc, job };
    };
    const ctx = { progress: async () => {}, lastAttempt: true, checkpoint: { get: async () => null, set: async () => {} } };
    const first = await mk("a".repeat(150));
    await knowledgeIndexing.run({}, first.job, ctx);
    const second = await mk("b ".repeat(60));
    await expect(knowledgeIndexing.run({}, second.job, ctx)).rejects.toThrow(/stored knowledge.*limit/i);
  });
});
