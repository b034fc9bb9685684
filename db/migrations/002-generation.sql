-- 002-generation.sql: a change counter that every writer bumps.
--
-- The server keeps rendered pages in memory; any process that changes
-- content (an import, a staff command, a posted message) increments
-- generation in the same transaction, so readers in other processes see
-- that their copies are stale.  Triggers make this impossible to forget.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('generation', 1);

CREATE TRIGGER articles_gen_i AFTER INSERT ON articles BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER articles_gen_u AFTER UPDATE ON articles BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER articles_gen_d AFTER DELETE ON articles BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER columns_gen_i AFTER INSERT ON columns BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER columns_gen_u AFTER UPDATE ON columns BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER messages_gen_u AFTER UPDATE ON messages BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER replies_gen_i AFTER INSERT ON replies BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER items_gen_i AFTER INSERT ON items BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER items_gen_u AFTER UPDATE ON items BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER units_gen_i AFTER INSERT ON units BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER units_gen_u AFTER UPDATE ON units BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
