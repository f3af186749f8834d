import { base64url, fromBase64url } from "./ids";
import { AppError } from "./errors";

/** Opaque keyset cursor for lists ordered by (createdAt DESC, id DESC). */
export interface Keyset {
  createdAt: number;
  id: string;
}

export const encodeCursor = (k: Keyset) => base64url(new TextEncoder().encode(`${k.createdAt}:${k.id}`));

export function decodeCursor(cursor: string): Keyset {
  try {
    const [t, id] = new TextDecoder().decode(fromBase64url(cursor)).split(/:(.*)/s);
    const createdAt = Number(t);
    if (!Number.isSafeInteger(createdAt) || !id) throw new Error();
    return { createdAt, id };
  } catch {
    throw new AppError("bad_request", "Invalid cursor");
  }
}
