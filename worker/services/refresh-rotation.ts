import { base64url } from "../lib/ids";

const enc = new TextEncoder();

/**
 * How long a just-rotated refresh token still answers (with the same new pair): two tabs, or a
 * retried request, refreshing with one token at once must not sign the user out. After it, a
 * replay is treated as theft and revokes the session, as before.
 */
export const REFRESH_GRACE_MS = 20_000;

/**
 * The refresh token that replaces `old`: HMAC(old) under a key derived (HKDF, own purpose label)
 * from the token secret. Every request rotating the same token computes the same successor, so a
 * concurrent refresh gets the same pair without the new secret ever being stored: D1 keeps only
 * hashes, as for every refresh token. Whoever holds `old` during the window can get the pair,
 * which is what the window allows anyway; the key keeps anyone without the server secret from
 * computing a successor.
 */
export class RefreshRotation {
  private readonly key: Promise<CryptoKey>;

  constructor(secret: string) {
    this.key = crypto.subtle
      .importKey("raw", enc.encode(secret), "HKDF", false, ["deriveKey"])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: enc.encode("digital-self"), info: enc.encode("refresh-successor/v1") },
          base,
          { name: "HMAC", hash: "SHA-256", length: 256 },
          false,
          ["sign"],
        ),
      );
  }

  async successor(old: string): Promise<string> {
    return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", await this.key, enc.encode(old))));
  }
}
