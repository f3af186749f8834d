import type { RetrievedChunk } from "../../shared/persona";
import { ftsTerms } from "../../shared/text";
import type { ChunkRow, KnowledgeVersionQuery } from "./knowledge.repo";

export type { RetrievedChunk };

/** Ranked chunks of the user's ready knowledge for a query (keyword, vector or both). */
export interface Retriever {
  search(userId: string, query: string, k?: number, opts?: SearchOptions): Promise<RetrievedChunk[]>;
}

export interface SearchOptions {
  /**
   * The user's knowledge version, read by the caller in its own D1 batch with versionQuery(): then
   * the search makes no D1 read of its own. A promise, so the search does its own work (the
   * question's embedding and phrases) while that batch is in flight.
   */
  version?: Promise<number>;
}

/** What chat needs from the knowledge base. */
export interface KnowledgeSearch extends Retriever {
  /** The one D1 read a warm search makes (the user's knowledge version), unexecuted, for a caller's batch (SearchOptions.version). */
  versionQuery(userId: string): KnowledgeVersionQuery;
}

/**
 * FTS5 terms from free text: words only, OR-ed, so punctuation in a question never breaks the MATCH
 * syntax. `expand` adds other words to look for (lemmas, irregular forms, synonyms of the text's
 * words: ./relevance.ts); a multi-word expansion becomes a quoted phrase.
 */
export function ftsQuery(text: string, expand?: (text: string) => string[]): string | null {
  const phrases = ftsPhrases(text, expand);
  return phrases.length ? phrases.map((w) => `"${w}"`).join(" OR ") : null;
}

/** The phrases of ftsQuery (OR-ed there), in order: the text's own words, then its expansions; none without words. */
export function ftsPhrases(text: string, expand?: (text: string) => string[]): string[] {
  const own = ftsTerms(text);
  if (!own.length) return [];
  const extra = expand
    ? expand(text)
        .map((w) => w.toLowerCase())
        .filter((w) => /^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*$/u.test(w))
    : [];
  return [...new Set([...own, ...extra])].slice(0, 64);
}

/** BM25 keyword search over the user's ready chunks (SQLite FTS5 in D1). */
export class KeywordSearch implements Retriever {
  constructor(
    private readonly d1: D1Database,
    private readonly expand?: (text: string) => string[],
  ) {}

  async search(userId: string, query: string, k = 5): Promise<RetrievedChunk[]> {
    const match = ftsQuery(query, this.expand);
    if (!match) return [];
    // Fast path: rank in the FTS index alone, then join only the best few for the owner and
    // status filter. While at least k of those pass, they are exactly the first k the full query
    // would give (the order is the same, later rows rank lower); otherwise (the user's chunks
    // are a small part of the matches) the full query decides.
    const fast = await this.run(TOP_FIRST, match, userId, k, k * PREFILTER_FACTOR);
    if (fast.length >= k) return fast;
    return this.run(FULL, match, userId, k);
  }

  private async run(sql: string, match: string, userId: string, k: number, prefilter?: number): Promise<RetrievedChunk[]> {
    const stmt = this.d1.prepare(sql);
    const { results } = await (prefilter === undefined ? stmt.bind(match, userId, k) : stmt.bind(match, userId, k, prefilter)).all<Row>();
    return results.map((r) => chunkFromRow(r, -r.rank)); // bm25() is lower-is-better
  }
}

type Row = ChunkRow & { rank: number };

export const chunkFromRow = (r: ChunkRow, score: number): RetrievedChunk => ({
  chunkId: r.id,
  documentId: r.document_id,
  title: r.title,
  ...(r.source_url ? { url: r.source_url } : {}),
  position: r.position,
  heading: r.heading,
  content: r.content,
  score,
  kind: r.kind,
});

/** How many index-ranked rows the fast path joins per wanted result. */
const PREFILTER_FACTOR = 4;

const FULL = `SELECT c.id, c.document_id, d.title, d.kind, d.source_url, c.position, c.heading, c.content, bm25(knowledge_chunks_fts) AS rank
           FROM knowledge_chunks_fts
           JOIN knowledge_chunks c ON c.rowid = knowledge_chunks_fts.rowid
           JOIN knowledge_documents d ON d.id = c.document_id
          WHERE knowledge_chunks_fts MATCH ?1 AND c.user_id = ?2 AND d.status = 'ready'
          ORDER BY rank LIMIT ?3`;

const TOP_FIRST = `WITH top AS (
            SELECT rowid AS rid, bm25(knowledge_chunks_fts) AS rank FROM knowledge_chunks_fts
             WHERE knowledge_chunks_fts MATCH ?1 ORDER BY rank LIMIT ?4)
          SELECT c.id, c.document_id, d.title, d.kind, d.source_url, c.position, c.heading, c.content, top.rank AS rank
            FROM top
            JOIN knowledge_chunks c ON c.rowid = top.rid
            JOIN knowledge_documents d ON d.id = c.document_id
           WHERE c.user_id = ?2 AND d.status = 'ready'
           ORDER BY top.rank LIMIT ?3`;
