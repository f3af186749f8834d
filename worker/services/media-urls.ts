import { base64url, fromBase64url } from "../lib/ids";

const enc = new TextEncoder();

/**
 * Short-lived signed URLs for R2 objects, so `<video src>` works without an Authorization
 * header. Only routes that have checked ownership mint them, and only for keys under
 * `users/<id>/`: a URL is a capability for exactly one object until it expires.
 */
export class MediaUrls {
  private readonly key: Promise<CryptoKey>;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    // A key of its own (derived by label) so a media signature is never a valid JWT signature.
    this.key = crypto.subtle.importKey("raw", enc.encode(`media-url:v1:${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  }

  private payload(r2Key: string, exp: number) {
    return enc.encode(`${r2Key}\n${exp}`);
  }

  /** `/api/media/<base64url key>?exp=<unix s>&sig=<hmac>` (relative: same origin as the API). */
  async sign(r2Key: string, ttlSeconds = this.ttlSeconds): Promise<string> {
    if (!r2Key.startsWith("users/")) throw new Error("only user objects can be signed");
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const sig = new Uint8Array(await crypto.subtle.sign("HMAC", await this.key, this.payload(r2Key, exp)));
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
    if (!r2Key.startsWith("users/")) return null;
    const ok = await crypto.subtle.verify("HMAC", await this.key, sigBytes, this.payload(r2Key, exp));
    return ok ? r2Key : null;
  }
}
