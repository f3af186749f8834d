import { describe, expect, it } from "vitest";
import type { Avatar } from "../src/api/contract";
import { withChange, withUpload } from "../src/lib/my-avatar";
import { avatarFixture } from "./support/fetch-stub";

const avatar = (over: Record<string, unknown> = {}) => avatarFixture(over) as Avatar;

describe("the owner's avatar and its replacement, as the server decides (lib/my-avatar)", () => {
  it("an upload over a ready avatar waits beside it; over none or a failed one it takes its place", () => {
    const next = avatar({ id: "avt_new", status: "queued" });
    expect(withUpload({ ...avatar(), replacement: null }, next)).toEqual({ ...avatar(), replacement: next });
    expect(withUpload(null, next)).toEqual({ ...next, replacement: null });
    expect(withUpload({ ...avatar({ status: "failed" }), replacement: null }, next)).toEqual({ ...next, replacement: null });
  });

  it("a change to the replacement updates it, or once ready makes it the avatar; an unknown avatar changes nothing", () => {
    const cur = { ...avatar(), replacement: avatar({ id: "avt_new", status: "processing" }) };
    const failed = avatar({ id: "avt_new", status: "failed", error: "no face" });
    expect(withChange(cur, failed)).toEqual({ ...avatar(), replacement: failed });
    expect(withChange(cur, avatar({ id: "avt_new", updatedAt: 9 }))).toEqual({ ...avatar({ id: "avt_new", updatedAt: 9 }), replacement: null });
    expect(withChange(cur, avatar({ updatedAt: 9 }))).toEqual({ ...avatar({ updatedAt: 9 }), replacement: cur.replacement });
    expect(withChange(cur, avatar({ id: "avt_other" }))).toBe(cur);
    expect(withChange(null, failed)).toBeNull();
  });
});
