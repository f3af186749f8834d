export type IdPrefix = "usr" | "ses" | "rtk" | "cnv" | "msg" | "doc" | "chk" | "job" | "avt" | "shr" | "vid" | "vis" | "mem";

/** Prefixed random id, e.g. `usr_3f9a…` (128 bits of randomness, URL-safe). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(16)}`;
}

/** URL-safe random string from `bytes` random bytes. */
export function randomToken(bytes = 32): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(buf);
}

export function base64url(buf: Uint8Array): string {
  let s = "";
  for (const b of buf) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

export const now = () => Date.now();
