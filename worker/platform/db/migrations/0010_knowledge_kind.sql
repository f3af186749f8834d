-- What a knowledge entry is, beside where its bytes came from (`source`: typed note or upload).
-- Revisions (the owner's own answer to a question), memories (facts the owner told the clone)
-- and web pages are knowledge too: indexed and cited like documents, but listed and cited
-- differently. A new column rather than widening `source`'s CHECK: D1 enforces foreign keys,
-- and rebuilding knowledge_documents would cascade-delete every chunk that references it.
ALTER TABLE knowledge_documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'document'
  CHECK (kind IN ('document', 'web_page', 'revision', 'memory'));

CREATE INDEX knowledge_documents_user_kind_idx ON knowledge_documents(user_id, kind, created_at, id);
