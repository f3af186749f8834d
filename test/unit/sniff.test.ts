import { describe, it, expect } from "vitest";
import { sniff } from "../../worker/shared/sniff";
import { parseRange } from "../../worker/modules/media";

const bytes = (...parts: (number[] | string)[]) => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === "string" ? [...new TextEncoder().encode(p)] : p));
  return new Uint8Array([...out, ...new Array(64).fill(0)]);
};

describe("upload sniffing by magic bytes", () => {
  it("recognises the accepted video and photo formats", () => {
    expect(sniff(bytes([0, 0, 0, 0x20], "ftypisom"))).toBe("video/mp4");
    expect(sniff(bytes([0, 0, 0, 0x20], "ftypmp42"))).toBe("video/mp4");
    expect(sniff(bytes([0, 0, 0, 0x14], "ftypqt  "))).toBe("video/quicktime");
    expect(sniff(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], "webm"))).toBe("video/webm");
    expect(sniff(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniff(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(sniff(bytes("RIFF", [0x10, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
  });

  it("refuses look-alikes: Matroska that is not WebM, HEIC/AVIF stills, WAV, text, PDF", () => {
    expect(sniff(bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], "matroska"))).toBeNull();
    expect(sniff(bytes([0, 0, 0, 0x18], "ftypheic"))).toBeNull();
    expect(sniff(bytes([0, 0, 0, 0x1c], "ftypavif"))).toBeNull();
    expect(sniff(bytes("RIFF", [0x10, 0, 0, 0], "WAVEfmt "))).toBeNull();
    expect(sniff(bytes("%PDF-1.7"))).toBeNull();
    expect(sniff(bytes("hello world"))).toBeNull();
    expect(sniff(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });
});

describe("Range header parsing", () => {
  it("single ranges, open and suffix ranges; anything else serves the whole file", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual({ offset: 0, length: 100 });
    expect(parseRange("bytes=900-", 1000)).toEqual({ offset: 900, length: 100 });
    expect(parseRange("bytes=990-5000", 1000)).toEqual({ offset: 990, length: 10 });
    expect(parseRange("bytes=-100", 1000)).toEqual({ offset: 900, length: 100 });
    expect(parseRange("bytes=-5000", 1000)).toEqual({ offset: 0, length: 1000 });
    expect(parseRange("bytes=1000-", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 1000)).toBe("unsatisfiable");
    expect(parseRange(undefined, 1000)).toBeNull();
    expect(parseRange("bytes=0-1,5-6", 1000)).toBeNull();
    expect(parseRange("bytes=50-10", 1000)).toBeNull();
    expect(parseRange("items=0-1", 1000)).toBeNull();
  });
});
