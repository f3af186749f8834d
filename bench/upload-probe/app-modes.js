// The app's own multipart upload path (worker/shared/multipart-stream.ts + worker/shared/r2-stream.ts),
// with R2 or with a bucket that discards every byte: the difference is what local R2 costs.
import { boundaryOf, openFilePart } from "../../worker/shared/multipart-stream";
import { readPrefix, streamUnknownLengthToR2 } from "../../worker/shared/r2-stream";

/** An R2Bucket stand-in that drops what it is given (after reading a stream through). */
const discard = {
  async put() {
    return null;
  },
  async delete() {},
  async createMultipartUpload() {
    return {
      async uploadPart(n, v) {
        if (v instanceof ReadableStream) for await (const _ of v) void _;
        return { partNumber: n, etag: String(n) };
      },
      async complete() {
        return null;
      },
      async abort() {},
    };
  },
};

export async function appUpload(req, bucket) {
  const part = await openFilePart(req.body, boundaryOf(req.headers.get("content-type") ?? ""), "file");
  const reader = part.stream.getReader();
  const head = await readPrefix(reader, 64);
  const key = `probe/app-${Date.now()}`;
  const n = await streamUnknownLengthToR2(bucket ?? discard, key, head, reader, 200 * 1024 * 1024, "too large", {});
  if (bucket) await bucket.delete(key);
  return n;
}
