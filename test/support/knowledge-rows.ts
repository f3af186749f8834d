import { env } from "cloudflare:test";
import { LexicalConceptEmbedder } from "../../worker/platform/embedder/lexical-concepts";
import { D1VectorStore } from "../../worker/platform/vector-store/d1";

const embedder = new LexicalConceptEmbedder();

/**
 * A document and its chunks written straight into D1, as the indexing job leaves them, for tests
 * of search itself; `vectors` also stores the offline embedder's vectors of the chunks.
 */
export async function addDoc(userId: string, title: string, chunks: string[], { status = "ready", vectors = true } = {}) {
  const id = `doc_${crypto.randomUUID()}`;
  const t = Date.now();
  await env.DB.prepare(
    "INSERT INTO knowledge_documents (id, user_id, title, source, mime_type, status, created_at, updated_at) VALUES (?, ?, ?, 'note', 'text/plain', ?, ?, ?)",
  )
    .bind(id, userId, title, status, t, t)
    .run();
  const ids = chunks.map(() => `chk_${crypto.randomUUID()}`);
  for (const [i, content] of chunks.entries()) {
    await env.DB.prepare("INSERT INTO knowledge_chunks (id, document_id, user_id, position, content, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(ids[i], id, userId, i, content, t)
      .run();
  }
  if (vectors && chunks.length) {
    const vs = await embedder.embed(chunks, "document");
    await new D1VectorStore(env.DB).upsert(
      userId,
      embedder.id,
      ids.map((chunkId, i) => ({ chunkId, documentId: id, vector: vs[i]! })),
    );
  }
  return { id, ids };
}
