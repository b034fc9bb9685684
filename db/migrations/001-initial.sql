-- 001-initial.sql: the portal's content model.
--
-- Applied in one transaction by store_open() when PRAGMA user_version < 1.
-- Times are Unix seconds (UTC); pages show them in China Standard Time.
-- Long texts keep paragraphs separated by a single '\n'.

-- Administrative regions: the province (level 1), its 14 prefecture-level
-- cities and prefectures (level 2) and 123 county-level divisions (level 3).
CREATE TABLE regions (
	id        INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES regions(id),
	level     INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
	name      TEXT NOT NULL,
	code      TEXT NOT NULL UNIQUE,
	sort      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX regions_parent ON regions(parent_id, sort);

-- Departments with approval functions, each in one region.
CREATE TABLE units (
	id        INTEGER PRIMARY KEY,
	region_id INTEGER NOT NULL REFERENCES regions(id),
	name      TEXT NOT NULL,
	phone     TEXT NOT NULL DEFAULT '',
	address   TEXT NOT NULL DEFAULT '',
	sort      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX units_region ON units(region_id, sort, id);

-- The 13 service topics.
CREATE TABLE topics (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	sort INTEGER NOT NULL DEFAULT 0
);

-- Approval and public-service items with their service-guide fields.
CREATE TABLE items (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	kind        TEXT NOT NULL DEFAULT '行政许可',
	legal_basis TEXT NOT NULL DEFAULT '',
	conditions  TEXT NOT NULL DEFAULT '',
	materials   TEXT NOT NULL DEFAULT '',
	procedure   TEXT NOT NULL DEFAULT '',
	time_limit  TEXT NOT NULL DEFAULT '',
	fees        TEXT NOT NULL DEFAULT '',
	place       TEXT NOT NULL DEFAULT '',
	phone       TEXT NOT NULL DEFAULT '',
	online_url  TEXT NOT NULL DEFAULT '',
	updated_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX items_unit ON items(unit_id, id);

CREATE TABLE item_topics (
	topic_id INTEGER NOT NULL REFERENCES topics(id),
	item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
	PRIMARY KEY (topic_id, item_id)
) WITHOUT ROWID;
CREATE INDEX item_topics_item ON item_topics(item_id);

-- The portal's column (section) tree: 8 top sections, 68 second-level and
-- 303 third-level columns in the seed.  A deleted column keeps its row so
-- that old links answer 404 rather than pointing elsewhere.
CREATE TABLE columns (
	id        INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES columns(id),
	level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
	name      TEXT NOT NULL,
	sort      INTEGER NOT NULL DEFAULT 0,
	deleted   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX columns_parent ON columns(parent_id, sort, id);

CREATE TABLE articles (
	id           INTEGER PRIMARY KEY,
	column_id    INTEGER NOT NULL REFERENCES columns(id),
	title        TEXT NOT NULL,
	source       TEXT NOT NULL DEFAULT '',
	published_at INTEGER NOT NULL,
	body         TEXT NOT NULL DEFAULT '',
	guid         TEXT UNIQUE,
	link         TEXT NOT NULL DEFAULT '',
	deleted      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_column ON articles(column_id, published_at DESC, id DESC);
CREATE INDEX articles_published ON articles(published_at DESC, id DESC);

-- Citizens' messages and the departments' replies.
CREATE TABLE messages (
	id            INTEGER PRIMARY KEY,
	code          TEXT NOT NULL UNIQUE,
	type          TEXT NOT NULL CHECK (type IN ('咨询', '建议', '投诉')),
	unit_id       INTEGER NOT NULL REFERENCES units(id),
	title         TEXT NOT NULL,
	body          TEXT NOT NULL,
	sender_name   TEXT NOT NULL DEFAULT '',
	sender_phone  TEXT NOT NULL DEFAULT '',
	anonymous     INTEGER NOT NULL DEFAULT 0,
	state         TEXT NOT NULL DEFAULT 'pending'
	              CHECK (state IN ('pending', 'published', 'rejected')),
	reject_reason TEXT NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL
);
CREATE INDEX messages_state ON messages(state, created_at DESC, id DESC);
CREATE INDEX messages_unit ON messages(unit_id, created_at DESC);

CREATE TABLE replies (
	id         INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	unit_id    INTEGER NOT NULL REFERENCES units(id),
	body       TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX replies_message ON replies(message_id, created_at);

-- Reference data: the 13 service topics.
INSERT INTO topics (id, name, sort) VALUES
 (1, '教育', 1), (2, '社保', 2), (3, '就业', 3), (4, '医疗', 4), (5, '住房', 5),
 (6, '交通', 6), (7, '婚育收养', 7), (8, '公用事业', 8), (9, '证件办理', 9),
 (10, '企业开办', 10), (11, '经营纳税', 11), (12, '资质认定', 12), (13, '招商引资', 13);

-- Reference data: Hunan's administrative divisions.
INSERT INTO regions (id, parent_id, level, name, code, sort) VALUES
 (1, NULL, 1, '湖南省', '430000', 0),
 (2, 1, 2, '长沙市', '430100', 0),
 (3, 1, 2, '株洲市', '430200', 1),
 (4, 1, 2, '湘潭市', '430300', 2),
 (5, 1, 2, '衡阳市', '430400', 3),
 (6, 1, 2, '邵阳市', '430500', 4),
 (7, 1, 2, '岳阳市', '430600', 5),
 (8, 1, 2, '常德市', '430700', 6),
 (9, 1, 2, '张家界市', '430800', 7),
 (10, 1, 2, '益阳市', '430900', 8),
 (11, 1, 2, '郴州市', '431000', 9),
 (12, 1, 2, '永州市', '431100', 10),
 (13, 1, 2, '怀化市', '431200', 11),
 (14, 1, 2, '娄底市', '431300', 12),
 (15, 1, 2, '湘西土家族苗族自治州', '433100', 13),
 (16, 2, 3, '芙蓉区', '430101', 0),
 (17, 2, 3, '天心区', '430102', 1),
 (18, 2, 3, '岳麓区', '430103', 2),
 (19, 2, 3, '开福区', '430104', 3),
 (20, 2, 3, '雨花区', '430105', 4),
 (21, 2, 3, '望城区', '430106', 5),
 (22, 2, 3, '长沙县', '430107', 6),
 (23, 2, 3, '浏阳市', '430108', 7),
 (24, 2, 3, '宁乡市', '430109', 8),
 (25, 3, 3, '荷塘区', '430201', 0),
 (26, 3, 3, '芦淞区', '430202', 1),
 (27, 3, 3, '石峰区', '430203', 2),
 (28, 3, 3, '天元区', '430204', 3),
 (29, 3, 3, '渌口区', '430205', 4),
 (30, 3, 3, '攸县', '430206', 5),
 (31, 3, 3, '茶陵县', '430207', 6),
 (32, 3, 3, '炎陵县', '430208', 7),
 (33, 3, 3, '醴陵市', '430209', 8),
 (34, 4, 3, '雨湖区', '430301', 0),
 (35, 4, 3, '岳塘区', '430302', 1),
 (36, 4, 3, '湘潭县', '430303', 2),
 (37, 4, 3, '湘乡市', '430304', 3),
 (38, 4, 3, '韶山市', '430305', 4),
 (39, 5, 3, '珠晖区', '430401', 0),
 (40, 5, 3, '雁峰区', '430402', 1),
 (41, 5, 3, '石鼓区', '430403', 2),
 (42, 5, 3, '蒸湘区', '430404', 3),
 (43, 5, 3, '南岳区', '430405', 4),
 (44, 5, 3, '衡阳县', '430406', 5),
 (45, 5, 3, '衡南县', '430407', 6),
 (46, 5, 3, '衡山县', '430408', 7),
 (47, 5, 3, '衡东县', '430409', 8),
 (48, 5, 3, '祁东县', '430410', 9),
 (49, 5, 3, '耒阳市', '430411', 10),
 (50, 5, 3, '常宁市', '430412', 11),
 (51, 6, 3, '双清区', '430501', 0),
 (52, 6, 3, '大祥区', '430502', 1),
 (53, 6, 3, '北塔区', '430503', 2),
 (54, 6, 3, '新邵县', '430504', 3),
 (55, 6, 3, '邵阳县', '430505', 4),
 (56, 6, 3, '隆回县', '430506', 5),
 (57, 6, 3, '洞口县', '430507', 6),
 (58, 6, 3, '绥宁县', '430508', 7),
 (59, 6, 3, '新宁县', '430509', 8),
 (60, 6, 3, '城步苗族自治县', '430510', 9),
 (61, 6, 3, '武冈市', '430511', 10),
 (62, 6, 3, '邵东市', '430512', 11),
 (63, 7, 3, '岳阳楼区', '430601', 0),
 (64, 7, 3, '云溪区', '430602', 1),
 (65, 7, 3, '君山区', '430603', 2),
 (66, 7, 3, '岳阳县', '430604', 3),
 (67, 7, 3, '华容县', '430605', 4),
 (68, 7, 3, '湘阴县', '430606', 5),
 (69, 7, 3, '平江县', '430607', 6),
 (70, 7, 3, '汨罗市', '430608', 7),
 (71, 7, 3, '临湘市', '430609', 8),
 (72, 8, 3, '武陵区', '430701', 0),
 (73, 8, 3, '鼎城区', '430702', 1),
 (74, 8, 3, '安乡县', '430703', 2),
 (75, 8, 3, '汉寿县', '430704', 3),
 (76, 8, 3, '澧县', '430705', 4),
 (77, 8, 3, '临澧县', '430706', 5),
 (78, 8, 3, '桃源县', '430707', 6),
 (79, 8, 3, '石门县', '430708', 7),
 (80, 8, 3, '津市市', '430709', 8),
 (81, 9, 3, '永定区', '430801', 0),
 (82, 9, 3, '武陵源区', '430802', 1),
 (83, 9, 3, '慈利县', '430803', 2),
 (84, 9, 3, '桑植县', '430804', 3),
 (85, 10, 3, '资阳区', '430901', 0),
 (86, 10, 3, '赫山区', '430902', 1),
 (87, 10, 3, '南县', '430903', 2),
 (88, 10, 3, '桃江县', '430904', 3),
 (89, 10, 3, '安化县', '430905', 4),
 (90, 10, 3, '沅江市', '430906', 5),
 (91, 11, 3, '北湖区', '431001', 0),
 (92, 11, 3, '苏仙区', '431002', 1),
 (93, 11, 3, '桂阳县', '431003', 2),
 (94, 11, 3, '宜章县', '431004', 3),
 (95, 11, 3, '永兴县', '431005', 4),
 (96, 11, 3, '嘉禾县', '431006', 5),
 (97, 11, 3, '临武县', '431007', 6),
 (98, 11, 3, '汝城县', '431008', 7),
 (99, 11, 3, '桂东县', '431009', 8),
 (100, 11, 3, '安仁县', '431010', 9),
 (101, 11, 3, '资兴市', '431011', 10),
 (102, 12, 3, '零陵区', '431101', 0),
 (103, 12, 3, '冷水滩区', '431102', 1),
 (104, 12, 3, '东安县', '431103', 2),
 (105, 12, 3, '双牌县', '431104', 3),
 (106, 12, 3, '道县', '431105', 4),
 (107, 12, 3, '江永县', '431106', 5),
 (108, 12, 3, '宁远县', '431107', 6),
 (109, 12, 3, '蓝山县', '431108', 7),
 (110, 12, 3, '新田县', '431109', 8),
 (111, 12, 3, '江华瑶族自治县', '431110', 9),
 (112, 12, 3, '祁阳市', '431111', 10),
 (113, 13, 3, '鹤城区', '431201', 0),
 (114, 13, 3, '中方县', '431202', 1),
 (115, 13, 3, '沅陵县', '431203', 2),
 (116, 13, 3, '辰溪县', '431204', 3),
 (117, 13, 3, '溆浦县', '431205', 4),
 (118, 13, 3, '会同县', '431206', 5),
 (119, 13, 3, '麻阳苗族自治县', '431207', 6),
 (120, 13, 3, '新晃侗族自治县', '431208', 7),
 (121, 13, 3, '芷江侗族自治县', '431209', 8),
 (122, 13, 3, '靖州苗族侗族自治县', '431210', 9),
 (123, 13, 3, '通道侗族自治县', '431211', 10),
 (124, 13, 3, '洪江市', '431212', 11),
 (125, 13, 3, '洪江区', '431213', 12),
 (126, 14, 3, '娄星区', '431301', 0),
 (127, 14, 3, '双峰县', '431302', 1),
 (128, 14, 3, '新化县', '431303', 2),
 (129, 14, 3, '冷水江市', '431304', 3),
 (130, 14, 3, '涟源市', '431305', 4),
 (131, 15, 3, '吉首市', '433101', 0),
 (132, 15, 3, '泸溪县', '433102', 1),
 (133, 15, 3, '凤凰县', '433103', 2),
 (134, 15, 3, '花垣县', '433104', 3),
 (135, 15, 3, '保靖县', '433105', 4),
 (136, 15, 3, '古丈县', '433106', 5),
 (137, 15, 3, '永顺县', '433107', 6),
 (138, 15, 3, '龙山县', '433108', 7);
