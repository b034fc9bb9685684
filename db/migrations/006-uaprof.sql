-- 006-uaprof.sql: UAProf profiles, imported offline by
-- "qiao device import-uaprof FILE.rdf..." (the server never fetches the
-- URL a request names).  One row per profile URL: what device detection
-- needs from it.
CREATE TABLE uaprof (
	url           TEXT PRIMARY KEY,  -- as phones send it in x-wap-profile / Profile
	vendor        TEXT,
	model         TEXT,
	wml_versions  TEXT,              -- WmlVersion items, ", "-separated; NULL if none
	xhtml_version TEXT,              -- XhtmlVersion; NULL if none
	accept        TEXT,              -- CcppAccept types, ", "-separated; NULL if none
	screen_w      INTEGER,           -- ScreenSize "WxH"; NULL if absent
	screen_h      INTEGER,
	wml_deck_size INTEGER,           -- WmlDeckSize (bytes); NULL if absent
	max_sdu_size  INTEGER,           -- MaxSduSize (bytes); NULL if absent
	source        TEXT NOT NULL,     -- the file it was read from
	imported_at   INTEGER NOT NULL
) WITHOUT ROWID;
-- A new or changed profile can change the pages a phone gets: tell the
-- servers (see 002).
CREATE TRIGGER uaprof_gen_i AFTER INSERT ON uaprof BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER uaprof_gen_u AFTER UPDATE ON uaprof BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER uaprof_gen_d AFTER DELETE ON uaprof BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
