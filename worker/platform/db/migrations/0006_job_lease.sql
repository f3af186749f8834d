-- A deadline on every unfinished job: a running job whose worker died (or a queued one whose
-- message was lost) passes it, and the scheduled sweeper re-queues or fails it.
ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
CREATE INDEX jobs_lease_idx ON jobs(status, lease_until);
