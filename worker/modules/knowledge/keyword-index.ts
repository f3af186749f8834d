/**
 * An isolate-local keyword index and chunk store per user: what the D1 FTS5 query and the chunk
 * hydration read on every search, kept in memory and revalidated per search by the user's
 * knowledge version (one small D1 read, shared with the vector matrix: migration 0014).
 *
 * Ranking is FTS5's bm25() (k1 1.2, b 0.75; IDF log((N − n + 0.5) / (n + 0.5)), floored at 1e-6;
 * a row's length is its content and heading tokens; every quoted phrase of the OR query scores
 * on its own), with one deliberate difference: N, n and the average length are the user's own
 * ready chunks, not the whole FTS table (every user's rows, and chunks of documents still
 * processing). That is better, not only cheaper: another user's notes no longer move the weight
 * of a word in yours, and a word common in your notes stops counting as rare because it is rare
 * elsewhere. On a corpus where the two statistics agree (one user, everything ready) the order is
 * FTS5's (test/modules/knowledge/keyword-index.test.ts); tokens are ftsIndexTerms (shared/text.ts).
 *
 * Users too big for the cache are served by the D1 FTS5 path as before (HybridSearch falls back).
 */
import { framedChunk, type Profile, profileOf } from "../../shared/relevance";
import { ftsIndexTerms } from "../../shared/text";
import type { ReadyChunkRow } from "./knowledge.repo";
import type { RetrievedChunk } from "./keyword-search";

const K1 = 1.2;
const B = 0.75;
/** Between a row's content and heading tokens: a phrase never spans the two columns (FTS5 positions are per column). */
const COLUMN_BREAK = -1;

/** One user's ready chunks at one knowledge version: texts, an inverted index (term → rows, frequencies) and lazily computed relevance profiles. */
export class UserKnowledge {
  /** Estimated bytes held (strings, typed arrays, vocabulary, profiles computed so far). */
  bytes: number;
  /** `bytes` without any profile. */
  private readonly baseBytes: number;
  private readonly row = new Map<string, number>();
  private readonly vocab = new Map<string, number>();
  private readonly postings: Int32Array[] = [];
  private readonly freqs: Int32Array[] = [];
  private readonly lengths: Int32Array;
  private readonly avgdl: number;
  /** Every row's term ids (content, COLUMN_BREAK, heading), row r at offsets[r] .. offsets[r + 1]: for phrase matching. */
  private readonly tokens: Int32Array;
  private readonly offsets: Int32Array;
  private readonly profiles: (Profile | undefined)[];
  /** Per-query scratch (a search runs to completion without awaiting, so one buffer per index is safe). */
  private readonly scores: Float64Array;
  private readonly seen: Uint8Array;

