// The in-memory keyword index and chunk store (worker/modules/knowledge/keyword-index.ts): never
// stale across isolates (each search revalidates with one knowledge-version read), scoped to its
// user, and ranked as D1's FTS5 bm25() ranks when the statistics are the same.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { HybridSearch } from "../../../worker/modules/knowledge/hybrid-search";
import { KnowledgeIndex, KnowledgeIndexCache, UserKnowledge } from "../../../worker/modules/knowledge/keyword-index";
import { KeywordSearch, ftsPhrases, ftsQuery } from "../../../worker/modules/knowledge/keyword-search";
import { OFFLINE_HYBRID } from "../../../worker/modules/knowledge/offline-retrieval";
import { keywordExpansions } from "../../../worker/shared/relevance";
import { countingD1, newRoundTrips, withRoundTrips } from "../../../worker/shared/round-trips";
import { LexicalConceptEmbedder } from "../../../worker/platform/embedder/lexical-concepts";
import { D1VectorStore } from "../../../worker/platform/vector-store/d1";
import { createDb } from "../../../worker/platform/db/client";
import { KnowledgeRepository, type ReadyChunkRow } from "../../../worker/modules/knowledge/knowledge.repo";
import { api, registerUser } from "../../support/client";
import { repos } from "../../support/container";
import { addDoc } from "../../support/knowledge-rows";

const embedder = new LexicalConceptEmbedder();

/** One "isolate": its own index cache, the app's retrieval settings (offline weights and relevance floor). */
function isolate(db: D1Database = env.DB, relevance = false) {
  const source = new KnowledgeRepository(createDb(db), db);
  const cache = new KnowledgeIndexCache();
  const search = new HybridSearch(embedder, new D1VectorStore(db), new KeywordSearch(db, keywordExpansions), source, {
    ...(relevance ? OFFLINE_HYBRID : {}),
    index: { index: new KnowledgeIndex(source, cache), expand: keywordExpansions },
  });
  return { search, cache };
}

const titles = async (s: HybridSearch, userId: string, q: string) => (await s.search(userId, q, 5)).map((h) => h.title);
// Without the relevance floor the vector side returns nearest neighbours, however loosely related:
// what must be absent is checked by document and text, not by an empty result.
const texts = async (s: HybridSearch, userId: string, q: string) => (await s.search(userId, q, 5)).map((h) => h.content);

