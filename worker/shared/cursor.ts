import { AppError } from "./errors";
import { base64url, fromBase64url } from "./ids";

/** A keyset position: (timestamp, id) of the last row of the previous page. */
export interface CursorPosition {
  t: number;
  id: string;
}

// Opaque to clients on purpose: the encoding can change without breaking them.
export function encodeCursor(pos: CursorPosition): string {
  return base64url(new TextEncoder().encode(JSON.stringify([pos.t, pos.id])));
}

/** Decodes a client cursor; garbage is the caller's mistake (422), never a 500. */
export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(new TextDecoder().decode(fromBase64url(cursor)));
    if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "string") return { t: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new AppError("validation_failed", "cursor: invalid cursor");
}

/** A keyset page from `limit + 1` rows: the page, and the cursor of its last row when more follow. */
export function paginate<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}
