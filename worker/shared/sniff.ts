// Content sniffing of uploads by magic bytes: the declared Content-Type is never trusted alone.

export type SniffedType = "video/mp4" | "video/quicktime" | "video/webm" | "image/jpeg" | "image/png" | "image/webp";

/** Bytes needed to decide (WebM's DocType sits a few dozen bytes into the EBML header). */
export const SNIFF_BYTES = 64;

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const starts = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

// ISO-BMFF brands of still images (HEIF/AVIF): an ftyp box, but not a video.
const IMAGE_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "mif1", "msf1", "avif", "avis"]);

export function sniff(b: Uint8Array): SniffedType | null {
  if (starts(b, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "image/webp";
  if (starts(b, [0x1a, 0x45, 0xdf, 0xa3])) return ascii(b, 4, Math.min(b.length, SNIFF_BYTES)).includes("webm") ? "video/webm" : null;
  if (b.length >= 12 && ascii(b, 4, 8) === "ftyp") {
    const brand = ascii(b, 8, 12);
    if (IMAGE_BRANDS.has(brand)) return null;
    return brand === "qt  " ? "video/quicktime" : "video/mp4";
  }
  return null;
}

export const kindOf = (t: string): "video" | "photo" => (t.startsWith("image/") ? "photo" : "video");

export const EXTENSIONS: Record<SniffedType, string> = {
  "video/mp4": "mp4",
  "video/quicktime": "mov",
  "video/webm": "webm",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
};
