-- 017-uaprof-charset.sql: the charsets a UAProf profile says its browser
-- reads (CcppAccept-Charset, ", "-separated as in the profile), so that a
-- phone whose profile leaves out UTF-8 gets its pages in GBK, GB2312 or
-- Big5 (docs/charsets.md).  NULL: the profile does not say.
ALTER TABLE uaprof ADD COLUMN accept_charset TEXT;
