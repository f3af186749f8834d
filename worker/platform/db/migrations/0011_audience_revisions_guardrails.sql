-- The owner's side of what the clone says (issue 14).
-- answer_status (on a reply): the responder's structured signal — 'answered', 'unanswered' (it
-- could not answer from what the owner shared) or 'declined' (an off-limits topic); NULL on
-- questions and on replies written before this migration.
ALTER TABLE messages ADD COLUMN answer_status TEXT CHECK (answer_status IN ('answered', 'unanswered', 'declined'));
-- revision (on a reply): the answer the owner would have given. The original content is kept;
-- revision_document_id is the knowledge entry (kind 'revision') that teaches it to retrieval.
ALTER TABLE messages ADD COLUMN revision TEXT;
ALTER TABLE messages ADD COLUMN revision_document_id TEXT;
ALTER TABLE messages ADD COLUMN revised_at INTEGER;
-- asked_owner_at (on a reply of a visitor conversation): "ask the real me" — left for the owner in the Inbox.
ALTER TABLE messages ADD COLUMN asked_owner_at INTEGER;

-- The Inbox (unanswered replies of one owner, newest first) and the revisions list.
CREATE INDEX messages_user_status_idx ON messages(user_id, answer_status, created_at);
CREATE INDEX messages_user_revised_idx ON messages(user_id, revised_at);

-- Topics the clone must not discuss, and an optional refusal line; one row per owner.
CREATE TABLE guardrails (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  topics TEXT NOT NULL DEFAULT '[]',
  refusal TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
