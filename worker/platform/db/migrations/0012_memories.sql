-- Memories: facts the owner told their clone. Each starts as a proposal (nothing is remembered
-- silently); accepting one makes it knowledge (a knowledge_documents row of kind 'memory',
-- indexed and cited like any document). The row keeps the text the owner approved, where it
-- was said, and what happened to it; deleting the knowledge entry deletes the memory with it.
CREATE TABLE memories (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  text            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
  -- How the fact was found: the offline rules, the language model, or typed on the Memories page.
  origin          TEXT NOT NULL CHECK (origin IN ('rules', 'llm', 'manual')),
  conversation_id TEXT REFERENCES conversations(id) ON DELETE SET NULL,
  message_id      TEXT,
  document_id     TEXT REFERENCES knowledge_documents(id) ON DELETE CASCADE,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX memories_user_status_idx ON memories(user_id, status, created_at, id);
CREATE INDEX memories_conversation_idx ON memories(conversation_id, status);
CREATE INDEX memories_document_idx ON memories(document_id);

-- A visitor's memory is made from their own earlier conversations through the same link; when
-- they clear it, only what they say after `forgotten_at` is remembered again.
CREATE TABLE visitor_memory_resets (
  share_link_id TEXT NOT NULL REFERENCES share_links(id) ON DELETE CASCADE,
  visitor_id    TEXT NOT NULL,
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  forgotten_at  INTEGER NOT NULL,
  PRIMARY KEY (share_link_id, visitor_id)
);
