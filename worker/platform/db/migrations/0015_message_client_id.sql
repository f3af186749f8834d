-- A question's idempotency key: the id its client gave it (client_message_id on a chat send). A turn
-- stores the question before the model runs; when the turn then fails, the client's retry sends the
-- same id and the server answers the stored question instead of storing it a second time.
-- Unique per conversation only (clients pick the ids, so they mean nothing across conversations or
-- users); NULL for replies and for questions sent without one (older clients).
ALTER TABLE messages ADD COLUMN client_message_id TEXT;

CREATE UNIQUE INDEX messages_client_message_idx ON messages(conversation_id, client_message_id) WHERE client_message_id IS NOT NULL;
