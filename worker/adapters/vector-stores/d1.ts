import type { VectorMatch, VectorRecord, VectorStore } from "../../ports/vector-store";

const INSERT_BATCH = 50;
const SCALE = 127;

/** Unit vector → int8 (x·127, rounded) → base64: 1 byte per dimension instead of 4. */
export function encodeVector(v: Float32Array): string {
  let s = "";
  for (const x of v) s += String.fromCharCode(Math.max(-SCALE, Math.min(SCALE, Math.round(x * SCALE))) & 0xff);
  return btoa(s);
}

/** Dot product of a float query with a stored int8 vector, scaled back to cosine units. */
function dotEncoded(q: Float32Array, encoded: string): number {
  const bin = atob(encoded);
  if (bin.length !== q.length) return Number.NaN;
  let dot = 0;
  for (let i = 0; i < q.length; i++) {
    const b = bin.charCodeAt(i);
    dot += q[i]! * (b > 127 ? b - 256 : b);
  }
  return dot / SCALE;
}

/**
 * Local vector store on D1: a brute-force (exhaustive, not approximate-neighbour) cosine scan over
 * the user's vectors of the given embedder. Vectors are stored int8-quantised, so scores carry
 * about ±0.01 of quantisation error; ranking is otherwise exact. Linear in the user's chunk count,
 * fine for a personal knowledge base (bench/knowledge.bench.mjs measures 10,000 chunks).
 */
export class D1VectorStore implements VectorStore {
  readonly adapter = "d1-exact-cosine (int8)";
  constructor(private readonly d1: D1Database) {}

  async upsert(userId: string, embedder: string, records: VectorRecord[]): Promise<void> {
    const stmt = this.d1.prepare(
      "INSERT OR REPLACE INTO knowledge_vectors (chunk_id, user_id, document_id, embedder, dims, vector) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (let i = 0; i < records.length; i += INSERT_BATCH) {
      await this.d1.batch(
        records.slice(i, i + INSERT_BATCH).map((r) => stmt.bind(r.chunkId, userId, r.documentId, embedder, r.vector.length, encodeVector(r.vector))),
      );
    }
  }

  async query(userId: string, embedder: string, q: Float32Array, topK: number): Promise<VectorMatch[]> {
    const rows = await this.d1
      .prepare("SELECT chunk_id, vector FROM knowledge_vectors WHERE user_id = ? AND embedder = ? AND dims = ?")
      .bind(userId, embedder, q.length)
      .raw<[string, string]>();
    const best: VectorMatch[] = [];
    for (const [chunkId, encoded] of rows) {
      const score = dotEncoded(q, encoded);
      if (!(score > (best.length < topK ? -Infinity : best[best.length - 1]!.score))) continue;
      // Insertion into a short sorted list: topK is small, so this beats sorting every row.
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < score) at--;
      best.splice(at, 0, { chunkId, score });
      if (best.length > topK) best.pop();
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
