-- A replayed answer carries the Content-Type of the first one (a batch answers with the atomic
-- extension's media type); NULL for answers without a body.
ALTER TABLE idempotency_key ADD COLUMN content_type VARCHAR(255) NULL;
