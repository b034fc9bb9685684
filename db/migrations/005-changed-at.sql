-- 005-changed-at.sql: when the content last changed.
--
-- Every bump of meta.generation (by the triggers of 002 and later) also
-- records the time, so that every server process gives a page the same
-- Last-Modified, whichever process rendered it.
INSERT INTO meta (key, value) VALUES ('changed_at', CAST(strftime('%s', 'now') AS INTEGER));
CREATE TRIGGER meta_changed_at AFTER UPDATE OF value ON meta WHEN new.key = 'generation'
BEGIN
	UPDATE meta SET value = CAST(strftime('%s', 'now') AS INTEGER) WHERE key = 'changed_at';
END;
