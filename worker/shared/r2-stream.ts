import { AppError } from "./errors";

/**
 * What these functions read from: a stream's default reader, or lib/multipart-stream's
 * chunkReader, whose chunks are views into one reused buffer, valid only until the next read.
 * So every chunk is copied or fully written (awaited) before the next read.
 */
export type ByteReader = Pick<ReadableStreamDefaultReader<Uint8Array>, "read" | "cancel">;

/** Reads at least `n` bytes from the front of a stream (fewer only if it ends), keeping the rest readable. */
export async function readPrefix(reader: ByteReader, n: number): Promise<Uint8Array> {
  // Each chunk is copied as it arrives: a chunk may be a view that the next read reuses.
  let out = new Uint8Array(0);
  while (out.length < n) {
    const { done, value } = await reader.read();
    if (done) break;
    const next = new Uint8Array(out.length + value.byteLength);
    next.set(out);
    next.set(value, out.length);
    out = next;
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
  reader: ByteReader,
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
          // Resolves once R2's side has taken the bytes, so the reader may reuse the buffer.
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

/** R2 multipart parts: all but the last the same size, at least 5 MiB. */
export const R2_PART_BYTES = 5 * 1024 * 1024;

/**
 * Streams `prefix` + the rest of `reader` into R2 when the length is not known up front (a file
 * inside a multipart body). Up to one part (5 MiB) is held at a time: a body that fits is one
 * put, a larger one an R2 multipart upload. Over `maxBytes` → 413; any failure leaves nothing
 * stored. Returns the byte count.
 */
export async function streamUnknownLengthToR2(
  bucket: R2Bucket,
  key: string,
  prefix: Uint8Array,
  reader: ByteReader,
  maxBytes: number,
  tooLarge: string,
  options: R2PutOptions,
): Promise<number> {
  const part = new Uint8Array(R2_PART_BYTES);
  let filled = 0;
  let total = 0;
  let upload: R2MultipartUpload | null = null;
  const parts: R2UploadedPart[] = [];
  try {
    for (let chunk: Uint8Array | undefined = prefix; ; ) {
      if (chunk && chunk.byteLength) {
        total += chunk.byteLength;
        if (total > maxBytes) throw new AppError("payload_too_large", tooLarge);
        for (let off = 0; off < chunk.byteLength; ) {
          const n = Math.min(chunk.byteLength - off, R2_PART_BYTES - filled);
          part.set(chunk.subarray(off, off + n), filled);
          filled += n;
          off += n;
          if (filled === R2_PART_BYTES) {
            upload ??= await bucket.createMultipartUpload(key, options);
            // One buffer for the whole upload: uploadPart has sent it once its promise settles.
            parts.push(await upload.uploadPart(parts.length + 1, part));
            filled = 0;
          }
        }
      }
      const { done, value } = await reader.read();
      if (done) break;
      chunk = value;
    }
    if (!upload) {
      await bucket.put(key, part.subarray(0, filled), options);
    } else {
      if (filled) parts.push(await upload.uploadPart(parts.length + 1, part.subarray(0, filled)));
      await upload.complete(parts);
    }
    return total;
  } catch (err) {
    await reader.cancel().catch(() => {});
    if (upload) await upload.abort().catch(() => {});
    await bucket.delete(key).catch(() => {});
    if (err instanceof AppError) throw err;
    throw new AppError("bad_request", `The upload was interrupted: ${(err as Error).message}`);
  }
}

/**
 * Stores a whole stream in R2 and returns its size: streamToR2 when its length is known,
 * streamUnknownLengthToR2 (5 MiB parts) when it is not. Both hold at most one chunk/part.
 */
export async function putStream(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  sizeBytes: number | null,
  options: R2PutOptions,
): Promise<number> {
  if (sizeBytes) return (await streamToR2(bucket, key, new Uint8Array(0), body.getReader(), sizeBytes, options)).size;
  return streamUnknownLengthToR2(bucket, key, new Uint8Array(0), body.getReader(), Number.POSITIVE_INFINITY, "", options);
}
