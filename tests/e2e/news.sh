#!/bin/sh
# news.sh - the column tree, column pages, articles split into decks, 404
# and 400 in each dialect.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
start_server "$db" || { fail "server starts"; finish; }
live_columns=$(sqlite3 "$db" "SELECT count(*) FROM columns WHERE deleted = 0 AND lang = 'zh'")

# Walk the whole column tree from /news in each dialect, following only
# the links the pages give.
for d in wml xhtml html; do
	mkdir -p "$WORK/tree_$d"
	"fetch_$d" "tree_$d/index" "$BASE/news" >/dev/null
	grep -o 'href="/news/c/[0-9]*' "$WORK/tree_$d/index" | sed 's/.*c\///' > "$WORK/queue"
	: > "$WORK/seen"
	bad=0
	while [ -s "$WORK/queue" ]; do
		id=$(head -n 1 "$WORK/queue"); sed -i 1d "$WORK/queue"
		grep -qx "$id" "$WORK/seen" && continue
		echo "$id" >> "$WORK/seen"
		code=$("fetch_$d" "tree_$d/c$id" "$BASE/news/c/$id")
		[ "$code" = 200 ] || { bad=$((bad + 1)); echo "  /news/c/$id: $code"; }
		grep -o 'href="/news/c/[0-9]*' "$WORK/tree_$d/c$id" | sed 's/.*c\///' >> "$WORK/queue"
	done
	expect_eq "every column reached by links ($d)" "$(wc -l <"$WORK/seen" | tr -d ' ')" "$live_columns"
	expect_eq "every column page is 200 ($d)" "$bad" 0
	set -- "$WORK/tree_$d"/c*[0-9]
	case $d in
	wml)
		check "every column deck valid (DTD)" valid_dtd_many "$@"
		check "every column deck compiles in Kannel" kannel_ok_many "$@"
		over=0; for f in "$@"; do [ "$(wc -c <"$f")" -le 1400 ] || over=$((over + 1)); done
		expect_eq "every column deck within 1,400 bytes" "$over" 0 ;;
	xhtml)
		check "every XHTML-MP column page valid (DTD)" valid_dtd_many "$@"
		over=0; for f in "$@"; do [ "$(wc -c <"$f")" -le 10240 ] || over=$((over + 1)); done
		expect_eq "every XHTML-MP column page within 10 KB" "$over" 0 ;;
	html)
		check "every HTML column page tidy" tidy_ok_many "$@" ;;
	esac
done

# A column's articles, newest first, paginated.
busy=$(sqlite3 "$db" "SELECT column_id FROM articles WHERE deleted = 0 GROUP BY column_id ORDER BY count(*) DESC LIMIT 1")
n=$(sqlite3 "$db" "SELECT count(*) FROM articles WHERE column_id = $busy AND deleted = 0")
newest=$(sqlite3 "$db" "SELECT id FROM articles WHERE column_id = $busy AND deleted = 0 ORDER BY published_at DESC, id DESC LIMIT 1")
sixth=$(sqlite3 "$db" "SELECT id FROM articles WHERE column_id = $busy AND deleted = 0 ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET 5")
fetch_wml col1 "$BASE/news/c/$busy" >/dev/null
expect_contains "newest article first" "$WORK/col1" "href=\"/news/$newest\""
expect_contains "next page link" "$WORK/col1" "href=\"/news/c/$busy?page=2\""
expect_eq "page 2 in WML" "$(fetch_wml col2 "$BASE/news/c/$busy?page=2")" 200
expect_contains "page 2 continues the list (5 per WML page)" "$WORK/col2" "href=\"/news/$sixth\""
last=$(( (n + 4) / 5 ))
expect_eq "last page exists" "$(fetch_wml coll "$BASE/news/c/$busy?page=$last")" 200
expect_eq "past the last page is 404" "$(fetch_wml colx "$BASE/news/c/$busy?page=$((last + 1))")" 404
for bad in 0 -1 abc 1.5 99999999999; do
	expect_eq "page=$bad is 400" "$(fetch_wml colb "$BASE/news/c/$busy?page=$bad")" 400
done

