import { chunkFromRow, ftsPhrases, type KnowledgeSearch, type RetrievedChunk, type Retriever, type SearchOptions } from "./keyword-search";
import type { KnowledgeIndex, UserKnowledge } from "./keyword-index";
import type { Embedder } from "../../platform/embedder/port";
import type { VectorStore } from "../../platform/vector-store/port";
import type { KnowledgeRepository } from "./knowledge.repo";
import { reciprocalRankFusion } from "./rrf";
import { plainQuestion } from "../../shared/chat-speak";
import { asksTopic, conceptIds, coverage, framedChunk, profileOf, questionOf, type RelevanceWeights } from "../../shared/relevance";

export interface HybridOptions {
  /** Weight of each retriever in the rank fusion (1 and 1 is plain RRF). */
  weights?: { vector: number; keyword: number };
  /**
   * Offline answering (issue #15): candidates are re-scored by how much of the question they
   * cover (./relevance.ts); below `floor` a candidate is dropped, so a question the notes
   * cannot answer retrieves nothing. `boost` is the coverage's weight added to the fused score.
   */
  relevance?: { floor: number; boost: number; weights?: RelevanceWeights; pool?: number };
  /**
   * The isolate's in-memory keyword index and chunk store (./keyword-index.ts): keyword hits,
   * hydration and relevance profiles come from memory, revalidated by one version read per search
   * that the vector store shares. Without it (or for a user too big for it) the D1 FTS5 path runs.
   */
  index?: { index: KnowledgeIndex; expand?: (text: string) => string[] };
}

/** A question's own work, done once whatever version it is ranked at (HybridSearch.search). */
interface Question {
  text: string;
  limit: number;
  candidates: number;
  embedding: Promise<Float32Array | null>;
  phrases: string[];
  q: ReturnType<typeof questionOf> | undefined;
}

// Candidates per retriever before fusion; bounded so the hydrate query stays under D1's 100 bound parameters.
const CANDIDATES = 40;
// A revision is the owner's own answer to a question: among the close candidates it outranks a
// document the retrievers placed a little higher (a fused score 20% higher).
const OWN_ANSWER_BOOST = 1.2;

/**
 * Vector search (current embedder only) fused with FTS5 keyword search by reciprocal rank.
 * Documents indexed by another embedder are still found by keywords, never by comparing
 * vectors of different models.
 */
export class HybridSearch implements KnowledgeSearch {
  constructor(
    private readonly embedder: Embedder,
    private readonly vectors: VectorStore,
    private readonly keyword: Retriever,
    private readonly repo: KnowledgeRepository,
    private readonly options: HybridOptions = {},
  ) {}

  versionQuery(userId: string) {
    return this.repo.versionQuery(userId);
  }

  async search(userId: string, query: string, k = 5, opts: SearchOptions = {}): Promise<RetrievedChunk[]> {
    // "whats ur fav band" as "what is your favourite band": the lexicon and any embedder know those words.
    const text = plainQuestion(query.trim());
    if (!text) return [];
    const local = this.options.index;
    // One D1 read revalidates both the user's keyword index and vector matrix (migration 0014),
    // unless the caller read it in its own batch (opts.version). It is sent first; the question's
    // own work (its embedding, phrases and concepts: CPU offline, a request with a cloud embedder)
    // is done while it is in flight, not after it.
    const reading = opts.version ?? local?.index.version(userId);
    const limit = Math.max(1, Math.min(k, 50));
    const asked: Question = {
      text,
      limit,
      candidates: Math.max(CANDIDATES, limit * 2),
      embedding: this.embedQuery(text),
      phrases: local ? ftsPhrases(text, local.expand) : [],
      q: this.options.relevance ? questionOf(text) : undefined,
    };
    // The whole search is CPU over this isolate's copies when they are current, so it runs on the
    // copies this isolate holds while the version read is in flight, and its answer is kept only if
    // that read names their version: never stale, and the read's wait is no longer added to it.
    const held = reading && local?.index.held(userId);
    const early = held ? this.rankHeld(userId, asked, held).catch(() => null) : undefined;
    const version = await reading;
    if (early && held && version === held.version) {
      const ranked = await early;
      if (ranked) return ranked;
    }
    return this.rank(userId, asked, version);
  }

  /**
   * `rank` on the index this isolate holds, at its version, when it holds the user's vectors at that
   * version too; else null. It never reads: the vectors are checked and queried in one step, so no
   * other search can change the isolate's copies between them.
   */
  private async rankHeld(userId: string, asked: Question, held: UserKnowledge): Promise<RetrievedChunk[] | null> {
    const vector = await asked.embedding;
    if (vector && this.vectors.cachedVersion && this.vectors.cachedVersion(userId, this.embedder.id, vector.length) !== held.version) return null;
    return this.rank(userId, asked, held.version, { held, vector });
  }

