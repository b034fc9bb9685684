-- 008-staff.sql: the staff console (issue 16): accounts and roles,
-- sessions, login throttling, the append-only audit log, reply drafts and
-- their history, transfers between units and explicit deadlines.

-- Staff accounts.  role: admin (accounts, settings, audit), editor (news),
-- staff (answers the letters of its units), supervisor (督办: sees every
-- letter, transfers and extends).  pw_hash is libsodium's crypto_pwhash
-- string (Argon2id, with its own salt and parameters); never a password.
CREATE TABLE users (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
	role        TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'staff', 'supervisor')),
	pw_hash     TEXT NOT NULL,
	may_publish INTEGER NOT NULL DEFAULT 1,  -- staff: 0 writes drafts only
	disabled    INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL
);

-- The units a staff account answers for (one or more).
CREATE TABLE user_units (
	user_id INTEGER NOT NULL REFERENCES users(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (user_id, unit_id)
) WITHOUT ROWID;

-- Console sessions.  The cookie holds a random token; only its BLAKE2b
-- hash is stored.  csrf is the session's form token.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	csrf       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	seen_at    INTEGER NOT NULL,
	address    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins, keyed "user:NAME" and "ip:ADDR", for throttling.
CREATE TABLE login_failures (
	key TEXT NOT NULL,
	at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

-- Every staff action: who, when, what, before and after.  Append-only.
CREATE TABLE audit_log (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	user_id   INTEGER,
	user_name TEXT NOT NULL,
	address   TEXT NOT NULL DEFAULT '',
	action    TEXT NOT NULL,
	object    TEXT NOT NULL DEFAULT '',
	before    TEXT NOT NULL DEFAULT '',
	after     TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Replies: a draft is not public; a withdrawn reply is no longer shown.
-- Rows written before this migration were public replies.
ALTER TABLE replies ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE replies ADD COLUMN published_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN user_id INTEGER;
UPDATE replies SET published_at = created_at;
CREATE TRIGGER replies_status_check BEFORE UPDATE OF status ON replies
WHEN new.status NOT IN ('draft', 'published', 'withdrawn')
BEGIN SELECT RAISE(ABORT, 'bad reply status'); END;
CREATE TRIGGER replies_status_check_i BEFORE INSERT ON replies
WHEN new.status NOT IN ('draft', 'published', 'withdrawn')
BEGIN SELECT RAISE(ABORT, 'bad reply status'); END;
CREATE TRIGGER replies_gen_u AFTER UPDATE ON replies BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;

-- Earlier texts of a reply (edits and withdrawals keep its history).
CREATE TABLE reply_history (
	id       INTEGER PRIMARY KEY,
	reply_id INTEGER NOT NULL REFERENCES replies(id),
	body     TEXT NOT NULL,
	status   TEXT NOT NULL,
	at       INTEGER NOT NULL,
	user_id  INTEGER,
	note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reply_history_reply ON reply_history(reply_id, id);

-- An explicit deadline (a day number, CST) set by an extension or a
-- transfer; 0: reply_days working days from acceptance.
ALTER TABLE messages ADD COLUMN due_day INTEGER NOT NULL DEFAULT 0;

-- Transfers (转办) from one unit to another.
CREATE TABLE transfers (
	id         INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id),
	from_unit  INTEGER NOT NULL REFERENCES units(id),
	to_unit    INTEGER NOT NULL REFERENCES units(id),
	reason     TEXT NOT NULL,
	at         INTEGER NOT NULL,
	user_id    INTEGER
);
CREATE INDEX transfers_message ON transfers(message_id, at);
CREATE INDEX transfers_from ON transfers(from_unit, at);
