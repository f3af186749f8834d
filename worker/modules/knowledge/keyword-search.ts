import type { RetrievedChunk } from "../../shared/persona";
import { ftsTerms } from "../../shared/text";

export type { RetrievedChunk };

/** What chat needs from the knowledge base. */
export interface KnowledgeSearch {
  search(userId: string, query: string, k?: number): Promise<RetrievedChunk[]>;
}

/**
 * FTS5 terms from free text: words only, OR-ed, so punctuation in a question never breaks the MATCH
 * syntax. `expand` adds other words to look for (lemmas, irregular forms, synonyms of the text's
 * words: ./relevance.ts); a multi-word expansion becomes a quoted phrase.
 */
export function ftsQuery(text: string, expand?: (text: string) => string[]): string | null {
  const own = ftsTerms(text);
  if (!own.length) return null;
  const extra = expand
    ? expand(text)
        .map((w) => w.toLowerCase())
        .filter((w) => /^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*$/u.test(w))
    : [];
  return [...new Set([...own, ...extra])]
    .slice(0, 64)
    .map((w) => `"${w}"`)
    .join(" OR ");
}

/** BM25 keyword search over the user's ready chunks (SQLite FTS5 in D1). */
export class KeywordSearch implements KnowledgeSearch {
  constructor(
    private readonly d1: D1Database,
    private readonly expand?: (text: string) => string[],
  ) {}

  async search(userId: string, query: string, k = 5): Promise<RetrievedChunk[]> {
    const match = ftsQuery(query, this.expand);
    if (!match) return [];
    const { results } = await this.d1
      .prepare(
        `SELECT c.id, c.document_id, d.title, c.position, c.heading, c.content, bm25(knowledge_chunks_fts) AS rank
           FROM knowledge_chunks_fts
           JOIN knowledge_chunks c ON c.rowid = knowledge_chunks_fts.rowid
           JOIN knowledge_documents d ON d.id = c.document_id
          WHERE knowledge_chunks_fts MATCH ?1 AND c.user_id = ?2 AND d.status = 'ready'
          ORDER BY rank LIMIT ?3`,
      )
      .bind(match, userId, k)
      .all<{ id: string; document_id: string; title: string; position: number; heading: string; content: string; rank: number }>();
    return results.map((r) => ({
      chunkId: r.id,
      documentId: r.document_id,
      title: r.title,
      position: r.position,
      heading: r.heading,
      content: r.content,
      score: -r.rank, // bm25() is lower-is-better
    }));
  }
}
