-- A reply names the question it answers. With several sends in flight in one conversation,
-- created_at order interleaves questions and replies; reply_to is what pairs them (for display
-- and for the memory a later turn is given: only finished exchanges, see MessageRepository.memory).
ALTER TABLE messages ADD COLUMN reply_to TEXT;

-- Replies stored before this migration answered the question just before them.
UPDATE messages SET reply_to = (
  SELECT q.id FROM messages q
  WHERE q.conversation_id = messages.conversation_id AND q.role = 'user'
    AND (q.created_at < messages.created_at OR (q.created_at = messages.created_at AND q.id < messages.id))
  ORDER BY q.created_at DESC, q.id DESC LIMIT 1
) WHERE role = 'assistant' AND reply_to IS NULL;

CREATE INDEX messages_reply_to_idx ON messages(reply_to);
