import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { registerUser } from "../support/client";
import { D1VectorStore } from "../../worker/platform/vector-store/d1";
import { container, localAdapters, repos } from "../support/container";
import { HybridSearch } from "../../worker/modules/knowledge/hybrid-search";
import { KeywordSearch } from "../../worker/modules/knowledge/keyword-search";
import { OpenAiEmbedder } from "../../worker/platform/embedder/openai";
import { reciprocalRankFusion } from "../../worker/modules/knowledge/rrf";

const unit = (...xs: number[]) => {
  const v = Float32Array.from(xs);
  const n = Math.hypot(...xs);
  return v.map((x) => x / n);
};

async function readyDoc(userId: string, chunks: string[]) {
  const repo = repos().knowledge;
  const doc = await repo.create({ userId, title: "T", source: "note", mimeType: "text/plain", sizeBytes: 0, body: "" });
  const rows = chunks.map((content, position) => ({ id: `chk_${crypto.randomUUID()}`, position, heading: "", content }));
  await repo.replaceChunks(doc, rows);
  await repo.update(doc.id, { status: "ready" });
  return { doc, ids: rows.map((r) => r.id) };
}

describe("D1 vector store: exact cosine, scoped by user and embedder", () => {
  it("ranks by cosine and never returns another user's or another embedder's vectors", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const store = new D1VectorStore(env.DB);
    const da = await readyDoc(a.user.id, ["x", "y", "z"]);
    const db = await readyDoc(b.user.id, ["x"]);
    await store.upsert(a.user.id, "e1@3", [
      { chunkId: da.ids[0]!, documentId: da.doc.id, vector: unit(1, 0, 0) },
      { chunkId: da.ids[1]!, documentId: da.doc.id, vector: unit(1, 1, 0) },
    ]);
    await store.upsert(a.user.id, "e2@3", [{ chunkId: da.ids[2]!, documentId: da.doc.id, vector: unit(1, 0, 0) }]);
    await store.upsert(b.user.id, "e1@3", [{ chunkId: db.ids[0]!, documentId: db.doc.id, vector: unit(1, 0, 0) }]);

    const hits = await store.query(a.user.id, "e1@3", unit(1, 0.1, 0), 10);
    expect(hits.map((h) => h.chunkId)).toEqual([da.ids[0], da.ids[1]]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]!.score).toBeCloseTo(0.995, 2);
    expect(await store.query(a.user.id, "e1@3", unit(1, 0, 0), 1)).toHaveLength(1);
    // A query vector of other dimensions matches nothing rather than comparing garbage.
    expect(await store.query(a.user.id, "e1@3", unit(1, 0, 0, 0), 10)).toEqual([]);

    await store.upsert(a.user.id, "e1@3", [{ chunkId: da.ids[0]!, documentId: da.doc.id, vector: unit(0, 0, 1) }]); // replace
    expect((await store.query(a.user.id, "e1@3", unit(1, 0, 0), 10))[0]!.chunkId).toBe(da.ids[1]);
    await store.delete(a.user.id, [da.ids[1]!]);
    await store.delete(a.user.id, [db.ids[0]!]); // not A's: untouched
    expect((await store.query(a.user.id, "e1@3", unit(1, 0, 0), 10)).map((h) => h.chunkId)).toEqual([da.ids[0]]);
    expect(await store.query(b.user.id, "e1@3", unit(1, 0, 0), 10)).toHaveLength(1);
  });
});

