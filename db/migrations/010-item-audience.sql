-- 010-item-audience.sql: whom a service item is for.
--
-- 个人 (citizens) or 法人 (enterprises and institutions), as the service
-- catalogues divide them; '' when the source does not say.  Written by the
-- services import (<audience>) and the demo.
ALTER TABLE items ADD COLUMN audience TEXT NOT NULL DEFAULT ''
	CHECK (audience IN ('', '个人', '法人'));
