/**
 * Reading ZIP archives (DOCX files and notes exports) with fflate, refusing what is unsafe before
 * anything is inflated: every entry's name and declared size are checked first (path traversal,
 * too many files, a total or ratio no real export has), and only then are entries inflated.
 * fflate inflates each entry into a buffer of its DECLARED size and never grows it, so an entry
 * that lies about its size is cut short instead of filling memory.
 */
import { unzipSync } from "fflate";

export interface ZipLimits {
  /** Entries (files, not directories) an archive may hold. */
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes. */
  maxTotalBytes: number;
  /** Uncompressed / compressed size above which an entry is a decompression bomb. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 1000, maxTotalBytes: 64 * 1024 * 1024, maxRatio: 200 };

/**
 * A notes export is imported inside one request: each file costs an R2 write, D1 rows and a queue
 * message (Workers allow 1,000 such operations per request on paid plans), and the archive and
 * one entry at a time share the isolate's 128 MB.
 */
export const IMPORT_ZIP_LIMITS: ZipLimits = { maxEntries: 200, maxTotalBytes: 32 * 1024 * 1024, maxRatio: 200 };

/** An archive that must not be opened at all; the message says why. */
export class ZipRefusedError extends Error {}

export interface ZipEntryInfo {
  name: string;
  size: number;
  compressedSize: number;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
export const isZip = (b: Uint8Array) => ZIP_MAGIC.every((v, i) => b[i] === v);

/** A name that would leave the archive's folder if written out: absolute, drive-letter, or with a ".." segment. */
export function unsafeEntryName(name: string): boolean {
  const n = name.replace(/\\/g, "/");
  return n.startsWith("/") || /^[a-z]:/i.test(n) || n.split("/").some((seg) => seg === "..") || n.includes("\0");
}

/** Entries (directories left out) with their declared sizes; refuses the whole archive when one is unsafe. */
export function listZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        if (unsafeEntryName(f.name)) throw new ZipRefusedError(`The archive contains an unsafe path "${f.name.slice(0, 100)}"; nothing was imported`);
        if (f.name.endsWith("/")) return false;
        total += f.originalSize;
        if (entries.length >= limits.maxEntries) throw new ZipRefusedError(`The archive has more than ${limits.maxEntries} files; nothing was imported`);
        if (total > limits.maxTotalBytes)
          throw new ZipRefusedError(`The archive unpacks to more than ${Math.round(limits.maxTotalBytes / 1048576)} MB; nothing was imported`);
        // Text compresses ~3–10×, rarely 50×; hundreds-fold is a bomb. Tiny entries are exempt (a run of blanks).
        if (f.originalSize > 1024 * 1024 && f.originalSize > f.size * limits.maxRatio)
          throw new ZipRefusedError(
            `"${f.name.slice(0, 100)}" expands ${Math.round(f.originalSize / Math.max(1, f.size))}× (a zip bomb?); nothing was imported`,
          );
        entries.push({ name: f.name, size: f.originalSize, compressedSize: f.size });
        return false; // listing only: nothing is inflated here
      },
    });
  } catch (err) {
    if (err instanceof ZipRefusedError) throw err;
    throw new ZipRefusedError(`The file is not a readable ZIP archive (${(err as Error).message})`);
  }
  return entries;
}

/** One entry's bytes (one in memory at a time when importing); the archive must have passed listZip. */
export function readZipEntry(bytes: Uint8Array, name: string): Uint8Array | undefined {
  try {
    return unzipSync(bytes, { filter: (f) => f.name === name })[name];
  } catch (err) {
    throw new ZipRefusedError(`The file is not a readable ZIP archive (${(err as Error).message})`);
  }
}

/** The named entries' bytes, after listZip has accepted the archive. */
export function readZip(bytes: Uint8Array, names: (name: string) => boolean, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Uint8Array> {
  listZip(bytes, limits);
  try {
    return new Map(Object.entries(unzipSync(bytes, { filter: (f) => !f.name.endsWith("/") && names(f.name) })));
  } catch (err) {
    throw new ZipRefusedError(`The file is not a readable ZIP archive (${(err as Error).message})`);
  }
}
