-- Reply videos: one row per requested talking-avatar video of an assistant message.
-- The job (jobs.subject_id = videos.id) drives it; the row holds the outcome the API shows.
CREATE TABLE videos (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  message_id   TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  avatar_id    TEXT,
  job_id       TEXT NOT NULL UNIQUE,
  status       TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
  progress     INTEGER NOT NULL DEFAULT 0,
  provider     TEXT,
  r2_key       TEXT,
  duration_ms  INTEGER,
  size_bytes   INTEGER,
  error        TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
-- Quota counting (videos per user per day) and listing a user's videos.
CREATE INDEX videos_user_idx ON videos(user_id, created_at);
CREATE INDEX videos_message_idx ON videos(message_id, created_at);

-- Voice/provider settings learnt by training (JSON), e.g. espeak-ng voice or a Newport cloneId.
ALTER TABLE avatars ADD COLUMN voice TEXT;
