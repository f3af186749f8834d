-- Socket tickets are single-use: the first upgrade records the ticket's id; a second one is refused.
-- Rows are only needed until the ticket would have expired anyway, and are pruned as tickets are used.
CREATE TABLE used_tickets (
  jti        TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE INDEX used_tickets_expiry_idx ON used_tickets(expires_at);
