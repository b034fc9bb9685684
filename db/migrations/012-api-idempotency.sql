-- 012-api-idempotency.sql: the API's Idempotency-Key header.
--
-- A letter posted through the API carries a key chosen by the client
-- instead of a form token.  The first request with a key is given a form
-- token (form_tokens, 004) and the pair is kept here: a retry with the same
-- key posts with the same token, so it finds the letter stored the first
-- time (messages.form_token is unique) instead of storing a second one.
-- Keys live as long as tokens do (two days) and are pruned when new ones
-- come in.  No trigger: keys are not content, they do not move the
-- generation the page cache follows.
CREATE TABLE api_idempotency (
	key        TEXT PRIMARY KEY,
	token      TEXT NOT NULL,
	created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX api_idempotency_created ON api_idempotency(created_at);
