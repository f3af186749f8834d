-- Local vector store (the offline stand-in for Vectorize): one vector per chunk, tagged with the
-- embedder that made it so searches never compare vectors of different models. `vector` is the
-- unit vector quantised to int8 (x·127), base64 TEXT: a search reads every row of the user, and
-- D1 moves text ~40x faster than BLOBs (which cross as arrays of numbers); see d1.ts.
-- Rows go with their chunk (re-index, document delete) and with their user (account delete).
CREATE TABLE knowledge_vectors (
  chunk_id     TEXT PRIMARY KEY REFERENCES knowledge_chunks(id) ON DELETE CASCADE,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  document_id  TEXT NOT NULL,
  embedder     TEXT NOT NULL,
  dims         INTEGER NOT NULL,
  vector       TEXT NOT NULL
);
CREATE INDEX knowledge_vectors_scope_idx ON knowledge_vectors(user_id, embedder);

-- List filters: ?status= and title search by owner.
CREATE INDEX knowledge_documents_user_status_idx ON knowledge_documents(user_id, status, created_at, id);