  constructor(
    readonly version: number,
    private readonly rows: ReadyChunkRow[],
    private readonly onGrow: (bytes: number) => void = () => {},
  ) {
    const n = rows.length;
    this.lengths = new Int32Array(n);
    this.offsets = new Int32Array(n + 1);
    this.profiles = new Array(n);
    this.scores = new Float64Array(n);
    this.seen = new Uint8Array(n);
    const stems = new Map<string, string>();
    const seq: number[] = [];
    const posting: number[][] = [];
    const freq: number[][] = [];
    let chars = 0;
    let total = 0;
    for (let r = 0; r < n; r++) {
      const [id, documentId, title, , url, , heading, content] = rows[r]!;
      this.row.set(id, r);
      chars += id.length + documentId.length + title.length + (url?.length ?? 0) + heading.length + content.length;
      this.offsets[r] = seq.length;
      const add = (stem: string) => {
        let t = this.vocab.get(stem);
        if (t === undefined) {
          t = posting.length;
          this.vocab.set(stem, t);
          posting.push([]);
          freq.push([]);
        }
        seq.push(t);
        const p = posting[t]!;
        if (p[p.length - 1] === r) freq[t]![p.length - 1]!++;
        else {
          p.push(r);
          freq[t]!.push(1);
        }
      };
      const c = ftsIndexTerms(content, stems);
      for (const s of c) add(s);
      seq.push(COLUMN_BREAK);
      const h = ftsIndexTerms(heading, stems);
      for (const s of h) add(s);
      this.lengths[r] = c.length + h.length;
      total += c.length + h.length;
    }
    this.offsets[n] = seq.length;
    this.tokens = Int32Array.from(seq);
    let postings = 0;
    for (let t = 0; t < posting.length; t++) {
      this.postings.push(Int32Array.from(posting[t]!));
      this.freqs.push(Int32Array.from(freq[t]!));
      postings += posting[t]!.length;
    }
    this.avgdl = n ? total / n : 1;
    let vocabChars = 0;
    for (const k of this.vocab.keys()) vocabChars += k.length;
    // Strings are UTF-16; each row, map entry and typed array carries some fixed overhead besides.
    this.bytes = 2 * chars + 160 * n + 4 * this.tokens.length + 8 * postings + 2 * vocabChars + 120 * this.vocab.size + 17 * n;
    this.baseBytes = this.bytes;
  }

  /** Forgets the profiles computed so far (they are computed again on use); returns the bytes that frees. */
  dropProfiles(): number {
    const freed = this.bytes - this.baseBytes;
    this.profiles.fill(undefined);
    this.bytes = this.baseBytes;
    return freed;
  }

  get size(): number {
    return this.rows.length;
  }

  /** Every ready chunk's id, in load order. */
  ids(): string[] {
    return this.rows.map((r) => r[0]);
  }

  has(chunkId: string): boolean {
    return this.row.has(chunkId);
  }

  /** A chunk as a search result (score 0), if it is one of the user's ready chunks. */
  chunk(chunkId: string, score = 0): RetrievedChunk | undefined {
    const r = this.row.get(chunkId);
    return r === undefined ? undefined : this.result(r, score);
  }

  /** The chunk's relevance profile (its heading or title, and content: what HybridSearch re-scores), computed on first use only. */
  profile(chunkId: string): Profile | undefined {
    const r = this.row.get(chunkId);
    if (r === undefined) return undefined;
    let p = this.profiles[r];
    if (!p) {
      const [, , title, , , , heading, content] = this.rows[r]!;
      p = this.profiles[r] = profileOf(framedChunk(title, heading, content));
      let grow = 64 * (p.stems.size + p.lemmas.size);
      for (const e of p.concepts.values()) grow += 96 + 8 * e.stems.length;
      this.bytes += grow;
      this.onGrow(grow);
    }
    return p;
  }

  /** The k best rows for the OR of `phrases` (as FTS5 MATCH '"a" OR "b c"' ranked by bm25), best first. */
  search(phrases: readonly string[], k: number): RetrievedChunk[] {
    const n = this.rows.length;
    if (!n || k <= 0) return [];
    const scores = this.scores;
    const seen = this.seen;
    const touched: number[] = [];
    const hit = (r: number, w: number) => {
      if (!seen[r]) {
        seen[r] = 1;
        scores[r] = 0;
        touched.push(r);
      }
      scores[r]! += w;
    };
    for (const phrase of phrases) {
      const ids: number[] = [];
      for (const s of ftsIndexTerms(phrase)) {
        const t = this.vocab.get(s);
        if (t === undefined) {
          ids.length = 0;
          break;
        }
        ids.push(t);
      }
      if (!ids.length) continue;
      const { rows, counts } = ids.length === 1 ? { rows: this.postings[ids[0]!]!, counts: this.freqs[ids[0]!]! } : this.phraseHits(ids);
      const m = rows.length;
      if (!m) continue;
      let idf = Math.log((n - m + 0.5) / (m + 0.5));
      if (idf <= 0) idf = 1e-6;
      for (let i = 0; i < m; i++) {
        const r = rows[i]!;
        const f = counts[i]!;
        hit(r, (idf * (f * (K1 + 1))) / (f + K1 * (1 - B + (B * this.lengths[r]!) / this.avgdl)));
      }
    }
    // Top k by insertion into a short sorted list (equal scores: the earlier row first).
    const top: number[] = [];
    for (const r of touched) {
      seen[r] = 0;
      const s = scores[r]!;
      if (top.length === k) {
        const last = top[k - 1]!;
        if (s < scores[last]! || (s === scores[last]! && r > last)) continue;
        top.pop();
      }
      let at = top.length;
      while (at > 0 && (scores[top[at - 1]!]! < s || (scores[top[at - 1]!]! === s && top[at - 1]! > r))) at--;
      top.splice(at, 0, r);
    }
    return top.map((r) => this.result(r, scores[r]!));
  }

