import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { KeywordSearch, ftsQuery } from "../../../worker/modules/knowledge/keyword-search";
import { registerUser } from "../../support/client";
import { addDoc as addRows } from "../../support/knowledge-rows";

/** Keyword search reads chunks only: no vectors. */
const addDoc = async (userId: string, title: string, chunks: string[], status = "ready") =>
  (await addRows(userId, title, chunks, { status, vectors: false })).id;

describe("keyword search", () => {
  it("finds the chunk that answers, scoped to its owner and to ready documents", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const doc = await addDoc(a.user.id, "Hobbies", ["I grow tomatoes on my balcony.", "My favourite climbing spot is Fontainebleau."]);
    await addDoc(b.user.id, "Other", ["Fontainebleau is also where B climbs."]);
    await addDoc(a.user.id, "Draft", ["Fontainebleau draft text"], "indexing");
    const search = new KeywordSearch(env.DB);
    const hits = await search.search(a.user.id, "Where do you like climbing? (Fontainebleau?)", 5);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ documentId: doc, title: "Hobbies", position: 1 });
    expect(await search.search(a.user.id, "?!", 5)).toEqual([]);
  });

  it("ranks the index first, yet a user whose chunks are buried under another user's best matches still gets theirs, in rank order", async () => {
    const a = await registerUser();
    const b = await registerUser();
    // b's chunks outrank a's for the query and outnumber what the index-first pass looks at.
    await addDoc(
      b.user.id,
      "Loud",
      Array.from({ length: 40 }, (_, i) => `theremin theremin theremin practice ${i}`),
    );
    const strong = await addDoc(a.user.id, "Mine", ["theremin lessons every week", "a theremin"]);
    const search = new KeywordSearch(env.DB);
    const hits = await search.search(a.user.id, "theremin", 3);
    expect(hits.map((h) => h.documentId)).toEqual([strong, strong]);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    // And b, whose best matches are all in the first pass, gets exactly the top k.
    const bHits = await search.search(b.user.id, "theremin", 5);
    expect(bHits).toHaveLength(5);
    expect(bHits.every((h) => h.title === "Loud")).toBe(true);
  });

  it("ftsQuery quotes words and drops syntax", () => {
    expect(ftsQuery('NEAR("x" AND y*)')).toBe('"near" OR "and"');
    expect(ftsQuery("!!")).toBeNull();
  });
});
