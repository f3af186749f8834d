import { AppError } from "./errors";

/** Reads at least `n` bytes from the front of a stream (fewer only if it ends), keeping the rest readable. */
export async function readPrefix(reader: ReadableStreamDefaultReader<Uint8Array>, n: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let got = 0;
  while (got < n) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    got += value.byteLength;
  }
  const out = new Uint8Array(got);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/**
 * Streams `prefix` + the rest of `reader` into R2 as exactly `length` bytes, never holding more
 * than one chunk in memory (FixedLengthStream gives R2 the length it requires up front).
 * More bytes than declared → 413, fewer → 400; on any failure nothing is left stored.
 */
export async function streamToR2(
  bucket: R2Bucket,
  key: string,
  prefix: Uint8Array,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  length: number,
  options: R2PutOptions,
): Promise<R2Object> {
  const fixed = new FixedLengthStream(length);
  const writer = fixed.writable.getWriter();
  let failure: AppError | null = null;
  const pump = (async () => {
    let written = 0;
    try {
      for (let chunk: Uint8Array | undefined = prefix; ; ) {
        if (chunk && chunk.byteLength) {
          written += chunk.byteLength;
          if (written > length) throw (failure = new AppError("payload_too_large", "The body is larger than its Content-Length"));
          await writer.write(chunk);
        }
        const { done, value } = await reader.read();
        if (done) break;
        chunk = value;
      }
      if (written < length) throw (failure = new AppError("bad_request", `The body ended after ${written} of ${length} bytes`));
      await writer.close();
    } catch (err) {
      await writer.abort(err).catch(() => {});
      await reader.cancel().catch(() => {});
      throw err;
    }
  })();
  try {
    const [obj] = await Promise.all([bucket.put(key, fixed.readable, options), pump]);
    return obj;
  } catch (err) {
    await bucket.delete(key).catch(() => {});
    await pump.catch(() => {});
    if (failure) throw failure;
    throw err instanceof AppError ? err : new AppError("bad_request", `The upload was interrupted: ${(err as Error).message}`);
  }
}

/**
 * Stores a stream in R2: with a known length it is streamed (streamToR2, the one streaming
 * writer); without one it is read into memory first, because R2 needs the length up front.
 * Returns the stored size.
 */
export async function putStream(bucket: R2Bucket, key: string, body: ReadableStream<Uint8Array>, sizeBytes: number | null, options: R2PutOptions): Promise<number> {
  if (sizeBytes) return (await streamToR2(bucket, key, new Uint8Array(0), body.getReader(), sizeBytes, options)).size;
  return (await bucket.put(key, await new Response(body).arrayBuffer(), options)).size;
}