  /** The rows where the words `ids` stand next to each other in this order, and how often (FTS5's phrase hits). */
  private phraseHits(ids: number[]): { rows: Int32Array; counts: Int32Array } {
    let rarest = ids[0]!;
    for (const t of ids) if (this.postings[t]!.length < this.postings[rarest]!.length) rarest = t;
    const candidates = this.postings[rarest]!;
    const rows: number[] = [];
    const counts: number[] = [];
    const tok = this.tokens;
    const len = ids.length;
    for (const r of candidates) {
      const end = this.offsets[r + 1]! - len;
      let count = 0;
      for (let p = this.offsets[r]!; p <= end; p++) {
        let j = 0;
        while (j < len && tok[p + j] === ids[j]) j++;
        if (j === len) count++;
      }
      if (count) {
        rows.push(r);
        counts.push(count);
      }
    }
    return { rows: Int32Array.from(rows), counts: Int32Array.from(counts) };
  }

  private result(r: number, score: number): RetrievedChunk {
    const [id, documentId, title, kind, url, position, heading, content] = this.rows[r]!;
    return { chunkId: id, documentId, title, ...(url ? { url } : {}), position, heading, content, score, kind };
  }
}

/** A user found too big for the cache at a version: searched through D1 FTS5 until the version moves. */
interface TooBig {
  version: number;
  bytes: number;
  tooBig: true;
}

/**
 * Isolate-local LRU of users' indexes, bounded by estimated bytes (as MatrixCache is for vectors).
 * An entry is only used while its version equals the one just read from D1, so it is never stale.
 */
export class KnowledgeIndexCache {
  private readonly entries = new Map<string, UserKnowledge | TooBig>();
  private bytes = 0;
  constructor(readonly maxBytes = 40 * 1024 * 1024) {}

  get(userId: string, version: number): UserKnowledge | TooBig | undefined {
    const hit = this.entries.get(userId);
    if (!hit) return undefined;
    this.entries.delete(userId);
    if (hit.version !== version) {
      this.bytes -= hit.bytes;
      return undefined;
    }
    this.entries.set(userId, hit); // most recently used goes last
    return hit;
  }

  /** The user's index held here (not one too big for memory), whatever its version, without touching its recency. */
  peek(userId: string): UserKnowledge | undefined {
    const hit = this.entries.get(userId);
    return hit && !("tooBig" in hit) ? hit : undefined;
  }

  set(userId: string, entry: UserKnowledge | TooBig): void {
    const old = this.entries.get(userId);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(userId);
    }
    if (entry.bytes > this.maxBytes) entry = { version: entry.version, bytes: 0, tooBig: true };
    this.entries.set(userId, entry);
    this.bytes += entry.bytes;
    this.evict();
  }

  /**
   * An entry grew (a relevance profile was computed): count it, evicting others past the bound, and if it alone is past
   * it, its profiles rather than itself: evicting the index for its profiles made the next search load all of it again.
   */
  grew(userId: string, entry: UserKnowledge, bytes: number): void {
    if (this.entries.get(userId) !== entry) return;
    this.bytes += bytes;
    this.evict(entry);
    if (this.bytes > this.maxBytes) this.bytes -= entry.dropProfiles();
  }

  get usedBytes(): number {
    return this.bytes;
  }

  private evict(keep?: UserKnowledge): void {
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      if (v === keep) continue;
      this.entries.delete(k);
      this.bytes -= v.bytes;
    }
  }
}

