-- 014-column-lang.sql: the foreign-language versions' own column trees.
--
-- The portal runs an English, French, Japanese and Korean version beside
-- the Chinese one, each with its own content (issue 17).  A column says
-- which version's tree it belongs to: 'zh' (the Chinese portal, shown in
-- 简体 and 繁體; every column that existed before this migration) or the
-- BCP 47 tag of a foreign version ('en', 'fr', 'ja', 'ko').  An article
-- belongs to its column's version.  A column's children are in the same
-- version as the column (news_add_column gives a child its parent's).
--
-- Every Chinese query asks for lang = 'zh', every foreign one for its own
-- tag, so a foreign article never appears on a Chinese page or the other
-- way round.
ALTER TABLE columns ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh';
CREATE INDEX columns_lang_top ON columns(lang, parent_id, sort, id);

-- The foreign versions' search: titles and bodies of the articles of a
-- non-Chinese column (rowid = articles.id), kept by the triggers below.
-- The Chinese articles are searched by the portal search (store/portal.c)
-- and are not in here.  qiao_zh indexes Han, kana and hangul as
-- overlapping character pairs and Latin words whole (store/fts_zh.c).
-- Moving a column to another version is not done by any writer; were it
-- done, its articles' rows would follow at their next update.
CREATE VIRTUAL TABLE intl_fts USING fts5(title, body, tokenize = 'qiao_zh');

CREATE TRIGGER intl_fts_i AFTER INSERT ON articles
WHEN (SELECT lang FROM columns WHERE id = NEW.column_id) <> 'zh'
BEGIN
	INSERT INTO intl_fts (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
END;

CREATE TRIGGER intl_fts_u AFTER UPDATE ON articles
BEGIN
	DELETE FROM intl_fts WHERE rowid = OLD.id;
	INSERT INTO intl_fts (rowid, title, body)
	SELECT NEW.id, NEW.title, NEW.body
	WHERE (SELECT lang FROM columns WHERE id = NEW.column_id) <> 'zh';
END;

CREATE TRIGGER intl_fts_d AFTER DELETE ON articles
BEGIN
	DELETE FROM intl_fts WHERE rowid = OLD.id;
END;
