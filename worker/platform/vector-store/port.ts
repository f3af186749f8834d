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
  /**
   * For a store that keeps users' vectors per version in the isolate: the version it holds this
   * user's `dims`-long vectors of `embedder` at, so a query at that version needs no read. A store
   * without it answers any query the same whatever the version (Vectorize).
   */
  cachedVersion?(userId: string, embedder: string, dims: number): number | undefined;
  delete(userId: string, chunkIds: string[]): Promise<void>;
  /** Removes per-user bookkeeping the store keeps besides vectors (account deletion). */
  forgetUser?(userId: string): Promise<void>;
}
