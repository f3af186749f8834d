// The user's socket, driven by hand. A test replaces the realtime module with this one
// (`vi.mock("../src/api/realtime", () => import("./support/live-stub"))`), and `emit` delivers a live
// event to the page's listeners.
import type { LiveEvent } from "../../src/api/realtime";

const listeners = new Set<(e: unknown) => void>();

export function onLiveEvent(l: (e: unknown) => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function emit(e: LiveEvent) {
  for (const l of listeners) l(e);
}
