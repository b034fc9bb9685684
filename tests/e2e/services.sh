#!/bin/sh
# services.sh - online service lookup: region -> unit -> item navigation,
# topics, the guide in every dialect, search (Chinese, synonyms, mixed,
# hostile input, pagination) and `qiao import services`.
. "$(dirname "$0")/lib.sh"

db=$(demo_db services.db)
start_server "$db" || { fail "server starts"; finish; }
q() { sqlite3 "$db" "$1"; }
urlq() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
# total DIALECT FILE: the number of hits a search page shows
total() {
	case $1 in
	html) sed -nE 's/.*共找到 ([0-9]+\+?) 项.*/\1/p' "$2" | head -n 1 ;;
	*) sed -nE 's/.*共([0-9]+\+?)项.*/\1/p; s/.*共找到 ([0-9]+\+?) 项.*/\1/p' "$2" | head -n 1 ;;
	esac
}
# capped N: what a search page shows for N hits (it counts up to 500,
# SVC_COUNT_CAP).
capped() { if [ "$1" -gt 500 ]; then echo "500+"; else echo "$1"; fi; }
num() { echo "${1%+}"; }
budget_ok() {  # budget_ok DIALECT FILE: a page (not empty) within budget
	[ -s "$2" ] || { echo "$2 is empty"; return 1; }
	case $1 in
	wml) [ "$(wc -c <"$2")" -le 1400 ] ;;
	xhtml) [ "$(wc -c <"$2")" -le 10240 ] ;;
	*) true ;;
	esac
}
markup_ok() {  # markup_ok DIALECT FILE
	case $1 in
	wml) valid_dtd "$2" && kannel_ok "$2" ;;
	xhtml) valid_dtd "$2" ;;
	html) tidy_ok "$2" ;;
	esac
}
first_link() {  # first_link FILE REGEX -> the first href matching REGEX
	grep -oE "href=\"$2\"" "$WORK/$1" | head -n 1 | sed -E 's/^href="(.*)"$/\1/; s/&amp;/\&/g'
}

# --- navigation: entry -> province -> city -> county -> unit -> item ------
for d in wml xhtml html; do
	expect_eq "entry page ($d)" "$("fetch_$d" "n_$d" "$BASE/services")" 200
	check "entry page valid ($d)" markup_ok $d "$WORK/n_$d"
	check "entry page within budget ($d)" budget_ok $d "$WORK/n_$d"
	expect_contains "entry page has a search box ($d)" "$WORK/n_$d" 'name="q"'
	prov=$(first_link "n_$d" '/services/region/1[^"]*')
	expect_eq "entry links to the province ($d)" "${prov%%\?*}" /services/region/1
	"fetch_$d" "p_$d" "$BASE$prov" >/dev/null
	city=$(first_link "p_$d" '/services/region/2[^"0-9]*')
	expect_eq "province links to 长沙市 ($d)" "${city%%\?*}" /services/region/2
	"fetch_$d" "c_$d" "$BASE$city" >/dev/null
	expect_contains "city page names the city ($d)" "$WORK/c_$d" "长沙市"
	county=$(first_link "c_$d" '/services/region/16[^"0-9]*')
	expect_eq "city links to its first county ($d)" "${county%%\?*}" /services/region/16
	"fetch_$d" "k_$d" "$BASE$county" >/dev/null
	unit=$(first_link "k_$d" '/services/unit/[0-9]+[^"]*')
	uid=$(echo "$unit" | sed -E 's|/services/unit/([0-9]+).*|\1|')
	expect_eq "county lists its units ($d)" "$uid" "$(q "SELECT id FROM units WHERE region_id = 16 ORDER BY (SELECT count(*) FROM items i WHERE i.unit_id = units.id) DESC, sort, id LIMIT 1")"
	ucount=$(q "SELECT count(*) FROM items WHERE unit_id = $uid")
	if [ $d != wml ]; then expect_contains "unit shows its item count ($d)" "$WORK/k_$d" "$ucount"; fi
	"fetch_$d" "u_$d" "$BASE$unit" >/dev/null
	item=$(first_link "u_$d" '/services/[0-9]+[^"]*')
	iid=$(echo "$item" | sed -E 's|/services/([0-9]+).*|\1|')
	expect_eq "unit lists its first item ($d)" "$iid" "$(q "SELECT id FROM items WHERE unit_id = $uid ORDER BY id LIMIT 1")"
	expect_eq "item page ($d)" "$("fetch_$d" "i_$d" "$BASE$item")" 200
	expect_contains "item page names the unit ($d)" "$WORK/i_$d" "$(q "SELECT name FROM units WHERE id = $uid")"
	for f in p c k u i; do
		check "$f page valid ($d)" markup_ok $d "$WORK/${f}_$d"
		check "$f page within budget ($d)" budget_ok $d "$WORK/${f}_$d"
	done
