import type { VectorMatch, VectorRecord, VectorStore } from "../../ports/vector-store";

const INSERT_BATCH = 50;

/**
 * Local vector store on D1: exact cosine search (vectors are unit length, so a dot product)
 * over the user's vectors of the given embedder. Linear in the user's chunk count, which is
 * fine for a personal knowledge base (see bench/knowledge.bench.mjs for 10,000 chunks).
 */
export class D1VectorStore implements VectorStore {
  readonly adapter = "d1-exact-cosine";
  constructor(private readonly d1: D1Database) {}

  async upsert(userId: string, embedder: string, records: VectorRecord[]): Promise<void> {
    const stmt = this.d1.prepare(
      "INSERT OR REPLACE INTO knowledge_vectors (chunk_id, user_id, document_id, embedder, dims, vector) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (let i = 0; i < records.length; i += INSERT_BATCH) {
      await this.d1.batch(
        records.slice(i, i + INSERT_BATCH).map((r) => {
          const blob = r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength);
          return stmt.bind(r.chunkId, userId, r.documentId, embedder, r.vector.length, blob);
        }),
      );
    }
  }

  async query(userId: string, embedder: string, q: Float32Array, topK: number): Promise<VectorMatch[]> {
    const results = await this.d1
      .prepare("SELECT chunk_id, vector FROM knowledge_vectors WHERE user_id = ? AND embedder = ? AND dims = ?")
      .bind(userId, embedder, q.length)
      .raw<[string, ArrayBuffer | number[]]>();
    const best: VectorMatch[] = [];
    for (const [chunkId, blob] of results) {
      const v = blob instanceof ArrayBuffer ? new Float32Array(blob) : new Float32Array(new Uint8Array(blob).buffer);
      let dot = 0;
      for (let i = 0; i < q.length; i++) dot += q[i]! * v[i]!;
      if (best.length < topK || dot > best[best.length - 1]!.score) {
        best.push({ chunkId, score: dot });
        best.sort((a, b) => b.score - a.score);
        if (best.length > topK) best.pop();
      }
    }
    return best;
  }

  async delete(userId: string, chunkIds: string[]): Promise<void> {
    for (let i = 0; i < chunkIds.length; i += 90) {
      const ids = chunkIds.slice(i, i + 90);
      await this.d1
        .prepare(`DELETE FROM knowledge_vectors WHERE user_id = ? AND chunk_id IN (${ids.map(() => "?").join(",")})`)
        .bind(userId, ...ids)
        .run();
    }
  }
}
