import { AppError, notFound } from "../../shared/errors";
import { base64url, fromBase64url } from "../../shared/ids";

const enc = new TextEncoder();

/** The only objects a media URL may grant: an account's avatar files and reply videos, never its knowledge originals. */
const MEDIA_KEY = /^users\/([A-Za-z0-9_-]+)\/(avatars|videos)\/[A-Za-z0-9_./-]+$/;

/**
 * Short-lived signed URLs for R2 objects, so `<video src>` works without an Authorization
 * header. Only routes that have checked ownership mint them. A URL carries what it grants —
 * the object key, the account it was issued for (bound from the key's owner) and the expiry —
 * and the MAC covers exactly those, so changing any of them voids it.
 */
export class MediaUrls {
  private readonly key: Promise<CryptoKey>;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    // A key of its own, derived with HKDF under a purpose label: a media MAC is never a JWT signature,
    // and nothing signed with the token secret directly (or by an older scheme) verifies here.
    this.key = crypto.subtle
      .importKey("raw", enc.encode(secret), "HKDF", false, ["deriveKey"])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: enc.encode("digital-self"), info: enc.encode("media-url/v2") },
          base,
          { name: "HMAC", hash: "SHA-256", length: 256 },
          false,
          ["sign", "verify"],
        ),
      );
  }

  private payload(r2Key: string, owner: string, exp: number) {
    return enc.encode(`media-url/v2\n${r2Key}\n${owner}\n${exp}`);
  }

  /** `/api/media/<base64url key>?exp=<unix s>&sig=<hmac>` (relative: same origin as the API). */
  async sign(r2Key: string, ttlSeconds = this.ttlSeconds): Promise<string> {
    const owner = MEDIA_KEY.exec(r2Key)?.[1];
    if (!owner) throw new Error("only avatar and video objects can be signed");
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const sig = new Uint8Array(await crypto.subtle.sign("HMAC", await this.key, this.payload(r2Key, owner, exp)));
    return `/api/media/${base64url(enc.encode(r2Key))}?exp=${exp}&sig=${base64url(sig)}`;
  }

  /** The R2 key a URL grants, or null when the signature is wrong or expired. */
  async verify(token: string, exp: number, sig: string): Promise<string | null> {
    if (!Number.isInteger(exp) || exp < Math.floor(Date.now() / 1000)) return null;
    let r2Key: string;
    let sigBytes: Uint8Array;
    try {
      r2Key = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(fromBase64url(token));
      sigBytes = fromBase64url(sig);
    } catch {
      return null;
    }
    const owner = MEDIA_KEY.exec(r2Key)?.[1];
    if (!owner || sigBytes.length !== 32) return null;
    const ok = await crypto.subtle.verify("HMAC", await this.key, sigBytes, this.payload(r2Key, owner, exp));
    return ok ? r2Key : null;
  }
}

/** Parses a single `bytes=` range against `size`; null = serve the whole object (absent, multi or malformed). */
export function parseRange(header: string | undefined, size: number): { offset: number; length: number } | "unsatisfiable" | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    const offset = Math.max(0, size - n);
    return { offset, length: size - offset };
  }
  const start = Number(m[1]);
  if (start >= size) return "unsatisfiable";
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (end < start) return null;
  return { offset: start, length: end - start + 1 };
}

/** Signed-URL media out of R2: verifies the signature, then serves the object or the requested byte range. */
export class MediaService {
  constructor(
    readonly urls: MediaUrls,
    private readonly bucket: R2Bucket,
  ) {}

  async open(token: string, exp: number, sig: string, rangeHeader: string | undefined): Promise<{ body: ReadableStream; status: 200 | 206; headers: Headers }> {
    const key = await this.urls.verify(token, exp, sig);
    if (!key) throw new AppError("forbidden", "This media link is invalid or has expired; reload to get a fresh one");
    const head = await this.bucket.head(key);
    if (!head) throw notFound("Media");

    const range = parseRange(rangeHeader, head.size);
    if (range === "unsatisfiable") {
      throw new AppError("range_not_satisfiable", `The file has ${head.size} bytes`, undefined, { "Content-Range": `bytes */${head.size}` });
    }
    const obj = await this.bucket.get(key, range ? { range } : undefined);
    if (!obj) throw notFound("Media");
    const headers = new Headers({
      "Content-Type": head.httpMetadata?.contentType ?? "application/octet-stream",
      "Accept-Ranges": "bytes",
      "Cache-Control": `private, max-age=${Math.max(0, exp - Math.floor(Date.now() / 1000))}`,
      ETag: head.httpEtag,
      "Content-Length": String(range ? range.length : head.size),
    });
    if (range) headers.set("Content-Range", `bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}`);
    return { body: obj.body, status: range ? 206 : 200, headers };
  }
}