  /**
   * The search at the user's knowledge `version` (undefined: a store without versions, no index).
   * `early`: the index and the question's vector already in hand (rankHeld), so the vector store is
   * asked in the same step as the caller checked it.
   */
  private async rank(
    userId: string,
    asked: Question,
    version: number | undefined,
    early?: { held: UserKnowledge; vector: Float32Array | null },
  ): Promise<RetrievedChunk[]> {
    const { text, limit, candidates, embedding, phrases, q } = asked;
    const local = this.options.index;
    const rel = this.options.relevance;
    const memory = early ? Promise.resolve(early.held) : local && version !== undefined ? local.index.get(userId, version) : Promise.resolve(null);
    const [vectorHits, [mem, keywordHits]] = await Promise.all([
      this.vectorHits(userId, early ? early.vector : embedding, candidates, version),
      memory.then(
        async (m): Promise<[UserKnowledge | null, RetrievedChunk[]]> => [
          m,
          m ? m.search(phrases, candidates) : await this.keyword.search(userId, text, candidates),
        ],
      ),
    ]);
    const w = this.options.weights ?? { vector: 1, keyword: 1 };
    // Twice the wanted count (a few more with a relevance re-score), so an own answer just below the
    // cut can still move up (see OWN_ANSWER_BOOST) and the re-score has candidates to reorder.
    const pool = rel ? Math.max(limit * 2, rel.pool ?? 10) : limit * 2;
    const all = reciprocalRankFusion([vectorHits.map((h) => h.chunkId), keywordHits.map((h) => h.chunkId)], 60, [w.vector, w.keyword]);
    const fused = all.slice(0, pool);
    // With a re-score, each retriever's own best are candidates too, at their fused score: many notes found by both
    // ("We used to live near the river", for "What do you do for a living?") outrank by fusion the one only the keyword
    // side finds through the question's topic ("I work as a nurse"), and the re-score must see it to let it through.
    // Only for a question with a visitor topic, whose words the question itself may not have: the rest rank as before, at
    // the re-score cost they had (bench knowledge, search over 10,000 chunks).
    if (rel && q && asksTopic(q)) {
      // The first `limit` of each: what either would return alone.
      const own = new Set([...keywordHits.slice(0, limit), ...vectorHits.slice(0, limit)].map((h) => h.chunkId));
      for (const f of all.slice(pool)) if (own.has(f.id)) fused.push(f);
    }
    // Offline, with few notes every one is a candidate: whether a note answers is then the relevance floor's call, not
    // whether it shares a word or a vector feature with the question ("Which language are you studying?" ← "Spanish
    // lessons": a kind of language, which only the re-score sees). At most CANDIDATES profiles, cached with the index.
    if (rel && q && mem && mem.size <= CANDIDATES) {
      const listed = new Set(fused.map((f) => f.id));
      for (const id of mem.ids()) if (!listed.has(id)) fused.push({ id, score: 0 });
    }
    const known = new Map(keywordHits.map((h) => [h.chunkId, h]));
    const missing = fused.filter((f) => !known.has(f.id)).map((f) => f.id);
    // Vector-only hits are hydrated from the user's chunk store in memory (only their ready chunks
    // are there), or else from D1, which also re-checks ownership and readiness.
    if (mem) {
      for (const id of missing) {
        const hit = mem.chunk(id);
        if (hit) known.set(id, hit);
      }
    } else for (const r of await this.repo.readyChunks(userId, missing)) known.set(r.id, chunkFromRow(r, 0));
    // Offline, candidates below the relevance floor are dropped (a question the notes cannot answer
    // retrieves nothing) and the rest gain by how much of the question they cover.
    const only = q && conceptIds(q);
    // The owner's own answers (revisions) are preferred over documents found as well for the question.
    return fused
      .flatMap((f) => {
        const hit = known.get(f.id);
        if (!hit) return [];
        let score = f.score;
        if (rel && q) {
          const profile = mem?.profile(hit.chunkId) ?? profileOf(framedChunk(hit.title, hit.heading, hit.content), only);
          const cover = coverage(q, profile, rel.weights);
          if (cover < rel.floor) return [];
          score += rel.boost * cover;
        }
        return [{ ...hit, score: Number((score * (hit.kind === "revision" ? OWN_ANSWER_BOOST : 1)).toFixed(6)) }];
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /** The question's vector, or null when the embedder is out (then the search is keyword-only). Never rejects. */
  private async embedQuery(text: string): Promise<Float32Array | null> {
    try {
      const [v] = await this.embedder.embed([text], "query");
      return v ?? null;
    } catch (err) {
      this.vectorOutage(err);
      return null;
    }
  }

  /** Nearest chunks by the current embedder; an embedder or store outage degrades to keyword-only search. */
  private async vectorHits(userId: string, embedding: Float32Array | null | Promise<Float32Array | null>, candidates: number, version?: number) {
    // A vector in hand is not awaited: awaiting yields, and rankHeld needs the query in its own step.
    const v = embedding instanceof Promise ? await embedding : embedding;
    if (!v) return [];
    try {
      const hits = await this.vectors.query(userId, this.embedder.id, v, candidates, version);
      return hits.filter((h) => h.score > (this.embedder.minSimilarity ?? -Infinity));
    } catch (err) {
      this.vectorOutage(err);
      return [];
    }
  }

  private vectorOutage(err: unknown) {
    console.warn(JSON.stringify({ level: "warn", message: "vector search unavailable, keyword only", embedder: this.embedder.id, error: String(err) }));
  }
}