describe("in-memory keyword index: never stale", () => {
  it("a document added, still processing, re-titled, re-chunked or deleted shows in the very next search of every isolate", async () => {
    const u = await registerUser();
    const a = isolate();
    const b = isolate();
    await addDoc(u.user.id, "Hobbies", ["I play the theremin on Sundays."]);
    expect(await titles(a.search, u.user.id, "theremin")).toEqual(["Hobbies"]);
    expect(await titles(b.search, u.user.id, "theremin")).toEqual(["Hobbies"]);
    expect(a.cache.usedBytes).toBeGreaterThan(0); // served from memory from now on

    // Added through "isolate" a's world (plain D1 writes): b sees it at once.
    const added = await addDoc(u.user.id, "Music", ["The theremin was my grandfather's."]);
    expect((await titles(b.search, u.user.id, "theremin")).sort()).toEqual(["Hobbies", "Music"]);

    // Still processing: not searchable; ready: searchable.
    const draft = await addDoc(u.user.id, "Draft", ["theremin draft notes"], { status: "indexing" });
    expect(await titles(a.search, u.user.id, "draft")).not.toContain("Draft");
    await env.DB.prepare("UPDATE knowledge_documents SET progress = 50 WHERE id = ?").bind(draft.id).run();
    expect(await titles(a.search, u.user.id, "draft")).not.toContain("Draft");
    await env.DB.prepare("UPDATE knowledge_documents SET status = 'ready' WHERE id = ?").bind(draft.id).run();
    expect((await titles(a.search, u.user.id, "draft"))[0]).toBe("Draft");
    expect((await titles(b.search, u.user.id, "draft"))[0]).toBe("Draft");

    // Re-titled.
    await env.DB.prepare("UPDATE knowledge_documents SET title = 'Family' WHERE id = ?").bind(added.id).run();
    expect((await titles(a.search, u.user.id, "grandfather"))[0]).toBe("Family");
    expect((await titles(b.search, u.user.id, "grandfather"))[0]).toBe("Family");
    expect(await titles(b.search, u.user.id, "grandfather")).not.toContain("Music");

    // Re-chunked (the indexing job's replaceChunks): old words gone, new ones found.
    await repos().knowledge.replaceChunks({ id: added.id, userId: u.user.id }, [
      { id: `chk_${crypto.randomUUID()}`, position: 0, heading: "Family", content: "My grandmother played the cello." },
    ]);
    expect((await texts(a.search, u.user.id, "grandfather")).join(" ")).not.toContain("grandfather");
    // The new chunk itself (it has no vector, so only the keyword index can bring it). Not "first": without the floor a
    // vector-only hit may rank above it (the theremin note shares "musical instrument" with "cello"; so it did on lexical-hash-v5).
    expect(await texts(b.search, u.user.id, "cello")).toContain("My grandmother played the cello.");

    // Deleted (chunks go by cascade).
    await env.DB.prepare("DELETE FROM knowledge_documents WHERE id = ?").bind(added.id).run();
    expect(await titles(a.search, u.user.id, "cello")).not.toContain("Family");
    expect(await titles(b.search, u.user.id, "cello")).not.toContain("Family");
  });

  it("ranks on this isolate's copy while the version read is in flight, and keeps that answer only if the read confirms its version", async () => {
    const u = await registerUser();
    const a = isolate();
    await addDoc(u.user.id, "Hobbies", ["I play the theremin on Sundays."]);
    expect(await titles(a.search, u.user.id, "theremin")).toEqual(["Hobbies"]);
    const held = a.cache.peek(u.user.id)?.version;
    expect(held).toBeTypeOf("number");
    let ranked = 0;
    const rank = UserKnowledge.prototype.search;
    UserKnowledge.prototype.search = function (this: UserKnowledge, ...args: Parameters<typeof rank>) {
      ranked++;
      return rank.apply(this, args);
    };
    try {
      let confirm!: (v: number) => void;
      const pending = a.search.search(u.user.id, "theremin", 5, { version: new Promise<number>((r) => (confirm = r)) });
      await new Promise((r) => setTimeout(r, 0));
      expect(ranked).toBe(1); // before the version came back
      confirm(held!);
      expect((await pending).map((h) => h.title)).toEqual(["Hobbies"]);
      expect(ranked).toBe(1); // and not again after it

      // Knowledge changed elsewhere: the version read names one this isolate does not hold, so the
      // early answer is dropped, whether the read comes back before or after it.
      await addDoc(u.user.id, "Music", ["The theremin was my grandfather's."]);
      const current = await new KnowledgeRepository(createDb(env.DB), env.DB).knowledgeVersion(u.user.id);
      expect(current).not.toBe(held);
      const late = a.search.search(u.user.id, "theremin", 5, { version: new Promise<number>((r) => (confirm = r)) });
      await new Promise((r) => setTimeout(r, 0));
      confirm(current);
      expect((await late).map((h) => h.title).sort()).toEqual(["Hobbies", "Music"]);
      await addDoc(u.user.id, "Lessons", ["Theremin lessons on Fridays."]);
      const next = await new KnowledgeRepository(createDb(env.DB), env.DB).knowledgeVersion(u.user.id);
      const hits = await a.search.search(u.user.id, "theremin", 5, { version: Promise.resolve(next) });
      expect(hits.map((h) => h.title).sort()).toEqual(["Hobbies", "Lessons", "Music"]);
    } finally {
      UserKnowledge.prototype.search = rank;
    }
  });

  it("a search served from memory makes one D1 round trip (the version read), also with the relevance re-score", async () => {
    const u = await registerUser();
    await addDoc(u.user.id, "Climbing", ["My favourite climbing spot is Fontainebleau.", "I climb twice a week in Porto."]);
    const { search } = isolate(countingD1(env.DB), true);
    const run = async () => {
      const t = newRoundTrips();
      const hits = await withRoundTrips(t, () => search.search(u.user.id, "Where do you climb in Porto?", 3));
      return { hits, d1: t.d1 };
    };
    const first = await run();
    expect(first.hits.map((h) => h.content)).toContain("I climb twice a week in Porto.");
    expect(first.d1).toBeGreaterThan(1); // version, size, chunks, vectors
    const warm = await run();
    expect(warm.hits).toEqual(first.hits);
    expect(warm.d1).toBe(1);
  });

  it("a user too big for the cache is searched through D1 FTS5, with the same results", async () => {
    const u = await registerUser();
    await addDoc(u.user.id, "Hobbies", ["I play the theremin on Sundays.", "Chess on Mondays."]);
    const small = new KnowledgeIndexCache(64); // bytes: nobody fits
    const repo = repos().knowledge;
    const index = new KnowledgeIndex(repo, small);
    expect(await index.get(u.user.id, await index.version(u.user.id))).toBeNull();
    const tiny = new HybridSearch(embedder, new D1VectorStore(env.DB), new KeywordSearch(env.DB, keywordExpansions), repo, {
      index: { index, expand: keywordExpansions },
    });
    const roomy = isolate();
    expect(await tiny.search(u.user.id, "theremin Sundays", 5)).toEqual(await roomy.search.search(u.user.id, "theremin Sundays", 5));
    expect((await tiny.search(u.user.id, "theremin", 5)).map((h) => h.title)).toEqual(["Hobbies"]);
  });
});