done
# A forced WML view travels in links and in the search form.
fetch_html fw "$BASE/services?view=wml" >/dev/null
expect_contains "view=wml kept in region links" "$WORK/fw" '/services/region/1?view=wml"'
expect_contains "view=wml kept in the search form" "$WORK/fw" '<postfield name="view" value="wml"/>'

# --- every region page, every topic page: valid and within budget ---------
for d in wml xhtml; do
	bad=0 over=0 tbad=0
	for id in $(q "SELECT id FROM regions ORDER BY id"); do
		code=$("fetch_$d" "r_${d}_$id" "$BASE/services/region/$id")
		[ "$code" = 200 ] || bad=$((bad + 1))
		budget_ok $d "$WORK/r_${d}_$id" || over=$((over + 1))
	done
	for id in $(q "SELECT id FROM topics"); do
		code=$("fetch_$d" "t_${d}_$id" "$BASE/services/topic/$id")
		[ "$code" = 200 ] || { tbad=$((tbad + 1)); echo "  topic $id ($d): $code" >&2; }
		code=$("fetch_$d" "tr_${d}_$id" "$BASE/services/topic/$id?region=2&page=2")
		[ "$code" = 200 ] || { tbad=$((tbad + 1)); echo "  topic $id region 2 page 2 ($d): $code" >&2; }
		budget_ok $d "$WORK/t_${d}_$id" || over=$((over + 1))
		budget_ok $d "$WORK/tr_${d}_$id" || over=$((over + 1))
	done
	expect_eq "every region page is 200 ($d)" "$bad" 0
	expect_eq "every topic page is 200, also narrowed and paged ($d)" "$tbad" 0
	expect_eq "every region and topic page within budget ($d)" "$over" 0
	check "every region and topic page valid ($d)" valid_dtd_many "$WORK"/r_${d}_*[0-9] "$WORK"/t_${d}_*[0-9] "$WORK"/tr_${d}_*[0-9]
done
check "region and topic decks compile in Kannel" kannel_ok_many "$WORK"/r_wml_1 "$WORK"/r_wml_2 "$WORK"/r_wml_16 "$WORK"/t_wml_2 "$WORK"/tr_wml_2
fetch_html th "$BASE/services/topic/2?region=2" >/dev/null
check "topic page tidy (html)" tidy_ok "$WORK/th"
n=$(q "SELECT count(*) FROM item_topics t JOIN items i ON i.id = t.item_id JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id WHERE t.topic_id = 2 AND (r.id = 2 OR r.parent_id = 2)")
expect_contains "topic narrowed by region counts the region's items" "$WORK/th" "共 $n 项"
n=$(q "SELECT count(*) FROM item_topics WHERE topic_id = 2")
fetch_xhtml tx "$BASE/services/topic/2" >/dev/null
expect_contains "topic counts all its items" "$WORK/tx" "共 $n 项"

# --- search: 社保 finds every service whose name says 社保 or 社会保险 ------
# One result per service name (issue 13: identical names across regions are
# grouped), so totals count distinct names; a region keeps the services
# offered in it, below it, or above it (a county's citizen uses the city's).
nlike="(name LIKE '%社保%' OR name LIKE '%社会保险%')"
want=$(q "SELECT count(DISTINCT name) FROM items WHERE $nlike")
check "the demo has services named with 社保 or 社会保险" test "$want" -gt 0
sb=$(urlq 社保)
for d in wml xhtml html; do
	"fetch_$d" "s_$d" "$BASE/services/search?q=$sb" >/dev/null
	expect_eq "社保: one result per service name ($d)" "$(total $d "$WORK/s_$d")" "$(capped "$want")"
	check "search page valid ($d)" markup_ok $d "$WORK/s_$d"
	check "search page within budget ($d)" budget_ok $d "$WORK/s_$d"
