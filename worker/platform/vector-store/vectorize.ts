import type { VectorMatch, VectorRecord, VectorStore } from "./port";

const UPSERT_BATCH = 1000; // Vectorize's per-call limit from a Worker
const DELETE_BATCH = 1000;
const MAX_TOP_K = 100; // without returned values/metadata

/**
 * Production vector store. Isolation: each user is a Vectorize namespace, so a query can only
 * ever see that user's vectors. Model separation: the embedder id is a metadata field with a
 * metadata index (`wrangler vectorize create-metadata-index <index> --property-name=embedder
 * --type=string`), and every query filters on it.
 */
export class VectorizeStore implements VectorStore {
  readonly adapter = "vectorize (namespace per user, embedder metadata filter)";
  constructor(private readonly index: VectorizeIndex) {}

  async upsert(userId: string, embedder: string, records: VectorRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += UPSERT_BATCH) {
      await this.index.upsert(
        records.slice(i, i + UPSERT_BATCH).map((r) => ({
          id: r.chunkId,
          values: Array.from(r.vector),
          namespace: userId,
          metadata: { embedder, documentId: r.documentId },
        })),
      );
    }
  }

  async query(userId: string, embedder: string, vector: Float32Array, topK: number): Promise<VectorMatch[]> {
    const res = await this.index.query(Array.from(vector), {
      topK: Math.min(topK, MAX_TOP_K),
      namespace: userId,
      filter: { embedder },
      returnMetadata: "none",
    });
    return res.matches.map((m) => ({ chunkId: m.id, score: m.score }));
  }

  async delete(_userId: string, chunkIds: string[]): Promise<void> {
    // Chunk ids are globally unique (they embed the document id), so deleting by id is safe.
    for (let i = 0; i < chunkIds.length; i += DELETE_BATCH) await this.index.deleteByIds(chunkIds.slice(i, i + DELETE_BATCH));
  }
}