describe("in-memory keyword index: per user", () => {
  it("user A never sees user B's chunks, in memory or through the API", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const mine = await addDoc(a.user.id, "Mine", ["theremin lessons every week"]);
    const theirs = await addDoc(b.user.id, "Theirs", ["theremin theremin theremin recital"]);
    const s = isolate();
    const hitsA = await s.search.search(a.user.id, "theremin recital", 10);
    expect(hitsA.map((h) => h.documentId)).toEqual([mine.id]);
    const hitsB = await s.search.search(b.user.id, "theremin lessons", 10);
    expect(hitsB.map((h) => h.documentId)).toEqual([theirs.id]);
    // The app's own isolate (the route), after both indexes are warm.
    for (let i = 0; i < 2; i++) {
      const res = await api("GET", "/api/knowledge/search?q=theremin%20recital&k=10", { token: a.token });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { documentId: string }) => r.documentId)).toEqual([mine.id]);
    }
    const index = new KnowledgeIndex(repos().knowledge, new KnowledgeIndexCache());
    const memA = (await index.get(a.user.id, await index.version(a.user.id)))!;
    expect(memA.has(theirs.ids[0]!)).toBe(false);
    expect(memA.chunk(theirs.ids[0]!)).toBeUndefined();
    expect(memA.profile(theirs.ids[0]!)).toBeUndefined();
    expect(memA.chunk(mine.ids[0]!)).toMatchObject({ documentId: mine.id, title: "Mine" });
  });
});

describe("knowledge version row", () => {
  it("goes with the account, and the deletion's cascade does not bring it back", async () => {
    const u = await registerUser();
    await addDoc(u.user.id, "Hobbies", ["I play the theremin on Sundays."]);
    const row = () => env.DB.prepare("SELECT version FROM knowledge_versions WHERE user_id = ?").bind(u.user.id).first<number>("version");
    expect(await row()).toBeGreaterThan(0);
    const res = await api("DELETE", "/api/users/me", { token: u.token, body: { password: u.password } });
    expect(res.status).toBe(204);
    expect(await row()).toBeNull();
  });
});

describe("in-memory keyword index: FTS5's ranking", () => {
  // A corpus of its own in a scratch FTS5 table with the app's tokenizer: the statistics FTS5 ranks
  // by (rows, rows per phrase, average length) are then exactly the user's, as in the index.
  const vocabulary =
    "theremin cello violin climbing climbs climber porto lisbon garden tomatoes tomato bakery coffee river winter chess kafka pipeline data free time".split(
      " ",
    );
  function corpus(n: number) {
    let x = 7;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x / 2 ** 31;
    };
    return Array.from({ length: n }, (_, i) => {
      const words = Array.from({ length: 5 + Math.floor(next() * 30) }, () =>
        next() < 0.5 ? vocabulary[Math.floor(next() * vocabulary.length)] : `w${Math.floor(next() * 40)}`,
      );
      return { id: `c${i}`, heading: i % 3 === 0 ? `Notes on ${vocabulary[i % vocabulary.length]}` : "", content: `${words.join(" ")}.` };
    });
  }

  it("orders and scores as bm25() over the same rows, phrases and headings included", async () => {
    const rows = corpus(60);
    const table = `fts_parity_${crypto.randomUUID().replaceAll("-", "")}`;
    await env.DB.prepare(`CREATE VIRTUAL TABLE ${table} USING fts5(content, heading, tokenize='porter unicode61')`).run();
    await env.DB.batch(rows.map((r, i) => env.DB.prepare(`INSERT INTO ${table} (rowid, content, heading) VALUES (?, ?, ?)`).bind(i + 1, r.content, r.heading)));
    const index = new UserKnowledge(
      1,
      rows.map((r, i) => [r.id, "doc", "Title", "document", null, i, r.heading, r.content]),
    );
    const questions = [
      "Where do you climb in Porto?",
      "Tell me about the violin and the cello",
      "What do you do in your free time?", // the expansion adds the phrase "free time" (and more)
      "tomatoes in the garden",
      "w3 w17 coffee",
      "nothing matches zzz",
    ];
    let compared = 0;
    for (const q of questions) {
      const match = ftsQuery(q, keywordExpansions);
      const phrases = ftsPhrases(q, keywordExpansions);
      if (!match) continue;
      const { results } = await env.DB.prepare(`SELECT rowid, bm25(${table}) AS rank FROM ${table} WHERE ${table} MATCH ? ORDER BY rank, rowid LIMIT 40`)
        .bind(match)
        .all<{ rowid: number; rank: number }>();
      const mine = index.search(phrases, 40);
      expect(mine.map((h) => h.chunkId)).toEqual(results.map((r) => `c${r.rowid - 1}`));
      mine.forEach((h, i) => expect(h.score).toBeCloseTo(-results[i]!.rank, 9));
      compared += results.length;
    }
    expect(compared).toBeGreaterThan(60); // the questions do match a good part of the corpus
    expect(ftsPhrases("What do you do in your free time?", keywordExpansions)).toContain("free time");
  });
});

