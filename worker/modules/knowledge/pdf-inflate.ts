/**
 * Bounds what a PDF's compressed streams inflate to, before pdf.js sees the file. pdf.js merges
 * consecutive text into one item and reports text only when an item ends, so a content stream of
 * 256 MB of "(AAAA) Tj" would be parsed to the end before any character limit could act. Here each
 * FlateDecode stream (other than images, which text extraction never decodes) is inflated natively
 * with DecompressionStream, the output counted and discarded, stopping at the first byte over the cap.
 */
const latin1 = new TextDecoder("latin1");

/** Inflated bytes of the PDF's non-image Flate streams, or Infinity as soon as the total passes `cap`. */
export async function inflatedStreamBytes(pdf: Uint8Array, cap: number): Promise<number> {
  // latin1 maps bytes 1:1 to UTF-16 code units, so string offsets are byte offsets.
  const text = latin1.decode(pdf);
  const marker = /stream\r?\n/g;
  let total = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (text.slice(Math.max(0, m.index - 3), m.index) === "end") continue;
    const dictStart = text.lastIndexOf("obj", m.index);
    const dict = text.slice(dictStart < 0 ? Math.max(0, m.index - 2048) : dictStart, m.index);
    if (!/\/FlateDecode/.test(dict) || /\/Subtype\s*\/Image/.test(dict)) continue;
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    const inflated = await inflate(pdf.subarray(start, end), cap - total);
    if (inflated === Infinity) return Infinity;
    total += inflated;
    marker.lastIndex = end;
  }
  return total;
}

/** Bytes the zlib data inflates to, or Infinity once past `budget` (a corrupt stream counts what it gave). */
async function inflate(data: Uint8Array, budget: number): Promise<number> {
  // The EOL before "endstream" is not part of the data (workerd refuses trailing bytes).
  let end = data.length;
  while (end > 0 && (data[end - 1] === 0x0a || data[end - 1] === 0x0d)) end--;
  const ds = new DecompressionStream("deflate");
  const writer = ds.writable.getWriter();
  let stop = false;
  // Small input slices: one 4 KiB slice inflates to at most ~4 MB, so memory stays bounded.
  const feeding = (async () => {
    for (let i = 0; i < end && !stop; i += SLICE) {
      await writer.ready;
      await writer.write(data.subarray(i, Math.min(end, i + SLICE)));
    }
    if (!stop) await writer.close();
  })().catch(() => {});
  const reader = ds.readable.getReader();
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return n;
      n += value.length;
      if (n > budget) return Infinity;
    }
  } catch {
    return n; // not valid zlib: pdf.js decides what to make of it
  } finally {
    stop = true;
    await reader.cancel().catch(() => {});
    await feeding;
  }
}

const SLICE = 4096;
