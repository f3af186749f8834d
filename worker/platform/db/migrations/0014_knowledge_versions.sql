-- One counter per user for everything a search reads: chunk rows (insert, delete, update, cascades
-- included), the title / kind / address / status of their documents, and the vectors. A Worker
-- isolate keeps the user's keyword index, chunk texts and decoded vector matrix in memory and
-- revalidates all of them with this one row per search (see modules/knowledge/keyword-index.ts and
-- platform/vector-store/d1.ts), so a document added, deleted, re-titled or still processing shows
-- in the very next search of every isolate.
-- Deletes only bump an existing row, so the user's own deletion (whose cascade deletes their chunks,
-- documents and vectors) never brings back the row the users trigger below removes. No row reads
-- as version 0, and there is nothing to search then (a chunk insert creates the row).
CREATE TABLE knowledge_versions (
  user_id  TEXT PRIMARY KEY NOT NULL,
  version  INTEGER NOT NULL
);

CREATE TRIGGER knowledge_versions_chunks_ai AFTER INSERT ON knowledge_chunks BEGIN
  INSERT INTO knowledge_versions (user_id, version) VALUES (new.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER knowledge_versions_chunks_au AFTER UPDATE ON knowledge_chunks BEGIN
  INSERT INTO knowledge_versions (user_id, version) VALUES (new.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
  UPDATE knowledge_versions SET version = version + 1 WHERE user_id = old.user_id AND old.user_id IS NOT new.user_id;
END;
CREATE TRIGGER knowledge_versions_chunks_ad AFTER DELETE ON knowledge_chunks BEGIN
  UPDATE knowledge_versions SET version = version + 1 WHERE user_id = old.user_id;
END;

-- Progress updates while indexing change none of these columns and bump nothing.
CREATE TRIGGER knowledge_versions_documents_au AFTER UPDATE OF status, title, kind, source_url ON knowledge_documents
  WHEN old.status IS NOT new.status OR old.title IS NOT new.title OR old.kind IS NOT new.kind OR old.source_url IS NOT new.source_url
BEGIN
  INSERT INTO knowledge_versions (user_id, version) VALUES (new.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER knowledge_versions_documents_ad AFTER DELETE ON knowledge_documents BEGIN
  UPDATE knowledge_versions SET version = version + 1 WHERE user_id = old.user_id;
END;

CREATE TRIGGER knowledge_versions_vectors_ai AFTER INSERT ON knowledge_vectors BEGIN
  INSERT INTO knowledge_versions (user_id, version) VALUES (new.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER knowledge_versions_vectors_ad AFTER DELETE ON knowledge_vectors BEGIN
  UPDATE knowledge_versions SET version = version + 1 WHERE user_id = old.user_id;
END;

CREATE TRIGGER knowledge_versions_users_ad AFTER DELETE ON users BEGIN
  DELETE FROM knowledge_versions WHERE user_id = old.id;
END;

-- Existing users start at version 1 (their caches are built on first use).
INSERT INTO knowledge_versions (user_id, version) SELECT DISTINCT user_id, 1 FROM knowledge_chunks;
