-- 018-items-lexicon.sql: the search's in-memory lexicon (store/svc_lex.c)
-- reads every item's name, id, unit and audience, in name order.  Through
-- items_name (name, id) each row also meant a look-up in the items table,
-- whose rows carry the whole guide text: 170 ms for the demo's 51,638
-- items, and over a second while an import was writing, when the
-- lexicon is rebuilt after each commit.  This index holds all four
-- columns, so that read touches the index alone; it replaces items_name
-- (its first two columns are the same, so every query using that one
-- can use this one).
DROP INDEX IF EXISTS items_name;
CREATE INDEX items_name_unit ON items(name, id, unit_id, audience);