describe("D1 vector store: isolate cache", () => {
  it("serves repeated queries from the decoded matrix and sees every write (insert, replace, cascade delete)", async () => {
    const u = await registerUser();
    const store = new D1VectorStore(env.DB);
    const version = () =>
      env.DB.prepare("SELECT version FROM knowledge_vector_versions WHERE user_id = ? AND embedder = 'c@2'").bind(u.user.id).first<number>("version");
    const d = await readyDoc(u.user.id, ["a", "b"]);
    await store.upsert(u.user.id, "c@2", [{ chunkId: d.ids[0]!, documentId: d.doc.id, vector: unit(1, 0) }]);
    expect((await store.query(u.user.id, "c@2", unit(1, 0), 5)).map((h) => h.chunkId)).toEqual([d.ids[0]]);
    const v1 = await version();
    await store.upsert(u.user.id, "c@2", [{ chunkId: d.ids[1]!, documentId: d.doc.id, vector: unit(1, 0.2) }]);
    expect(await version()).toBeGreaterThan(v1!);
    expect((await store.query(u.user.id, "c@2", unit(1, 0), 5)).map((h) => h.chunkId)).toEqual([d.ids[0], d.ids[1]]);
    // A D1 cascade (chunk rows replaced by a re-index) bypasses the store: the trigger still bumps the version.
    await repos().knowledge.replaceChunks(d.doc, [{ id: d.ids[1]!, position: 0, heading: "", content: "b" }]);
    expect((await store.query(u.user.id, "c@2", unit(1, 0), 5)).map((h) => h.chunkId)).toEqual([]);
    await store.forgetUser(u.user.id);
    expect(await version()).toBeNull();
  });
});

describe("hybrid search", () => {
  it("reciprocal rank fusion rewards agreement between lists", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["c", "a", "d"],
    ]);
    expect(fused.map((f) => f.id)).toEqual(["a", "c", "b", "d"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 10);
  });

  it("after an embedder change, old vectors are not compared: keyword search still finds the chunk", async () => {
    const u = await registerUser();
    const s = { ...localAdapters(), knowledge: container().knowledge };
    const { doc, ids } = await readyDoc(u.user.id, ["My cat is called Miso.", "I live in Porto."]);
    await s.vectors.upsert(
      u.user.id,
      s.embedder.id,
      (await s.embedder.embed(["My cat is called Miso.", "I live in Porto."], "document")).map((vector, i) => ({
        chunkId: ids[i]!,
        documentId: doc.id,
        vector,
      })),
    );
    const other = new OpenAiEmbedder({ baseUrl: `${env.TEST_MOCK_API_URL}/v1`, apiKey: "test-embeddings-key", model: "mock-512", dims: 512 });
    expect(await s.vectors.query(u.user.id, other.id, (await other.embed(["cat Miso"], "query"))[0]!, 5)).toEqual([]);
    const hybrid = new HybridSearch(other, s.vectors, new KeywordSearch(env.DB), repos().knowledge);
    const hits = await hybrid.search(u.user.id, "what is your cat called", 3);
    expect(hits[0]).toMatchObject({ chunkId: ids[0], documentId: doc.id });
  });

  it("an embedder outage degrades to keyword search instead of failing chat", async () => {
    const u = await registerUser();
    const s = { ...localAdapters(), knowledge: container().knowledge };
    const { ids } = await readyDoc(u.user.id, ["My cat is called Miso."]);
    const down = new OpenAiEmbedder({ baseUrl: `${env.TEST_MOCK_API_URL}/v1`, apiKey: "test-embeddings-key", model: "always-fails", dims: 8 });
    const hits = await new HybridSearch(down, s.vectors, new KeywordSearch(env.DB), repos().knowledge).search(u.user.id, "cat Miso", 3);
    expect(hits.map((h) => h.chunkId)).toEqual([ids[0]]);
  });

  it("a vector-only match (no shared keyword for FTS) is hydrated and returned", async () => {
    const u = await registerUser();
    const s = { ...localAdapters(), knowledge: container().knowledge };
    const { doc, ids } = await readyDoc(u.user.id, ["Bouldering is my favourite sport."]);
    await s.vectors.upsert(u.user.id, s.embedder.id, [
      { chunkId: ids[0]!, documentId: doc.id, vector: (await s.embedder.embed(["Bouldering is my favourite sport."], "document"))[0]! },
    ]);
    // A misspelling: no FTS token matches, but the lexical vector's character trigrams do.
    expect(await new KeywordSearch(env.DB).search(u.user.id, "bouldring", 3)).toEqual([]);
    const hits = await s.knowledge.search(u.user.id, "bouldring", 3);
    expect(hits[0]).toMatchObject({ chunkId: ids[0], title: "T", content: "Bouldering is my favourite sport." });
  });
});