done
# serving REGION: the regions whose items serve it (itself, below, above).
serving() {
	echo "(r.id = $1 OR r.parent_id = $1 OR r.id = (SELECT parent_id FROM regions WHERE id = $1)
	  OR r.id = (SELECT p.parent_id FROM regions p JOIN regions c ON c.parent_id = p.id WHERE c.id = $1))"
}
J="FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id WHERE $(serving 16)"
want16=$(q "SELECT count(DISTINCT i.name) $J AND (i.name LIKE '%社保%' OR i.name LIKE '%社会保险%')")
check "社保 in region 16: some services" test "$want16" -gt 0
fetch_html s1 "$BASE/services/search?q=$sb&region=16" >/dev/null
expect_eq "社保 in region 16: exact total" "$(total html "$WORK/s1")" "$want16"
fetch_html s2 "$BASE/services/search?q=$(urlq 社会保险)&region=16" >/dev/null
expect_eq "社会保险 finds the same services as 社保 (region 16, exact)" "$(total html "$WORK/s2")" "$want16"
expect_contains "HTML highlights the hit" "$WORK/s_html" "<mark>社"
# The exact set of names, page by page, in two counties (all pages followed),
# each name once, each row an item serving the county.
for reg in 16 131; do
	q "SELECT DISTINCT i.name FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id
	   WHERE $(serving $reg) AND (i.name LIKE '%社保%' OR i.name LIKE '%社会保险%') ORDER BY 1" > "$WORK/want_$reg"
	: > "$WORK/got_$reg"
	url="/services/search?q=$sb&region=$reg"
	pages=0
	while [ -n "$url" ] && [ $pages -lt 200 ]; do
		fetch_xhtml sp "$BASE$url" >/dev/null
		grep -oE 'href="/services/[0-9]+"' "$WORK/sp" | sed -E 's/[^0-9]//g' >> "$WORK/got_$reg"
		url=$(grep -oE 'href="/services/search[^"]*"' "$WORK/sp" | sed -E 's/^href="(.*)"$/\1/; s/&amp;/\&/g' | grep -E "page=$((pages + 2))(&|\$)" | head -n 1)
		pages=$((pages + 1))
	done
	ids=$(tr '\n' ',' <"$WORK/got_$reg" | sed 's/,$//')
	expect_eq "社保 in region $reg: no name twice" "$(wc -l <"$WORK/got_$reg" | tr -d ' ')" \
		"$(q "SELECT count(DISTINCT name) FROM items WHERE id IN (${ids:-0})")"
	expect_eq "社保 in region $reg: every row an item serving the region" "$(wc -l <"$WORK/got_$reg" | tr -d ' ')" \
		"$(q "SELECT count(*) FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id WHERE i.id IN (${ids:-0}) AND $(serving $reg)")"
	q "SELECT DISTINCT name FROM items WHERE id IN (${ids:-0}) ORDER BY 1" > "$WORK/gotn_$reg"
	check "region $reg has 社保 services" test -s "$WORK/want_$reg"
	expect_eq "社保 in region $reg: every page together is exactly the matching set of names" \
		"$(cksum <"$WORK/gotn_$reg")" "$(cksum <"$WORK/want_$reg")"
done
# Name matches come first.
fetch_wml sw1 "$BASE/services/search?q=$sb" >/dev/null
first=$(first_link sw1 '/services/[0-9]+' | sed -E 's/[^0-9]//g')
expect_eq "the first hit has 社保 or 社会保险 in its name" \
	"$(q "SELECT count(*) FROM items WHERE id = $first AND (name LIKE '%社保%' OR name LIKE '%社会保险%')")" 1

# Pagination.
expect_eq "search page 2 (wml)" "$(fetch_wml sw2 "$BASE/services/search?q=$sb&page=2")" 200
check "page 2 differs from page 1" sh -c "! cmp -s '$WORK/sw1' '$WORK/sw2'"
expect_contains "page 1 links to page 2" "$WORK/sw1" "page=2"
# One row per service name (issue 12): as many pages as the deck says.
last=$(sed -nE 's|.*1/([0-9]+) <a.*|\1|p' "$WORK/sw1" | head -n 1)
expect_eq "last page (wml)" "$(fetch_wml swl "$BASE/services/search?q=$sb&page=$last")" 200
expect_eq "past the last page (wml)" "$(fetch_wml swp "$BASE/services/search?q=$sb&page=$((last + 1))")" 404
# Every hit, one per row, with all=1.
shown=$(num "$(capped "$want")")
alll=$(( (shown + 4) / 5 ))
expect_eq "last page of every hit (wml)" "$(fetch_wml swa "$BASE/services/search?q=$sb&all=1&page=$alll")" 200
expect_eq "past the last page is 404" "$(fetch_wml swx "$BASE/services/search?q=$sb&page=$((last + 1))")" 404
expect_eq "page=0 is 400" "$(fetch_wml swb "$BASE/services/search?q=$sb&page=0")" 400
expect_eq "region=abc is 400" "$(fetch_wml swb "$BASE/services/search?q=$sb&region=abc")" 400

