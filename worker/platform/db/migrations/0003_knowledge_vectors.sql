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

-- A per (user, embedder) counter bumped by every vector insert or delete (cascades included), so
-- a Worker isolate can keep a decoded copy of the user's vectors and know when it is stale.
-- No foreign key: the delete trigger runs during the user's cascade; the account purge removes rows.
CREATE TABLE knowledge_vector_versions (
  user_id   TEXT NOT NULL,
  embedder  TEXT NOT NULL,
  version   INTEGER NOT NULL,
  PRIMARY KEY (user_id, embedder)
);
CREATE TRIGGER knowledge_vectors_version_ai AFTER INSERT ON knowledge_vectors BEGIN
  INSERT INTO knowledge_vector_versions (user_id, embedder, version) VALUES (new.user_id, new.embedder, 1)
    ON CONFLICT (user_id, embedder) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER knowledge_vectors_version_ad AFTER DELETE ON knowledge_vectors BEGIN
  UPDATE knowledge_vector_versions SET version = version + 1 WHERE user_id = old.user_id AND embedder = old.embedder;
END;