describe("in-memory keyword index: loading", () => {
  it("a search never waits on another request's load for good: if that load never ends (its request gone), it loads by itself", async () => {
    let calls = 0;
    const rows: ReadyChunkRow[] = [["chk_1", "doc_1", "Hobbies", "document", null, 0, "", "I play the cello on Thursdays."]];
    const source = {
      knowledgeVersion: async () => 1,
      readySize: async () => ({ chunks: 1, chars: 40 }),
      // The first load hangs, as one does when workerd cancels the request that started it.
      allReadyChunks: () => (calls++ === 0 ? new Promise<ReadyChunkRow[]>(() => {}) : Promise.resolve(rows)),
    };
    const index = new KnowledgeIndex(source, new KnowledgeIndexCache());
    void index.get("u1", 1);
    const second = await index.get("u1", 1);
    expect(second?.search(["cello"], 5).map((h) => h.chunkId)).toEqual(["chk_1"]);
    expect(calls).toBe(2);
  });

  it("searches arriving while the index loads wait for that one load instead of loading it again", async () => {
    let calls = 0;
    const rows: ReadyChunkRow[] = [["chk_1", "doc_1", "Hobbies", "document", null, 0, "", "I play the cello on Thursdays."]];
    const source = {
      knowledgeVersion: async () => 1,
      readySize: async () => ({ chunks: 1, chars: 40 }),
      allReadyChunks: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 50));
        return rows;
      },
    };
    const index = new KnowledgeIndex(source, new KnowledgeIndexCache());
    const got = await Promise.all([index.get("u1", 1), index.get("u1", 1), index.get("u1", 1)]);
    expect(got.every((g) => g?.has("chk_1"))).toBe(true);
    expect(calls).toBe(1);
  });
});

// bench knowledge (10,000 chunks through the index, as the app searches them): search p99 was 520 ms against a p50 of 13,
// because the relevance profiles each search adds pushed the user's own index past the cache's bound, which evicted it,
// and the next search loaded all of it again, over and over.
describe("in-memory keyword index: profiles within the bound", () => {
  it("profiles that would take the index past the cache's bound are dropped, not the index: it is never loaded again", async () => {
    let loads = 0;
    const rows: ReadyChunkRow[] = Array.from({ length: 40 }, (_, i) => [
      `chk_${i}`,
      "doc_1",
      "Notes",
      "document",
      null,
      i,
      "",
      `Note ${i}: I play the cello, climb in Porto and grow tomatoes in the garden behind the house.`,
    ]);
    const source = {
      knowledgeVersion: async () => 1,
      readySize: async () => ({ chunks: rows.length, chars: 40 * 90 }),
      allReadyChunks: async () => {
        loads++;
        return rows;
      },
    };
    const probe = new UserKnowledge(1, rows);
    // Room for the index and a few profiles, not for all forty.
    const cache = new KnowledgeIndexCache(probe.bytes + 12_000);
    const index = new KnowledgeIndex(source, cache);
    const first = await index.get("u1", 1);
    for (const [id] of rows) (await index.get("u1", 1))?.profile(id);
    expect(await index.get("u1", 1)).toBe(first);
    expect(loads).toBe(1);
    expect(cache.usedBytes).toBeLessThanOrEqual(cache.maxBytes);
    // Profiles are still answered (computed again when not kept).
    expect(first?.profile("chk_39")?.stems.has("cello")).toBe(true);
  });
});