# Mixed and folded queries.  A region named in the query is the filter
# (长沙 -> 长沙市, region 2), whatever the link said.
both=$(q "SELECT count(DISTINCT i.name) FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id
	  WHERE $(serving 2) AND (i.name LIKE '%社保%' OR i.name LIKE '%社会保险%')")
fetch_html m1 "$BASE/services/search?q=$(urlq '社保 长沙')&region=16" >/dev/null
expect_eq "社保 长沙: 长沙 is the region filter (长沙市, exact)" "$(total html "$WORK/m1")" "$both"
apec=$(q "SELECT count(DISTINCT name) FROM items WHERE name LIKE '%APEC%'")
check "the demo has services named with APEC" test "$apec" -gt 0
fetch_html m2 "$BASE/services/search?q=APEC" >/dev/null
fetch_html m3 "$BASE/services/search?q=$(urlq ａｐｅｃ)" >/dev/null
expect_eq "ASCII APEC finds every service named with APEC" "$(total html "$WORK/m2")" "$apec"
expect_eq "full-width lower-case ａｐｅｃ = APEC" "$(total html "$WORK/m3")" "$apec"
jz=$(q "SELECT count(DISTINCT i.name) $J AND (i.name LIKE '%驾照%' OR i.name LIKE '%驾驶证%')")
check "驾照/驾驶证 in region 16: some services" test "$jz" -gt 0
fetch_html m4 "$BASE/services/search?q=$(urlq 驾照)&region=16" >/dev/null
fetch_html m5 "$BASE/services/search?q=$(urlq 駕照)&region=16" >/dev/null
expect_eq "驾照 finds 驾驶证 through the synonyms (region 16, exact)" "$(total html "$WORK/m4")" "$jz"
expect_eq "traditional 駕照 = 驾照 (region 16, exact)" "$(total html "$WORK/m5")" "$jz"
fetch_html m6 "$BASE/services/search?q=$(urlq 社保)&topic=2&region=2" >/dev/null
t2=$(q "SELECT count(DISTINCT i.name) FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id
	JOIN item_topics t ON t.item_id = i.id AND t.topic_id = 2
	WHERE $(serving 2) AND (i.name LIKE '%社保%' OR i.name LIKE '%社会保险%')")
expect_eq "filters by region and topic: the services of topic 2 serving region 2" "$(total html "$WORK/m6")" "$t2"
# One search box for the portal (issue 13): a report's title finds the
# article in a 政务公开 section, first when no service holds the query; the
# WML deck shows that section first and stays within budget.
gz=$(q "SELECT count(*) FROM articles WHERE deleted = 0 AND title LIKE '%政府工作报告%'")
check "the demo has 政府工作报告 articles" test "$gz" -gt 0
for d in wml xhtml html; do
	"fetch_$d" "gz_$d" "$BASE/services/search?q=$(urlq 政府工作报告)" >/dev/null
	expect_contains "政府工作报告: the news section ($d)" "$WORK/gz_$d" "政务公开"
	check "政府工作报告: links an article with it in the title ($d)" sh -c \
		"id=\$(grep -oE 'href=\"/news/[0-9]+' '$WORK/gz_$d' | head -n 1 | sed -E 's/[^0-9]//g'); [ -n \"\$id\" ] && [ \"\$(sqlite3 '$db' \"SELECT count(*) FROM articles WHERE id = \$id AND title LIKE '%政府工作报告%'\")\" = 1 ]"
	check "portal search page valid ($d)" markup_ok $d "$WORK/gz_$d"
	check "portal search page within budget ($d)" budget_ok $d "$WORK/gz_$d"
done
check "WML: the news section comes before the services" sh -c \
	"[ \$(grep -n '政务公开' '$WORK/gz_wml' | head -n 1 | cut -d: -f1) -le \$(grep -n '/services/[0-9]' '$WORK/gz_wml' | head -n 1 | cut -d: -f1) ]"
fetch_xhtml sb3 "$BASE/services/search?q=$sb" >/dev/null
check "社保: services lead (no news section above them)" sh -c \
	"! grep -q '<h2>办事服务</h2>' '$WORK/sb3'"
# A synonym added by staff takes effect.
q "INSERT INTO synonyms (term, synonym) VALUES ('开公司', '企业设立')"
fetch_html m7 "$BASE/services/search?q=$(urlq 开公司)" >/dev/null
check "a staff-added synonym is used" test "$(num "$(total html "$WORK/m7")")" -gt 0

# Hostile input: never an error page from the server.
long=$(python3 -c 'print("社"*21)')
for raw in '"' 'NEAR(' '*' "' OR 1=1 --" "$long" '' '   ' 'a:b' '^社保' '(' 'AND' '社保 OR' '-社保' '{name}:x'; do
	for d in wml xhtml html; do
		expect_eq "hostile query [$raw] answers 200 ($d)" "$("fetch_$d" h "$BASE/services/search?q=$(urlq "$raw")")" 200
		check "hostile query [$raw]: page valid ($d)" markup_ok $d "$WORK/h"
	done
done
fetch_html h1 "$BASE/services/search?q=$(urlq "$long")" >/dev/null
expect_contains "over-long query explained" "$WORK/h1" "关键词过长"
fetch_html h2 "$BASE/services/search?q=" >/dev/null
expect_contains "empty query explained" "$WORK/h2" "请输入"
fetch_html h3 "$BASE/services/search?q=$(urlq 量子纠缠望远镜)" >/dev/null
expect_contains "no results: a helpful page" "$WORK/h3" "没有找到"
expect_contains "no results: topics suggested" "$WORK/h3" 'href="/services/topic/1"'
for raw in '%FF' '%FF%FE' '%E7%A4' '%00'; do
	code=$(fetch_wml h "$BASE/services/search?q=$raw")
	case $code in 200|400) ok ;; *) fail "invalid UTF-8 q=$raw: $code" ;; esac
	[ "$code" = 200 ] && { check "invalid UTF-8 q=$raw page valid" markup_ok wml "$WORK/h"; }
