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
-- non-Chinese column (rowid = articles.id).  The Chinese articles are
-- searched by the portal search (store/portal.c) and are not in here.
-- qiao_zh indexes Han, kana and hangul as overlapping character pairs and
-- Latin words whole (store/fts_zh.c).  The store's article writers keep it
-- (news_intl_reindex after news_put_article and the editors' saves), not
-- triggers: a trigger naming an FTS5 table needs the qiao_zh tokenizer on
-- every connection that writes articles, the sqlite3 shell's too.  A row
-- whose article was deleted, unpublished or moved is never shown: the
-- search joins the articles and their columns.
CREATE VIRTUAL TABLE intl_fts USING fts5(title, body, tokenize = 'qiao_zh');
