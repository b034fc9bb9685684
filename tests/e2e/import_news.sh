#!/bin/sh
# import_news.sh - `qiao import news`: a feed lands in a column and shows
# on the pages; re-import adds nothing; bad files are refused with
# FILE:LINE: reason, exit 1, and nothing written.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
F=$QIAO_TOP/tests/fixtures/news
col=$(sqlite3 "$db" "SELECT id FROM columns WHERE name = '通知公告' LIMIT 1")
state() { sqlite3 "$db" "SELECT count(*), (SELECT count(*) FROM columns), (SELECT value FROM meta WHERE key = 'generation') FROM articles"; }
q() { "$QIAO_BIN" "$@" >"$WORK/out" 2>"$WORK/err"; echo $?; }

before=$(sqlite3 "$db" "SELECT count(*) FROM articles")
expect_eq "RSS import" "$(q import news "$F/rss-basic.xml" --column "$col" --db "$db")" 0
expect_contains "reports what it did" "$WORK/out" "added"
added=$(sqlite3 "$db" "SELECT count(*) FROM articles")
check "articles added" test "$added" -gt "$before"
expect_eq "entities and CDATA decoded into the title" "$(sqlite3 "$db" "SELECT title FROM articles WHERE guid = 'rss-001'")" "Roads & bridges 中 <b>open</b>"
expect_eq "HTML reduced to paragraphs, script dropped" "$(sqlite3 "$db" "SELECT body FROM articles WHERE guid = 'rss-001'")" "$(printf '第一段 & more\n第二段\n第三段')"
expect_eq "re-import: same state" "$(s1=$(state); q import news "$F/rss-basic.xml" --column "$col" --db "$db" >/dev/null; echo "$s1")" "$(state)"
expect_contains "re-import reports unchanged" "$WORK/out" "0 added"

# The imported article is on the site at once.
start_server "$db" || { fail "server starts"; finish; }
id=$(sqlite3 "$db" "SELECT id FROM articles WHERE guid = 'rss-001'")
expect_eq "imported article served" "$(fetch_wml imp "$BASE/news/$id")" 200
expect_contains "escaped in the deck" "$WORK/imp" "Roads &amp; bridges 中 &lt;b&gt;open&lt;/b&gt;"
check "deck valid" valid_dtd "$WORK/imp"
check "deck compiles" kannel_ok "$WORK/imp"
stop_server

# Our own format creates columns and articles.
expect_eq "qiao-news import" "$(q import news "$F/news-basic.xml" --column "$col" --db "$db")" 0
expect_eq "its new column exists" "$(sqlite3 "$db" "SELECT name FROM columns WHERE id = 401")" "政策解读"

# Bad input: FILE:LINE: reason, exit 1, nothing written.
for f in bad-not-wellformed bad-no-title bad-unknown-column bad-date xxe-file xxe-dtd xxe-param billion-laughs; do
	s1=$(state)
	expect_eq "$f refused" "$(q import news "$F/$f.xml" --column "$col" --db "$db")" 1
	check "$f: one line FILE:LINE: reason" sh -c "test \$(wc -l <'$WORK/err') -eq 1 && grep -qE '^qiao: .*$f\\.xml:[0-9]+: ' '$WORK/err'"
	expect_eq "$f: nothing written" "$(state)" "$s1"
	cp "$WORK/err" "$WORK/err_$f"
done
# Each file's own reason (not the last loop item's).
expect_contains "not well-formed explained" "$WORK/err_bad-not-wellformed" "not well-formed XML"
expect_contains "a missing title explained" "$WORK/err_bad-no-title" "no title"
for f in xxe-file xxe-dtd xxe-param billion-laughs; do
	expect_contains "$f: DOCTYPE refused" "$WORK/err_$f" "DOCTYPE not allowed"
done
check "no /etc/passwd content anywhere" sh -c "! sqlite3 '$db' \"SELECT title || body FROM articles\" | grep -q 'root:'"
expect_eq "RSS without --column" "$(q import news "$F/rss-basic.xml" --db "$db")" 1
expect_eq "unknown kind" "$(q import recipes "$F/rss-basic.xml" --db "$db")" 2
expect_eq "missing file" "$(q import news "$WORK/nope.xml" --column "$col" --db "$db")" 1
expect_eq "bad --column" "$(q import news "$F/rss-basic.xml" --column x --db "$db")" 2

# Issue 15, fault 3: both importers read through one safe reader, with the
# same limits and the same refusals, each one line FILE:LINE: reason in
# our own words (nothing of libxml2's on stderr), nothing written.
mk() { printf "$2" > "$WORK/$1.xml"; }
one_line() { test "$(wc -l < "$WORK/err")" -eq 1 && grep -qF -- "$1" "$WORK/err"; }
mk doctype '<?xml version="1.0"?>\n\n<!DOCTYPE x [\n<!ENTITY e "v">\n<!BOGUS junk>\n]>\n<x a="&e;"/>\n'
mk entattr '<?xml version="1.0"?>\n<x>\n<y a="1&e;"/>\n</x>\n'
mk declate '\n\n<?xml version="1.0"?>\n<x/>\n'
printf '<\000\000\000o\000\000\000\000\000\000\000\000\000\000\000<x/>\n' > "$WORK/encoding.xml"
truncate -s 40M "$WORK/huge.xml"
for kind in news services; do
	for f in doctype:3:"DOCTYPE not allowed" entattr:3:"not well-formed XML: undefined entity &e; (only" \
		declate:3:"not well-formed XML: the XML declaration (<?xml ...?>) must be at the very start" \
		encoding:1:"not well-formed XML: bytes that are not valid in the file's encoding" \
		huge::"file too large (limit 33554432 bytes)"; do
		name=${f%%:*} rest=${f#*:} line=${rest%%:*} why=${rest#*:}
		s1=$(state)
		expect_eq "$kind $name: refused" "$(q import $kind "$WORK/$name.xml" --column "$col" --db "$db")" 1
		want="qiao: $WORK/$name.xml:${line:+$line:} $why"
		check "$kind $name: one line \"$want\"" one_line "$want"
		expect_eq "$kind $name: nothing written" "$(state)" "$s1"
	done
done

finish
