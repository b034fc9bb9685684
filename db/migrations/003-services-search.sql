-- 003-services-search.sql: full-text search over the service guides, and
-- the staff-editable synonyms table.
--
-- items_fts indexes one row per item (rowid = items.id) with three columns:
--   name  the item's name (tier 1 of the ranking: name hits come first)
--   body  the guide text: legal basis, conditions, materials, procedure,
--         time limit, fees, place
--   tags  filter tokens: "r<id>" for the item's region and every region
--         above it, "t<id>" for each of its topics; queries restrict user
--         terms to {name body}, so these never match what a user types
-- It is an external-content table over the view items_search (no text is
-- stored twice); items_name_fts below indexes the names a second time.  It is NOT kept in sync by triggers: the tokenizer
-- "qiao_zh" lives in the qiao binary, and a trigger would make every write
-- to items from the sqlite3 shell fail.  The store reindexes what it
-- writes (store/services.h: svc_reindex_item, svc_reindex_all).
CREATE VIEW items_search (id, name, body, tags) AS
SELECT i.id, i.name,
       i.legal_basis || char(10) || i.conditions || char(10) || i.materials || char(10) ||
       i.procedure || char(10) || i.time_limit || char(10) || i.fees || char(10) || i.place,
       (SELECT group_concat('r' || r3.id, ' ') FROM regions r3
         WHERE r3.id IN (r.id, r.parent_id, (SELECT p.parent_id FROM regions p WHERE p.id = r.parent_id)))
       || coalesce((SELECT ' ' || group_concat('t' || it.topic_id, ' ') FROM item_topics it WHERE it.item_id = i.id), '')
FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id;

CREATE VIRTUAL TABLE items_fts USING fts5(name, body, tags,
	content='items_search', content_rowid='id', tokenize='qiao_zh');

-- The names again, alone: tier 1 of the ranking (every term in the name)
-- is counted and scored here, where doclists are short, instead of
-- decoding the long name+body doclists of items_fts.
CREATE VIEW items_search_names (id, name, tags) AS SELECT id, name, tags FROM items_search;
CREATE VIRTUAL TABLE items_name_fts USING fts5(name, tags,
	content='items_search_names', content_rowid='id', tokenize='qiao_zh');

-- Abbreviations and their full forms; a search for either finds both.
-- Terms are stored as typed (simplified characters); the lookup is made
-- in both directions.
CREATE TABLE synonyms (
	term    TEXT NOT NULL,
	synonym TEXT NOT NULL,
	PRIMARY KEY (term, synonym)
) WITHOUT ROWID;
CREATE INDEX synonyms_rev ON synonyms(synonym);

INSERT INTO synonyms (term, synonym) VALUES
 ('社保', '社会保险'),
 ('医保', '医疗保险'),
 ('医保', '医疗保障'),
 ('驾照', '机动车驾驶证'),
 ('驾照', '驾驶证'),
 ('户口', '户籍'),
 ('公积金', '住房公积金'),
 ('身份证', '居民身份证'),
 ('低保', '最低生活保障'),
 ('养老金', '基本养老金'),
 ('失业金', '失业保险金'),
 ('个税', '个人所得税'),
 ('房产证', '不动产权证书'),
 ('准生证', '生育服务证'),
 ('出生证', '出生医学证明'),
 ('残疾证', '残疾人证'),
 ('行驶证', '机动车行驶证'),
 ('车牌', '机动车号牌'),
 ('港澳通行证', '往来港澳通行证'),
 ('营业执照', '企业设立登记'),
 ('社保卡', '社会保障卡'),
 ('工伤', '工伤保险');

-- Synonym edits change search results: bump the change counter (002).
CREATE TRIGGER synonyms_gen_i AFTER INSERT ON synonyms BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER synonyms_gen_u AFTER UPDATE ON synonyms BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER synonyms_gen_d AFTER DELETE ON synonyms BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER item_topics_gen_i AFTER INSERT ON item_topics BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
CREATE TRIGGER item_topics_gen_d AFTER DELETE ON item_topics BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END;