done

# --- the guide in every dialect --------------------------------------------
longest=$(q "SELECT id FROM items_search ORDER BY length(body) DESC LIMIT 1")
phoned=$(q "SELECT id FROM items WHERE phone GLOB '*[0-9][0-9][0-9][0-9][0-9]*' LIMIT 1")
for id in $longest $phoned; do
	for d in wml xhtml; do
		p=1 over=0 pages=0
		while [ $p -lt 50 ]; do
			[ "$("fetch_$d" "g_${d}_${id}_$p" "$BASE/services/$id?p=$p")" = 200 ] || break
			pages=$p
			budget_ok $d "$WORK/g_${d}_${id}_$p" || over=$((over + 1))
			grep -q "p=$((p + 1))\"" "$WORK/g_${d}_${id}_$p" || break
			p=$((p + 1))
		done
		check "guide $id has pages ($d)" test "$pages" -ge 1
		expect_eq "guide $id: every deck within budget ($d)" "$over" 0
		check "guide $id: every deck valid ($d)" valid_dtd_many "$WORK"/g_${d}_${id}_*[0-9]
		[ $d = wml ] && check "guide $id: decks compile in Kannel" kannel_ok_many "$WORK"/g_${d}_${id}_*[0-9]
		expect_eq "guide $id: past the last deck is 404 ($d)" "$("fetch_$d" gx "$BASE/services/$id?p=$((pages + 1))")" 404
	done
	fetch_html "g_html_$id" "$BASE/services/$id" >/dev/null
	check "guide $id tidy (html)" tidy_ok "$WORK/g_html_$id"
done
check "the longest guide takes several WML decks" test -f "$WORK/g_wml_${longest}_2"
num=$(q "SELECT phone FROM items WHERE id = $phoned" | tr -cd '0-9+')
expect_contains "WML call link" "$WORK/g_wml_${phoned}_1" "href=\"wtai://wp/mc;$num\""
expect_contains "XHTML-MP tel: link" "$WORK/g_xhtml_${phoned}_1" "href=\"tel:$num\""
expect_contains "HTML tel: link" "$WORK/g_html_$phoned" "href=\"tel:$num\""
mat=$(nonempty "item $phoned has materials" "$(q "SELECT materials FROM items WHERE id = $phoned" | grep -v '^$' | head -n 1 | sed 's/&/\&amp;/g')")
expect_contains "HTML guide shows the materials" "$WORK/g_html_$phoned" "$mat"

