import { describe, expect, it } from "vitest";
import { threadOrder } from "../src/lib/thread-order";

const q = (id: string) => ({ id, replyTo: null });
const r = (id: string, to: string) => ({ id, replyTo: to });

describe("threadOrder", () => {
  it("puts each reply under its own question when concurrent sends interleave", () => {
    const stored = [q("q1"), q("q2"), q("q3"), r("r2", "q2"), r("r3", "q3"), r("r1", "q1")];
    expect(threadOrder(stored).map((m) => m.id)).toEqual(["q1", "r1", "q2", "r2", "q3", "r3"]);
  });

  it("keeps stored order otherwise, and leaves a reply to an unloaded question in place", () => {
    const stored = [r("r0", "q0-on-older-page"), q("q1"), r("r1", "q1"), { id: "legacy" }];
    expect(threadOrder(stored).map((m) => m.id)).toEqual(["r0", "q1", "r1", "legacy"]);
  });
});
