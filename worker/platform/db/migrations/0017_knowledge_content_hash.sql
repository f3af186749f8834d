-- A file's SHA-256 (hex) as uploaded, so uploading the same file again can say which document already
-- holds it (the upload still goes through). NULL for notes, web pages and files uploaded before this.
ALTER TABLE knowledge_documents ADD COLUMN content_hash TEXT;
CREATE INDEX knowledge_documents_user_hash_idx ON knowledge_documents (user_id, content_hash);