for d in wml xhtml html; do
	expect_eq "unknown item 404 ($d)" "$("fetch_$d" e "$BASE/services/99999999")" 404
	expect_eq "unknown region 404 ($d)" "$("fetch_$d" e "$BASE/services/region/9999")" 404
	expect_eq "unknown unit 404 ($d)" "$("fetch_$d" e "$BASE/services/unit/99999999")" 404
	expect_eq "unknown topic 404 ($d)" "$("fetch_$d" e "$BASE/services/topic/99")" 404
	expect_eq "malformed item id 400 ($d)" "$("fetch_$d" e "$BASE/services/12x")" 400
	expect_eq "malformed region in topic 400 ($d)" "$("fetch_$d" e "$BASE/services/topic/1?region=-1")" 400
done
stop_server

# --- import ------------------------------------------------------------------
FIX="$QIAO_TOP/tests/fixtures/services"
idb=$(demo_db import.db)
before=$(sqlite3 "$idb" "SELECT count(*) FROM items")
"$QIAO_BIN" import services "$FIX/good.xml" --db "$idb" >"$WORK/imp.out" 2>&1
expect_eq "import a good file: exit 0" "$?" 0
expect_eq "import adds its new items" "$(sqlite3 "$idb" "SELECT count(*) FROM items")" "$((before + 3))"
start_server "$idb" || { fail "server restarts"; finish; }
fetch_html ii "$BASE/services/search?q=$(urlq 夜市摊位)" >/dev/null
expect_eq "an imported item is found by search" "$(total html "$WORK/ii")" 1
fetch_html ij "$BASE/services/search?q=$(urlq 旧名称不应再被找到)" >/dev/null
expect_eq "its body text is indexed" "$(total html "$WORK/ij")" 1
stop_server
"$QIAO_BIN" import services "$FIX/good-v2.xml" --db "$idb" >/dev/null 2>&1
expect_eq "re-import: exit 0" "$?" 0
expect_eq "re-import updates in place" "$(sqlite3 "$idb" "SELECT count(*) FROM items")" "$((before + 3))"
expect_eq "re-import changed the text" "$(sqlite3 "$idb" "SELECT time_limit FROM items WHERE code = 'TEST-0001'")" "3个工作日"
gen=$(sqlite3 "$idb" "SELECT value FROM meta WHERE key = 'generation'")
"$QIAO_BIN" import services "$FIX/bad-missing-name.xml" --db "$idb" 2>"$WORK/imp.err"
expect_eq "bad file: exit 1" "$?" 1
check "bad file: FILE:LINE: reason" grep -qE '^qiao: .*bad-missing-name\.xml:7: ' "$WORK/imp.err"
expect_eq "bad file: one line" "$(wc -l <"$WORK/imp.err" | tr -d ' ')" 1
expect_eq "bad file: nothing written" "$(sqlite3 "$idb" "SELECT value FROM meta WHERE key = 'generation'")" "$gen"
expect_eq "bad file: not even its good first item" "$(sqlite3 "$idb" "SELECT count(*) FROM items WHERE code = 'TEST-0101'")" 0
"$QIAO_BIN" import services "$FIX/xxe.xml" --db "$idb" 2>/dev/null
expect_eq "entity declarations rejected" "$?" 1
"$QIAO_BIN" import services "$WORK/nosuchfile.xml" --db "$idb" 2>/dev/null
expect_eq "missing file: exit 1" "$?" 1
"$QIAO_BIN" import services 2>/dev/null
expect_eq "missing file argument: usage error" "$?" 2
"$QIAO_BIN" import nosuch x.xml 2>/dev/null
expect_eq "unknown import kind: usage error" "$?" 2
start_server "$idb" || { fail "server restarts"; finish; }
fetch_html ij "$BASE/services/search?q=$(urlq 旧名称不应再被找到)" >/dev/null
# Gone from the index: no exact answer any more (related services may be
# offered under "没有完全匹配的事项", issue 13).
check "old text gone from the index after re-import" sh -c "! grep -q '共找到' '$WORK/ij'"
fetch_html ik "$BASE/services/search?q=$(urlq 营业场所证明)" >/dev/null
check "new text found after re-import" test "$(total html "$WORK/ik")" -ge 1
stop_server
finish