// Shared by every KnowledgeIndex of this isolate: indexes survive across requests.
const isolateCache = new KnowledgeIndexCache();

/** What the index reads from D1 (KnowledgeRepository). */
export interface KnowledgeIndexSource {
  knowledgeVersion(userId: string): Promise<number>;
  readySize(userId: string): Promise<{ chunks: number; chars: number }>;
  allReadyChunks(userId: string): Promise<ReadyChunkRow[]>;
}

/** Estimated bytes of an index over `chunks` rows of `chars` characters, before reading them (UserKnowledge counts the real figure). */
export const estimateBytes = (s: { chunks: number; chars: number }) => Math.ceil(s.chars * 3.2) + 260 * s.chunks;

/** How long a search waits for another request's load of the same index before loading it itself. */
const LOAD_WAIT_MS = 1000;
const LOAD_POLL_MS = 10;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Loads users' indexes into the isolate cache, usually once per user and version however many
 * searches want it at once. The others wait by looking at the cache on their own timer, not by
 * awaiting the loading request's promise: workerd runs a continuation in the request that
 * resolved it and cancels it with that request (a client that hangs up), so a shared promise
 * could hang every search of the user. A load that has not finished within LOAD_WAIT_MS is
 * presumed lost, and the waiting search loads by itself.
 */
export class KnowledgeIndex {
  /** `${userId}\u0000${version}` → when a request of this isolate started loading it. */
  private readonly loading = new Map<string, number>();
  constructor(
    private readonly source: KnowledgeIndexSource,
    readonly cache: KnowledgeIndexCache = isolateCache,
  ) {}

  /** The user's knowledge version: the one D1 read a search makes while the user's index and vectors are cached. */
  version(userId: string): Promise<number> {
    return this.source.knowledgeVersion(userId);
  }

  /**
   * The user's index as this isolate holds it, at whatever version, never loading: a search ranks
   * on it while its version read is in flight, and keeps that answer only if the read names its version.
   */
  held(userId: string): UserKnowledge | undefined {
    return this.cache.peek(userId);
  }

  /** The user's index at `version` (just read with version()), or null when the user is too big for memory (use D1 FTS5). */
  async get(userId: string, version: number): Promise<UserKnowledge | null> {
    const key = `${userId}\u0000${version}`;
    for (;;) {
      const hit = this.cache.get(userId, version);
      if (hit) return "tooBig" in hit ? null : hit;
      const since = this.loading.get(key);
      if (since === undefined || Date.now() - since >= LOAD_WAIT_MS) break;
      await sleep(LOAD_POLL_MS);
    }
    const started = Date.now();
    this.loading.set(key, started);
    try {
      return await this.load(userId, version);
    } finally {
      if (this.loading.get(key) === started) this.loading.delete(key);
    }
  }

  private async load(userId: string, version: number): Promise<UserKnowledge | null> {
    // Read after the version: rows at least as new as `version`; if they are newer, the version has
    // moved too and the next search reloads.
    if (estimateBytes(await this.source.readySize(userId)) > this.cache.maxBytes) {
      this.cache.set(userId, { version, bytes: 0, tooBig: true });
      return null;
    }
    const index: UserKnowledge = new UserKnowledge(version, await this.source.allReadyChunks(userId), (bytes) => this.cache.grew(userId, index, bytes));
    this.cache.set(userId, index);
    return index.bytes > this.cache.maxBytes ? null : index;
  }
}
