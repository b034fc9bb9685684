-- 011-items-name.sql: find the same service in every region by its name
-- (search results grouped by service, "其他 N 个地区可办").
CREATE INDEX items_name ON items(name, id);
