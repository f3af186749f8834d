// The trained avatar the Worker stores (in R2, beside the poster) and sends back with every render:
//   "DSAV" | u32 LE header length | header JSON | media bytes
// header = {v, kind: "photo"|"video", size (px, square), fps, frames, media: "jpeg"|"mp4",
//           landmarks: one array of 68×[x,y] per frame (pixels, one decimal)}
// A photo's media is one JPEG; a video's is the calm segment as H.264 (played back ping-pong).
const MAGIC = "DSAV";

export function packModel(header, media) {
  const json = Buffer.from(JSON.stringify({ v: 1, ...header }), "utf8");
  const head = Buffer.alloc(8);
  head.write(MAGIC, 0, "latin1");
  head.writeUInt32LE(json.length, 4);
  return Buffer.concat([head, json, media]);
}

/** Parses a model; throws (a 400 for the server) when it is not one. */
export function unpackModel(buf) {
  if (buf.length < 8 || buf.toString("latin1", 0, 4) !== MAGIC) throw new Error("model is not an avatar model");
  const len = buf.readUInt32LE(4);
  if (8 + len > buf.length) throw new Error("model is truncated");
  const header = JSON.parse(buf.toString("utf8", 8, 8 + len));
  const ok =
    header.v === 1 &&
    (header.kind === "photo" || header.kind === "video") &&
    Number.isInteger(header.size) &&
    header.size >= 64 &&
    header.size <= 1080 &&
    Array.isArray(header.landmarks) &&
    header.landmarks.length >= 1 &&
    header.landmarks.every((f) => Array.isArray(f) && f.length === 68 && f.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite)));
  if (!ok) throw new Error("model header is invalid");
  return { header, media: buf.subarray(8 + len) };
}
