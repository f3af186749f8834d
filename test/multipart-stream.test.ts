import { describe, it, expect } from "vitest";
import { boundaryOf, openFilePart } from "../worker/lib/multipart-stream";

const enc = new TextEncoder();

/** A body delivered in chunks of `size` bytes, so delimiters straddle chunk edges. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let off = 0;
  return new ReadableStream({
    pull(c) {
      if (off >= bytes.length) return c.close();
      c.enqueue(bytes.slice(off, off + size));
      off += size;
    },
  });
}

function body(parts: { name: string; filename?: string; type?: string; content: Uint8Array | string }[], boundary: string, closing = true) {
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n`;
    if (p.type) head += `Content-Type: ${p.type}\r\n`;
    chunks.push(enc.encode(head + "\r\n"), typeof p.content === "string" ? enc.encode(p.content) : p.content, enc.encode("\r\n"));
  }
  if (closing) chunks.push(enc.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) (out.set(c, o), (o += c.length));
  return out;
}

async function readAll(s: ReadableStream<Uint8Array>) {
  const parts: Uint8Array[] = [];
  for await (const c of s as any) parts.push(c);
  const out = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of parts) (out.set(c, o), (o += c.length));
  return out;
}

describe("streaming multipart file reader", () => {
  it("reads the file field byte for byte at every chunk size, past other fields, with near-delimiters in the content", async () => {
    const boundary = "----XyZ123";
    const content = new Uint8Array(3000);
    for (let i = 0; i < content.length; i++) content[i] = (i * 7) & 0xff;
    content.set(enc.encode("\r\n----XyZ12"), 1000); // a delimiter prefix that is not a delimiter
    content.set(enc.encode("\r\n--"), 2990);
    const bytes = body([{ name: "note", content: "hello\r\nworld" }, { name: "file", filename: "a b.png", type: "Image/PNG", content }, { name: "after", content: "x" }], boundary);
    for (const size of [1, 2, 7, 13, 64, 1000, 100_000]) {
      const part = await openFilePart(chunked(bytes, size), boundary, "file");
      expect(part.filename).toBe("a b.png");
      expect(part.contentType).toBe("image/png");
      const got = await readAll(part.stream);
      expect(got.length).toBe(content.length);
      expect(Buffer.from(got).equals(Buffer.from(content))).toBe(true);
    }
  });

  it("a body without the field or without its closing delimiter is the caller's mistake (4xx)", async () => {
    const b = "bnd";
    await expect(openFilePart(chunked(body([{ name: "other", content: "x" }], b), 5), b, "file")).rejects.toMatchObject({ status: 422 });
    const cut = body([{ name: "file", filename: "f", content: "abcdefghijklmnop" }], b, false).slice(0, -6);
    const part = await openFilePart(chunked(cut, 4), b, "file");
    await expect(readAll(part.stream)).rejects.toMatchObject({ status: 400 });
    await expect(openFilePart(chunked(enc.encode("garbage"), 3), b, "file")).rejects.toMatchObject({ status: 400 });
  });

  it("takes the boundary from the Content-Type (quoted or not) and refuses a missing one", () => {
    expect(boundaryOf("multipart/form-data; boundary=abc")).toBe("abc");
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b"')).toBe("a b");
    expect(() => boundaryOf("multipart/form-data")).toThrow(/boundary/);
  });
});
