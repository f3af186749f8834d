-- A question's answering lease: set (to an expiry time, epoch ms) by the turn that answers a question
-- named by its client (client_message_id), in the same batch that stores or claims the question. A
-- retry of that question while the lease holds is refused ("still answering", 409 with Retry-After)
-- instead of starting a second, concurrent answer. The turn renews the lease while it runs and clears
-- it when it fails; a saved reply ends it (a retry then replays the reply). A turn whose isolate died
-- stops renewing, so its lease runs out and a retry answers the question.
-- NULL for replies, for questions sent without a client id (older clients) and for finished turns.
ALTER TABLE messages ADD COLUMN answering_until INTEGER;
