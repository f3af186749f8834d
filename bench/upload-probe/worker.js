// Upload-memory probe for bench/upload.bench.mjs: the same 100 MB body, different sinks, so the
// bench can tell what the Worker's code costs from what workerd / the local R2 simulator cost.
// Not part of the app (its own wrangler config, started only by the bench).
import { appUpload } from "./app-modes";

const PART = 5 * 1024 * 1024;

async function drain(body, byob) {
  let n = 0;
  if (byob) {
    const r = body.getReader({ mode: "byob" });
    let buf = new ArrayBuffer(64 * 1024);
    for (;;) {
      const { done, value } = await r.read(new Uint8Array(buf));
      if (done) break;
      n += value.byteLength;
      buf = value.buffer;
    }
  } else {
    const r = body.getReader();
    for (;;) {
      const { done, value } = await r.read();
      if (done) break;
      n += value.byteLength;
    }
  }
  return n;
}

export default {
  async fetch(req, env) {
    const url = new URL(req.url);
    const mode = url.pathname.slice(1);
    const len = Number(req.headers.get("content-length"));
    const key = `probe/${Date.now()}`;
    let n = 0;
    if (mode === "read") n = await drain(req.body, false);
    else if (mode === "read-byob") n = await drain(req.body, true);
    else if (mode === "sink") {
      // pipeTo a discard WritableStream: what the streams machinery itself holds.
      await req.body.pipeTo(
        new WritableStream({
          write(c) {
            n += c.byteLength;
          },
        }),
      );
    } else if (mode === "r2-put") {
      // The raw body straight into one put (workerd knows the length from Content-Length).
      await env.BUCKET.put(key, req.body);
      n = len;
    } else if (mode === "r2-fixed") {
      const f = new FixedLengthStream(len);
      await Promise.all([req.body.pipeTo(f.writable), env.BUCKET.put(key, f.readable)]);
      n = len;
    } else if (mode === "r2-multipart") {
      // 5 MiB parts, each a FixedLengthStream fed from the body (no part buffer in the isolate).
      const up = await env.BUCKET.createMultipartUpload(key);
      const r = req.body.getReader();
      const parts = [];
      let carry = null;
      let done = false;
      while (!done) {
        const size = Math.min(PART, len - n);
        if (size <= 0) break;
        const f = new FixedLengthStream(size);
        const w = f.writable.getWriter();
        const put = up.uploadPart(parts.length + 1, f.readable);
        let filled = 0;
        while (filled < size) {
          let c = carry;
          carry = null;
          if (!c) {
            const x = await r.read();
            if (x.done) {
              done = true;
              break;
            }
            c = x.value;
          }
          const take = Math.min(c.byteLength, size - filled);
          await w.write(c.subarray(0, take));
          if (take < c.byteLength) carry = c.subarray(take);
          filled += take;
        }
        await w.close();
        parts.push(await put);
        n += filled;
      }
      await up.complete(parts);
    } else if (mode === "r2-multipart-buffer") {
      // 5 MiB parts copied into one reused buffer (what r2-stream.ts did).
      const up = await env.BUCKET.createMultipartUpload(key);
      const r = req.body.getReader();
      const part = new Uint8Array(PART);
      const parts = [];
      let filled = 0;
      for (;;) {
        const x = await r.read();
        if (x.done) break;
        for (let off = 0; off < x.value.byteLength; ) {
          const k = Math.min(x.value.byteLength - off, PART - filled);
          part.set(x.value.subarray(off, off + k), filled);
          filled += k;
          off += k;
          n += k;
          if (filled === PART) {
            parts.push(await up.uploadPart(parts.length + 1, part));
            filled = 0;
          }
        }
      }
      if (filled) parts.push(await up.uploadPart(parts.length + 1, part.subarray(0, filled)));
      await up.complete(parts);
    } else if (mode === "app-sink") {
      n = await appUpload(req, null);
    } else if (mode === "app-r2") {
      n = await appUpload(req, env.BUCKET);
    } else if (mode === "ping") {
      return new Response("ok");
    } else return new Response("unknown mode", { status: 404 });
    if (mode.startsWith("r2")) await env.BUCKET.delete(key);
    return Response.json({ mode, bytes: n });
  },
};
