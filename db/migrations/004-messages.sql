-- 004-messages.sql: what the interactive-messages feature needs beyond 001.
--
-- A message is accepted (受理) when it is stored; its reply is due
-- reply_days working days later (weekends skipped).  reply_days 0 means
-- "the default" (msg_settings.reply_days), so rows written by code that
-- does not know these columns still get a deadline.  Staff may extend a
-- deadline (at most 15 working days) with a public note.
ALTER TABLE messages ADD COLUMN accepted_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN reply_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN extension_note TEXT NOT NULL DEFAULT '';
-- The one-time token of the form that created the message: a resubmission
-- with the same token finds the message instead of creating another.
ALTER TABLE messages ADD COLUMN form_token TEXT;
CREATE UNIQUE INDEX messages_form_token ON messages(form_token) WHERE form_token IS NOT NULL;

-- Tokens handed out with forms, until used or two days old.
CREATE TABLE form_tokens (
	token     TEXT PRIMARY KEY,
	issued_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX form_tokens_issued ON form_tokens(issued_at);

-- One row per stored message, for the per-client hourly limit; shared by
-- every server process.  client is "ip:ADDR" or "tel:DIGITS".
CREATE TABLE post_log (
	client TEXT NOT NULL,
	at     INTEGER NOT NULL
);
CREATE INDEX post_log_client ON post_log(client, at);
CREATE INDEX post_log_at ON post_log(at);

CREATE TABLE msg_settings (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO msg_settings (key, value) VALUES ('reply_days', 5), ('posts_per_hour', 5);

-- A new message changes what staff and the sender see.
CREATE TRIGGER messages_gen_i AFTER INSERT ON messages BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;

-- Existing messages were accepted when they arrived.
UPDATE messages SET accepted_at = created_at WHERE accepted_at = 0;