# A long Chinese article split into decks that each fit 1,400 bytes.
long=$(sqlite3 "$db" "SELECT id FROM articles WHERE deleted = 0 AND length(body) >= 5000 ORDER BY id LIMIT 1")
check "a 5,000+ character article exists" test -n "$long"
sqlite3 "$db" "SELECT replace(body, char(10), '') FROM articles WHERE id = $long" > "$WORK/long.expected"
for d in wml xhtml; do
	: > "$WORK/long.$d"
	p=1; over=0; pages=0
	while [ $p -lt 200 ]; do
		code=$("fetch_$d" "long_${d}_$p" "$BASE/news/$long?p=$p")
		[ "$code" = 200 ] || break
		pages=$p
		size=$(wc -c <"$WORK/long_${d}_$p")
		if [ $d = wml ]; then [ "$size" -le 1400 ] || over=$((over + 1)); else [ "$size" -le 10240 ] || over=$((over + 1)); fi
		paras "$WORK/long_${d}_$p" $d >> "$WORK/long.$d"
		grep -q "p=$((p + 1))\"" "$WORK/long_${d}_$p" || break
		p=$((p + 1))
	done
	check "the article takes several pages ($d)" test "$pages" -gt 1
	expect_eq "every piece within the budget ($d)" "$over" 0
	expect_eq "the pieces join back to the article ($d)" "$(tr -d '\n' <"$WORK/long.$d" | cksum)" "$(tr -d '\n' <"$WORK/long.expected" | cksum)"
	expect_eq "past the last piece is 404 ($d)" "$("fetch_$d" longx "$BASE/news/$long?p=$((pages + 1))")" 404
	set -- "$WORK"/long_${d}_*[0-9]
	check "every piece valid ($d)" valid_dtd_many "$@"
	[ $d = wml ] && check "every deck compiles in Kannel" kannel_ok_many "$@"
done
echo "news: the long article ($(wc -m <"$WORK/long.expected") characters) took $(ls "$WORK"/long_wml_*[0-9] | wc -l) WML decks"
fetch_html longh "$BASE/news/$long" >/dev/null
paras "$WORK/longh" html > "$WORK/long.html"
expect_eq "HTML shows the article whole" "$(tr -d '\n' <"$WORK/long.html" | cksum)" "$(tr -d '\n' <"$WORK/long.expected" | cksum)"
check "HTML article tidy" tidy_ok "$WORK/longh"
col=$(sqlite3 "$db" "SELECT c.name FROM articles a JOIN columns c ON c.id = a.column_id WHERE a.id = $long")
fetch_xhtml longx1 "$BASE/news/$long" >/dev/null
expect_contains "XHTML-MP breadcrumb ends at the column" "$WORK/longx1" "$col</a></p>"
expect_contains "HTML breadcrumb names the column" "$WORK/longh" "$col</a></nav>"
expect_contains "back to the column (WML)" "$WORK/long_wml_1" "href=\"/news/c/"

# 404 and 400 in every dialect.
sqlite3 "$db" "UPDATE articles SET deleted = 1 WHERE id = $newest"
dead_col=$(sqlite3 "$db" "SELECT id FROM columns WHERE level = 3 LIMIT 1")
sqlite3 "$db" "UPDATE columns SET deleted = 1 WHERE id = $dead_col"
for d in wml xhtml html; do
	expect_eq "unknown article 404 ($d)" "$("fetch_$d" e1 "$BASE/news/99999999")" 404
	expect_eq "deleted article 404 ($d)" "$("fetch_$d" e2 "$BASE/news/$newest")" 404
	expect_eq "deleted column 404 ($d)" "$("fetch_$d" e3 "$BASE/news/c/$dead_col")" 404
	expect_eq "unknown column 404 ($d)" "$("fetch_$d" e4 "$BASE/news/c/77777777")" 404
	expect_eq "malformed article id 400 ($d)" "$("fetch_$d" e5 "$BASE/news/12ab")" 400
	expect_eq "malformed column id 400 ($d)" "$("fetch_$d" e6 "$BASE/news/c/-3")" 400
	expect_eq "malformed piece number 400 ($d)" "$("fetch_$d" e7 "$BASE/news/$long?p=x")" 400
	expect_eq "huge id 400 ($d)" "$("fetch_$d" e8 "$BASE/news/99999999999999999999")" 400
done
fetch_wml e9 "$BASE/news/99999999" >/dev/null
check "WML 404 deck valid" valid_dtd "$WORK/e9"

stop_server
finish
