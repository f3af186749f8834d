import type { Avatar, MyAvatar } from "../api/contract";

// The server's rule (avatar.service), applied to what a page holds of `GET /api/avatars/my-avatar`: a new upload
// replaces a ready avatar only once it is ready itself; until then (or for good, if its training fails) it is the
// `replacement` beside the avatar in use.

/** The owner's avatar after they uploaded `next`. */
export function withUpload(cur: MyAvatar | null | undefined, next: Avatar): MyAvatar {
  return cur?.status === "ready" ? { ...cur, replacement: next } : { ...next, replacement: null };
}

/**
 * The owner's avatar after `next` changed (a live `{type:"avatar"}` event, a status fetch): the avatar in use is
 * updated, its replacement is updated or, once ready, takes its place; any other avatar leaves it as it is.
 */
export function withChange(cur: MyAvatar | null | undefined, next: Avatar): MyAvatar | null | undefined {
  if (!cur) return cur;
  if (next.id === cur.id) return { ...next, replacement: cur.replacement };
  if (next.id === cur.replacement?.id) return next.status === "ready" ? { ...next, replacement: null } : { ...cur, replacement: next };
  return cur;
}
