-- Web pages are knowledge entries of kind 'web_page' whose text is fetched from `source_url` by
-- the indexing job (again on every re-fetch); `fetched_at` is when that last succeeded, so a
-- citation can say which version of the page it quotes. Columns added, not a table rebuild: D1
-- enforces foreign keys, and rebuilding knowledge_documents would cascade-delete its chunks.
ALTER TABLE knowledge_documents ADD COLUMN source_url TEXT;
ALTER TABLE knowledge_documents ADD COLUMN fetched_at INTEGER;
