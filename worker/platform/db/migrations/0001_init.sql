-- Foundation schema. Every table that holds user data carries user_id so that
-- every query can be scoped to its owner, and every list ordering has an index.

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

-- A session is one login; its refresh tokens rotate, and revoking the session
-- invalidates its access tokens immediately (they carry the session id).
CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  user_agent  TEXT,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX sessions_user_idx ON sessions(user_id, created_at);

CREATE TABLE refresh_tokens (
  id          TEXT PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens(session_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens(user_id);

CREATE TABLE profiles (
  user_id              TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  display_name         TEXT,
  headline             TEXT NOT NULL DEFAULT '',
  bio                  TEXT NOT NULL DEFAULT '',
  location             TEXT NOT NULL DEFAULT '',
  website              TEXT NOT NULL DEFAULT '',
  language             TEXT NOT NULL DEFAULT 'en',
  formality            INTEGER NOT NULL DEFAULT 50,
  enthusiasm           INTEGER NOT NULL DEFAULT 50,
  verbosity            INTEGER NOT NULL DEFAULT 50,
  humor                INTEGER NOT NULL DEFAULT 50,
  onboarding_step      INTEGER NOT NULL DEFAULT 1,
  onboarding_completed INTEGER NOT NULL DEFAULT 0,
  updated_at           INTEGER NOT NULL
);

CREATE TABLE share_links (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token       TEXT NOT NULL UNIQUE,
  label       TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX share_links_user_idx ON share_links(user_id, created_at);

-- owner_id is whose clone is talking; share_link_id is set for visitor chats.
CREATE TABLE conversations (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  share_link_id   TEXT REFERENCES share_links(id) ON DELETE CASCADE,
  visitor_id      TEXT,
  title           TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX conversations_user_idx ON conversations(user_id, updated_at, id);
CREATE INDEX conversations_share_idx ON conversations(share_link_id, visitor_id, updated_at);

CREATE TABLE messages (
  id              TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role            TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  content         TEXT NOT NULL,
  citations       TEXT NOT NULL DEFAULT '[]',
  model           TEXT,
  video_job_id    TEXT,
  created_at      INTEGER NOT NULL
);
CREATE INDEX messages_conversation_idx ON messages(conversation_id, created_at, id);
CREATE INDEX messages_user_idx ON messages(user_id);

CREATE TABLE knowledge_documents (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title        TEXT NOT NULL,
  source       TEXT NOT NULL CHECK (source IN ('note', 'upload')),
  mime_type    TEXT NOT NULL,
  size_bytes   INTEGER NOT NULL DEFAULT 0,
  r2_key       TEXT,
  body         TEXT,
  status       TEXT NOT NULL DEFAULT 'queued',
  progress     INTEGER NOT NULL DEFAULT 0,
  chunk_count  INTEGER NOT NULL DEFAULT 0,
  embedder     TEXT,
  error        TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX knowledge_documents_user_idx ON knowledge_documents(user_id, created_at, id);

CREATE TABLE knowledge_chunks (
  id           TEXT PRIMARY KEY,
  document_id  TEXT NOT NULL REFERENCES knowledge_documents(id) ON DELETE CASCADE,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  heading      TEXT NOT NULL DEFAULT '',
  content      TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  UNIQUE (document_id, position)
);
CREATE INDEX knowledge_chunks_user_idx ON knowledge_chunks(user_id, document_id, position);

CREATE TABLE avatars (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('video', 'photo')),
  mime_type     TEXT NOT NULL,
  size_bytes    INTEGER NOT NULL,
  r2_key        TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'queued',
  progress      INTEGER NOT NULL DEFAULT 0,
  provider      TEXT,
  provider_ref  TEXT,
  reference_key TEXT,
  error         TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX avatars_user_idx ON avatars(user_id, created_at);

-- Background work of every kind; the queue message carries only the job id.
CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  subject_id  TEXT,
  status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  progress    INTEGER NOT NULL DEFAULT 0,
  attempts    INTEGER NOT NULL DEFAULT 0,
  payload     TEXT NOT NULL DEFAULT '{}',
  result      TEXT,
  error       TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX jobs_user_idx ON jobs(user_id, created_at);
CREATE INDEX jobs_subject_idx ON jobs(subject_id);

-- Keyword search over chunks (BM25 via FTS5), kept in sync by triggers.
CREATE VIRTUAL TABLE knowledge_chunks_fts USING fts5(
  content, heading, content='knowledge_chunks', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER knowledge_chunks_ai AFTER INSERT ON knowledge_chunks BEGIN
  INSERT INTO knowledge_chunks_fts(rowid, content, heading) VALUES (new.rowid, new.content, new.heading);
END;
CREATE TRIGGER knowledge_chunks_ad AFTER DELETE ON knowledge_chunks BEGIN
  INSERT INTO knowledge_chunks_fts(knowledge_chunks_fts, rowid, content, heading) VALUES ('delete', old.rowid, old.content, old.heading);
END;
CREATE TRIGGER knowledge_chunks_au AFTER UPDATE ON knowledge_chunks BEGIN
  INSERT INTO knowledge_chunks_fts(knowledge_chunks_fts, rowid, content, heading) VALUES ('delete', old.rowid, old.content, old.heading);
  INSERT INTO knowledge_chunks_fts(rowid, content, heading) VALUES (new.rowid, new.content, new.heading);
END;
