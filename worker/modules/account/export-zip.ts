import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

export interface ZipEntry {
  /** Path inside the archive ("/"-separated). */
  path: string;
  /** Deflate it (text); stored as-is otherwise (uploads are mostly compressed media already). */
  compress?: boolean;
  /** The bytes, opened only when the entry is written; null skips the entry (object gone meanwhile). */
  body: () => Promise<ReadableStream<Uint8Array> | Uint8Array | null>;
}

/**
 * Streams a ZIP of `entries`, one entry open at a time: each chunk is handed to the response
 * before the next is read, so memory stays at about one chunk whatever the files' sizes
 * (a Worker has 128 MB and a user may have 100 MB videos). fflate writes data descriptors, so
 * sizes and CRCs need not be known up front.
 */
export function zipStream(entries: AsyncIterable<ZipEntry>): ReadableStream<Uint8Array> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let written: Promise<void> = Promise.resolve();
  let failed: unknown = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failed = err;
    else written = written.then(() => writer.write(chunk));
    if (final) written = written.then(() => writer.close());
  });

  (async () => {
    for await (const entry of entries) {
      const body = await entry.body();
      if (!body) continue;
      const file = entry.compress ? new ZipDeflate(entry.path, { level: 6 }) : new ZipPassThrough(entry.path);
      zip.add(file);
      if (body instanceof Uint8Array) file.push(body, true);
      else {
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          file.push(value);
          await written; // backpressure: wait until the reader took it
          if (failed) throw failed;
        }
        file.push(new Uint8Array(0), true);
      }
      await written;
      if (failed) throw failed;
    }
    zip.end();
    await written;
  })().catch(async (err) => {
    console.error(JSON.stringify({ level: "error", msg: "zip export failed", error: String(err) }));
    await writer.abort(err).catch(() => undefined);
  });
  return readable;
}
