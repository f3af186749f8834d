import type { VectorMatch, VectorRecord, VectorStore } from "./port";
import { MatrixCache, type VectorMatrix } from "./matrix-cache";

// Shared by every D1VectorStore of this isolate: decoded vectors survive across requests.
const matrices = new MatrixCache();
const matrixKey = (userId: string, embedder: string, dims: number) => `${userId}\u0000${embedder}\u0000${dims}`;

const INSERT_BATCH = 50;
const SCALE = 127;

/** Unit vector → int8 (x·127, rounded) → base64: 1 byte per dimension instead of 4. */
export function encodeVector(v: Float32Array): string {
  let s = "";
  for (const x of v) s += String.fromCharCode(Math.max(-SCALE, Math.min(SCALE, Math.round(x * SCALE))) & 0xff);
  return btoa(s);
}

/** base64 int8 → Int8Array view written into `out` at `offset`; false if the length is wrong. */
function decodeInto(encoded: string, out: Int8Array, offset: number, dims: number): boolean {
  const bin = atob(encoded);
  if (bin.length !== dims) return false;
  for (let i = 0; i < dims; i++) out[offset + i] = (bin.charCodeAt(i) << 24) >> 24;
  return true;
}

/**
 * The `topK` rows of `m` with the largest dot product with `q`, best first. Allocates only the
 * result: a query from the lexical embedder touches a few dozen of its dimensions, so only those
 * are read from each row (sparse); dense queries run the plain loop. Top-k by insertion into a
 * short sorted typed array: k is small, so this beats sorting every row.
 */
export function scan(m: VectorMatrix, q: Float32Array, topK: number): { scores: Float32Array; rows: Int32Array } {
  const dims = m.dims;
  const n = m.ids.length;
  const k = Math.max(0, Math.min(topK, n));
  const scores = new Float32Array(k);
  const rows = new Int32Array(k);
  if (k === 0) return { scores, rows };
  let nnz = 0;
  for (let i = 0; i < dims; i++) if (q[i] !== 0) nnz++;
  const idx = new Int32Array(nnz);
  const w = new Float32Array(nnz);
  for (let i = 0, j = 0; i < dims; i++) if (q[i] !== 0) (idx[j] = i), (w[j++] = q[i]!);
  const v = m.values;
  let filled = 0;
  for (let r = 0, o = 0; r < n; r++, o += dims) {
    let dot = 0;
    if (nnz * 4 < dims) for (let j = 0; j < nnz; j++) dot += w[j]! * v[o + idx[j]!]!;
    else for (let i = 0; i < dims; i++) dot += q[i]! * v[o + i]!;
    if (filled === k && !(dot > scores[k - 1]!)) continue;
    let at = filled < k ? filled++ : k - 1;
    while (at > 0 && scores[at - 1]! < dot) {
      scores[at] = scores[at - 1]!;
      rows[at] = rows[at - 1]!;
      at--;
    }
    scores[at] = dot;
    rows[at] = r;
  }
  return { scores, rows };
}

/**
 * Local vector store on D1: a brute-force (exhaustive, not approximate-neighbour) cosine scan over
 * the user's vectors of the given embedder. Vectors are stored int8-quantised, so scores carry
 * about ±0.01 of quantisation error; ranking is otherwise exact. Linear in the user's chunk count,
 * fine for a personal knowledge base (bench/knowledge.bench.mjs measures 10,000 chunks). The
 * decoded matrix is kept per isolate and revalidated on every query by a one-row version read.
 */
export class D1VectorStore implements VectorStore {
  readonly adapter = "d1-exact-cosine (int8)";
  constructor(private readonly d1: D1Database) {}

  async upsert(userId: string, embedder: string, records: VectorRecord[]): Promise<void> {
    const stmt = this.d1.prepare("INSERT OR REPLACE INTO knowledge_vectors (chunk_id, user_id, document_id, embedder, dims, vector) VALUES (?, ?, ?, ?, ?, ?)");
    for (let i = 0; i < records.length; i += INSERT_BATCH) {
      await this.d1.batch(
        records.slice(i, i + INSERT_BATCH).map((r) => stmt.bind(r.chunkId, userId, r.documentId, embedder, r.vector.length, encodeVector(r.vector))),
      );
    }
  }

  async query(userId: string, embedder: string, q: Float32Array, topK: number, version?: number): Promise<VectorMatch[]> {
    const m = await this.matrix(userId, embedder, q.length, version);
    const { scores, rows } = scan(m, q, topK);
    return Array.from(rows, (r, i) => ({ chunkId: m.ids[r]!, score: scores[i]! / SCALE }));
  }

  cachedVersion(userId: string, embedder: string, dims: number): number | undefined {
    return matrices.versionOf(matrixKey(userId, embedder, dims));
  }

  /**
   * The user's vectors as one matrix: from this isolate's cache while the user's knowledge version
   * (bumped by every vector write, cascades included: migration 0014) matches; `known` is that
   * version when the caller has just read it (a search revalidates its keyword index with the same read).
   */
  private async matrix(userId: string, embedder: string, dims: number, known?: number): Promise<VectorMatrix> {
    const version = known ?? (await this.d1.prepare("SELECT version FROM knowledge_versions WHERE user_id = ?").bind(userId).first<number>("version")) ?? 0;
    const key = matrixKey(userId, embedder, dims);
    const hit = matrices.get(key, version);
    if (hit) return hit;
    const rows = await this.d1
      .prepare("SELECT chunk_id, vector FROM knowledge_vectors WHERE user_id = ? AND embedder = ? AND dims = ?")
      .bind(userId, embedder, dims)
      .raw<[string, string]>();
    const values = new Int8Array(rows.length * dims);
    const ids: string[] = [];
    for (const [chunkId, encoded] of rows) if (decodeInto(encoded, values, ids.length * dims, dims)) ids.push(chunkId);
    const m = { version, dims, ids, values: values.subarray(0, ids.length * dims) };
    matrices.set(key, m);
    return m;
  }

  /** Drops the version counters of a user (account deletion; the vectors go by cascade). */
  async forgetUser(userId: string): Promise<void> {
    await this.d1.prepare("DELETE FROM knowledge_vector_versions WHERE user_id = ?").bind(userId).run();
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
