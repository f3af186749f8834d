import { describe, it, expect } from "vitest";
import { api, registerUser } from "../../support/client";
import { makePdf } from "../../support/fixtures/pdf";
import { upload, waitForStatus } from "../../support/knowledge";

// Uploading a file you already added (walk-through: the same CV twice, both listed and indexed, no word said):
// the upload still goes through (nothing is refused or lost), and the answer names the copy already there.
const pdf = () => new Blob([makePdf([["Ada Walker, marine biologist.", "I dive off the coast of Portugal."]])], { type: "application/pdf" });

describe("knowledge: a file uploaded again", () => {
  it("names the document already holding the same bytes, whatever the file is called", async () => {
    const u = await registerUser("Dup");
    const first = await upload(u.token, pdf(), "cv.pdf");
    expect(first.status).toBe(202);
    expect(first.body.duplicateOf).toBeNull();
    const again = await upload(u.token, pdf(), "cv (1).pdf");
    expect(again.status).toBe(202);
    expect(again.body.duplicateOf).toEqual({ id: first.body.id, title: "cv" });
    // Different bytes are a different document.
    const other = await upload(u.token, new Blob(["# Pets\nA cat called Miso."]), "pets.md");
    expect(other.body.duplicateOf).toBeNull();
  });

  it("a Markdown note uploaded twice is a duplicate too (text is hashed as stored)", async () => {
    const u = await registerUser("Dup md");
    const first = await upload(u.token, new Blob(["# Trips\nLisbon in May."]), "trips.md");
    const again = await upload(u.token, new Blob(["# Trips\nLisbon in May."]), "trips.md");
    expect(again.body.duplicateOf).toEqual({ id: first.body.id, title: "trips" });
  });

  it("is not a duplicate once the first copy is deleted", async () => {
    const u = await registerUser("Dup gone");
    const first = await upload(u.token, pdf(), "cv.pdf");
    await waitForStatus(u.token, first.body.id, "ready");
    expect((await api("DELETE", `/api/knowledge/${first.body.id}`, { token: u.token })).status).toBe(204);
    const again = await upload(u.token, pdf(), "cv.pdf");
    expect(again.body.duplicateOf).toBeNull();
  });

  it("never names another user's document", async () => {
    const a = await registerUser("Dup A");
    const b = await registerUser("Dup B");
    await upload(a.token, pdf(), "cv.pdf");
    const mine = await upload(b.token, pdf(), "cv.pdf");
    expect(mine.body.duplicateOf).toBeNull();
  });
});
