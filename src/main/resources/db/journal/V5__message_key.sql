-- A second repeat key, for senders that name their messages (systeme.io's signed webhooks):
-- dedupe_key is the SHA-256 of the source and the raw body, message_key that of the sender's
-- message id. A webhook is a repeat when either is already in the journal; NULL when the
-- sender gave no id (a unique index allows any number of NULLs).
ALTER TABLE hookbridge_event ADD COLUMN message_key ${hash};
CREATE UNIQUE INDEX hookbridge_event_message_key ON hookbridge_event (message_key);
-- Signed webhooks journaled before this version have the key of their message id (or of their
-- body, when they came without one) as dedupe_key: kept as their message key, a retry of one
-- is still recognised.
UPDATE hookbridge_event SET message_key = dedupe_key WHERE source = 'systeme-signed';
