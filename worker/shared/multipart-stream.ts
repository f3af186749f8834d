import { AppError } from "./errors";

/**
 * A streaming reader for ONE file field of a multipart/form-data body.
 *
 * Why hand-written: every multipart parser on npm that runs in workerd (@remix-run / @mjackson
 * multipart-parser ≥0.8, @web3-storage/multipart-parser, parse-multipart-data) hands each part
 * over fully buffered (`part.content: Uint8Array[]`), so a 100 MB avatar would sit in a 128 MB
 * isolate whole. This scanner holds at most one incoming chunk plus a boundary-sized tail.
 *
 * Parts before the wanted field are skipped (their bytes are bounded: MAX_SKIPPED); whatever
 * follows the file's closing delimiter is not read.
 */

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_SKIPPED = 1024 * 1024;

export interface FilePart {
  filename: string | null;
  /** The part's own Content-Type, lower-cased without parameters; null when it sent none. */
  contentType: string | null;
  /** The file's bytes; errors with an AppError (400) if the body ends before the closing delimiter. */
  stream: ReadableStream<Uint8Array>;
}

export function boundaryOf(contentType: string | undefined): string {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? "");
  const b = m?.[1] ?? m?.[2];
  if (!b || b.length > 70) throw new AppError("bad_request", "multipart/form-data needs a boundary parameter (1–70 characters)");
  return b;
}

const enc = new TextEncoder();

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]!;
  const last = hay.length - needle.length;
  outer: for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Always a fresh copy (chunks from a BYOB reader are overwritten by the next read). */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function parseHeaders(block: string) {
  const headers: Record<string, string> = {};
  for (const line of block.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const disp = headers["content-disposition"] ?? "";
  const param = (name: string) =>
    new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disp)?.[1] ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, "i").exec(disp)?.[1] ?? null;
  const type = headers["content-type"]?.split(";")[0]!.trim().toLowerCase() || null;
  return { name: param("name"), filename: param("filename"), contentType: type };
}

const SCRATCH_BYTES = 64 * 1024;

/**
 * Reads a body chunk by chunk. A byte stream (workerd's request body) is read BYOB into one
 * reused 64 KiB buffer, so a 100 MB upload does not leave 100 MB of chunk buffers for the GC
 * (measured by bench/upload.bench.mjs: a default reader grows workerd ≈ +86 MB on 100 MB, BYOB
 * ≈ +7 MB); each chunk is valid only until the next read (callers copy what they keep).
 */
export interface ChunkReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

export function chunkReader(body: ReadableStream<Uint8Array>): ChunkReader {
  let byob: ReadableStreamBYOBReader;
  try {
    byob = body.getReader({ mode: "byob" });
  } catch {
    return body.getReader(); // not a byte stream
  }
  let scratch = new ArrayBuffer(SCRATCH_BYTES);
  return {
    async read() {
      const r = await byob.read(new Uint8Array(scratch));
      if (r.value) scratch = r.value.buffer as ArrayBuffer;
      return r.done ? { done: true, value: undefined } : { done: false, value: r.value! };
    },
    cancel: (reason) => byob.cancel(reason),
  };
}

/** Finds the part named `field` and returns its content as a stream (never buffering it whole). */
export async function openFilePart(body: ReadableStream<Uint8Array>, boundary: string, field: string): Promise<FilePart> {
  const reader = chunkReader(body);
  const delimiter = enc.encode(`\r\n--${boundary}`);
  // The body starts with "--boundary" (no CRLF): prefix one so every delimiter looks the same.
  let buf: Uint8Array = enc.encode("\r\n");
  let skipped = 0;
  const more = async () => {
    const { done, value } = await reader.read();
    if (done) {
      await reader.cancel().catch(() => {});
      throw new AppError("bad_request", "The multipart body ended early (no closing boundary)");
    }
    buf = concat(buf, value);
  };
  const fail = async (err: AppError): Promise<never> => {
    await reader.cancel().catch(() => {});
    throw err;
  };

  for (;;) {
    // Find the next delimiter, then the part's header block.
    let at: number;
    while ((at = indexOf(buf, delimiter)) === -1) {
      if (buf.length > delimiter.length) {
        skipped += buf.length - delimiter.length;
        buf = buf.slice(buf.length - delimiter.length);
      }
      if (skipped > MAX_SKIPPED) return fail(new AppError("validation_failed", `file: no "${field}" part found in the first ${MAX_SKIPPED / 1024} KiB`));
      await more();
    }
    skipped += at;
    buf = buf.slice(at + delimiter.length);
    while (buf.length < 2) await more();
    if (buf[0] === 0x2d && buf[1] === 0x2d) return fail(new AppError("validation_failed", `file: the form has no "${field}" file field`));
    let end: number;
    while ((end = indexOf(buf, enc.encode("\r\n\r\n"))) === -1) {
      if (buf.length > MAX_HEADER_BYTES) return fail(new AppError("bad_request", "A multipart part's headers are too large"));
      await more();
    }
    const head = parseHeaders(new TextDecoder().decode(buf.subarray(2, end)));
    buf = buf.slice(end + 4);
    if (head.name === field) {
      return { filename: head.filename, contentType: head.contentType, stream: contentStream(reader, delimiter, buf) };
    }
    // Not the wanted field: its content (bounded by MAX_SKIPPED) is scanned past by the loop above.
  }
}

/**
 * The bytes up to the next delimiter. Between chunks only a (delimiter − 1)-byte tail is kept;
 * each chunk is searched in place and passed on as a view (no copy of the content).
 */
function contentStream(reader: ChunkReader, delimiter: Uint8Array, initial: Uint8Array): ReadableStream<Uint8Array> {
  const keep = delimiter.length - 1;
  let tail: Uint8Array = new Uint8Array(0);
  let finished = false;
  let first: Uint8Array | null = initial;
  const finish = async (controller: ReadableStreamDefaultController<Uint8Array>, last: Uint8Array) => {
    finished = true;
    if (last.length) controller.enqueue(last);
    await reader.cancel().catch(() => {}); // the rest (closing "--", later fields) is not needed
    controller.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      // Loops until it has passed something on: a pull that enqueues nothing is not always called again.
      async pull(controller) {
        for (;;) {
          if (finished) return controller.close();
          let value: Uint8Array;
          if (first) {
            value = first;
            first = null;
          } else {
            const r = await reader.read();
            if (r.done) {
              finished = true;
              return controller.error(new AppError("bad_request", "The multipart body ended before the file's closing boundary"));
            }
            value = r.value;
          }
          let sent = false;
          // A delimiter that starts in the tail ends within the first `keep` bytes of this chunk.
          if (tail.length) {
            const seam = concat(tail, value.subarray(0, keep));
            const at = indexOf(seam, delimiter);
            if (at !== -1) return finish(controller, seam.subarray(0, at));
            if (value.length < keep) {
              // A short chunk: everything but the last `keep` bytes of tail+chunk is content.
              const all = concat(tail, value);
              tail = all.slice(Math.max(0, all.length - keep));
              if (all.length > keep) {
                controller.enqueue(all.slice(0, all.length - keep));
                return;
              }
              continue;
            }
            controller.enqueue(tail);
            tail = new Uint8Array(0);
            sent = true;
          }
          const at = indexOf(value, delimiter);
          if (at !== -1) return finish(controller, value.subarray(0, at));
          const safe = Math.max(0, value.length - keep);
          if (safe) controller.enqueue(value.subarray(0, safe));
          tail = value.slice(safe);
          if (safe || sent) return;
        }
      },
      async cancel(reason) {
        await reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
