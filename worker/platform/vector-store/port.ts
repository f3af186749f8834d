/** One chunk's vector, owned by a user and made by one embedder. */
export interface VectorRecord {
  chunkId: string;
  documentId: string;
  vector: Float32Array;
}

export interface VectorMatch {
  chunkId: string;
  /** Cosine similarity, higher is closer. */
  score: number;
}

/**
 * Nearest-neighbour storage. Every call is scoped to one user; queries are also scoped to one
 * embedder id, so vectors of different models (or dimensions) are never compared.
 */
export interface VectorStore {
  readonly adapter: string;
  upsert(userId: string, embedder: string, records: VectorRecord[]): Promise<void>;
  /**
   * `version`: the user's knowledge version (knowledge_versions, migration 0014) the caller has just
   * read for this search; a store that caches per version uses it instead of reading it again.
   */
  query(userId: string, embedder: string, vector: Float32Array, topK: number, version?: number): Promise<VectorMatch[]>;
  delete(userId: string, chunkIds: string[]): Promise<void>;
  /** Removes per-user bookkeeping the store keeps besides vectors (account deletion). */
  forgetUser?(userId: string): Promise<void>;
}
