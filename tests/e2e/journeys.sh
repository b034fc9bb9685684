#!/bin/sh
# journeys.sh - the citizen's journeys, from "/" only, as each phone: the
# walker (journey.py) follows links and forms found on the pages, never a
# typed URL.  Each prints its page loads and bytes; the budgets are those
# of issue 12: the guide by search <= 4 loads, by browsing <= 7; a letter
# <= 6 loads to the submit; every journey <= 12 KB as WML.
. "$(dirname "$0")/lib.sh"

WALK="python3 $QIAO_TOP/tests/e2e/journey.py"
db=$(demo_db journeys.db)

# run PHONE JOURNEY: walk it once on a fresh server (a letter counts
# against the per-address posting limit); sets LOADS, BYTES, SUBMIT.
run() {
	# A fresh copy each time: letters count against a per-address limit.
	start_server "$(demo_db "j-$1-$2.db")" || { fail "server starts"; return 1; }
	$WALK "$BASE" "$1" "$2" >"$WORK/walk.out" 2>&1
	st=$?
	stop_server
	cat "$WORK/walk.out" | sed 's/^/  /'
	LOADS= BYTES= SUBMIT=
	if [ $st -ne 0 ]; then
		fail "$2 as $1 reaches its goal"
		return 1
	fi
	ok
	line=$(head -n 1 "$WORK/walk.out")
	LOADS=$(printf '%s\n' "$line" | sed -nE 's/.*: ([0-9]+) loads.*/\1/p')
	BYTES=$(printf '%s\n' "$line" | sed -nE 's/.* ([0-9]+) bytes.*/\1/p')
	SUBMIT=$(printf '%s\n' "$line" | sed -nE 's/.*to submit: ([0-9]+).*/\1/p')
}

at_most() {  # at_most DESCRIPTION GOT LIMIT
	if [ -n "$2" ] && [ "$2" -le "$3" ]; then ok; else fail "$1: $2 > $3"; fi
}

for phone in wml xhtml html; do
	for j in search browse message switch article region; do
		run "$phone" "$j" || continue
		case $j in
		search) at_most "guide by search as $phone: page loads" "$LOADS" 4 ;;
		browse) at_most "guide by browsing as $phone: page loads" "$LOADS" 7 ;;
		message) at_most "letter as $phone: page loads to the submit" "$SUBMIT" 6 ;;
		esac
		# As WML every journey stays within 12 KB (reading an article too:
		# the walker reads the first latest headline that runs to more
		# than one deck, about 2,400 characters in the demo).
		[ "$phone" = wml ] && at_most "$j as WML: bytes" "$BYTES" 12288
	done
done

# My region: the answer that sets the cookie is private; the cookie
# narrows search and is shown; WML carries r= in links instead.
start_server "$db" || { fail "server starts"; finish; }
fetch_html mr "$BASE/services/region/22?r=22" >/dev/null
expect_contains "choosing sets the cookie" "$WORK/mr.h" "Set-Cookie: qiao_region=22;"
expect_eq "that answer is private" "$(header mr Cache-Control)" "private, no-store"
q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("驾驶证"))')
fetch_html ms "$BASE/services/search?q=$q" -b "qiao_region=22" --compressed >/dev/null
expect_contains "my region is shown" "$WORK/ms" '我的地区：<a href="/services/region/22">长沙县</a>'
n=$(sed -n 's/.*共找到 \([0-9]*\) 项.*/\1/p' "$WORK/ms")
all=$(sqlite3 "$db" "SELECT count(*) FROM items i JOIN units u ON u.id = i.unit_id WHERE u.region_id = 22 AND i.name LIKE '%驾驶证%'")
check "search narrowed to my region ($n results, $all named so there)" test "${n:-0}" -ge "$all" -a "${n:-0}" -lt 50
expect_contains "a link to search the whole province" "$WORK/ms" "region=1"
fetch_html ms2 "$BASE/services/search?q=$q" --compressed >/dev/null
expect_not_contains "without the cookie no region is shown" "$WORK/ms2" "长沙县</a> <a"
# Grouped by service: one row per name, my region's item first, then how
# many other regions offer it.
g=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("机动车驾驶证换证"))')
fetch_html mg "$BASE/services/search?q=$g&region=1" -b "qiao_region=22" --compressed >/dev/null
first=$(grep -o '<li><a href="/services/[0-9]*">.*</li>' "$WORK/mg" | head -n 1)
printf '%s\n' "$first" >"$WORK/mg1"
expect_contains "the first row is my region's item" "$WORK/mg1" "· 长沙县公安局交通警察大队"
others=$(( $(sqlite3 "$db" "SELECT count(*) FROM items WHERE name = '机动车驾驶证换证'") - 1 ))
expect_contains "then the other regions" "$WORK/mg1" "其他 $others 个地区可办"
dups=$(grep -o '<li><a href="/services/[0-9]*">[^<]*\(<mark>[^<]*</mark>[^<]*\)*</a>' "$WORK/mg" | sed 's/<[^>]*>//g' | sort | uniq -d | wc -l)
expect_eq "one row per service name" "$dups" 0
fetch_wml mgw "$BASE/services/search?q=$g" >/dev/null
expect_contains "WML rows name the department" "$WORK/mgw" "湖南省公安厅交通警"
other_url=$(sed -nE 's|.*<a class="meta" href="([^"]*)">其他.*|\1|p' "$WORK/mg" | head -n 1 | sed 's/&amp;/\&/g')
fetch_html mgo "$BASE$other_url" --compressed >/dev/null
n=$(sed -n 's/.*共找到 \([0-9]*\) 项.*/\1/p' "$WORK/mgo" | head -n 1)
check "the other regions' list has every one ($n >= $((others + 1)))" test "${n:-0}" -ge $((others + 1))
expect_eq "a malformed choice is 400" "$(fetch_html mbad "$BASE/services?r=x")" 400
expect_eq "an unknown region is 404" "$(fetch_html mbad "$BASE/services?r=999999")" 404
fetch_wml mw "$BASE/services/region/22?r=22" >/dev/null
expect_not_contains "WML sets no cookie" "$WORK/mw.h" "qiao_region"
expect_contains "WML carries the region in links" "$WORK/mw" 'href="/?r=22"'
check "WML deck with the region valid" valid_dtd "$WORK/mw"
# Carrying the region (and a forced view) in every link still fits the
# deck budget on the pages with the most links.
over=0 k=0
for u in / /section/4 /services /services/region/2 /services/region/22 /services/unit/976 \
	/services/topic/6 /services/14440 "/services/search?q=$q" "/services/search?q=$g&all=1&region=1" \
	/messages "/messages/new?region=2" "/messages/new?region=22" "/news/c/2"; do
	for extra in "r=22" "view=wml&r=22"; do
		k=$((k + 1))
		case $u in *\?*) sep='&' ;; *) sep='?' ;; esac
		fetch_wml "cw$k" "$BASE$u$sep$extra" >/dev/null
		[ "$(wc -c <"$WORK/cw$k")" -le 1400 ] || { over=$((over + 1)); echo "  $u$sep$extra: $(wc -c <"$WORK/cw$k") bytes"; }
	done
done
expect_eq "WML decks carrying the region within 1,400 bytes" "$over" 0
check "WML decks carrying the region valid" valid_dtd_many "$WORK"/cw*[0-9]
check "WML decks carrying the region compile in Kannel" kannel_ok_many "$WORK"/cw*[0-9]
stop_server

# Article pieces: the entry URL is piece 1, and piece N is the same text
# however it was reached (with or without a forced view); later pieces
# carry no headline; every deck within 1,400 bytes.
start_server "$db" || { fail "server starts"; finish; }
art=$(sqlite3 "$db" "SELECT id FROM articles WHERE deleted = 0 AND length(body) > 2000 ORDER BY id LIMIT 1")
fetch_wml a1 "$BASE/news/$art" >/dev/null
n=$(sed -nE 's|.*>1/([0-9]+) <a.*|\1|p' "$WORK/a1" | head -n 1)
[ -n "$n" ] && [ "$n" -ge 2 ] && ok || fail "a long article is in pieces: $(cat "$WORK/a1")"
title=$(sqlite3 "$db" "SELECT title FROM articles WHERE id = $art")
expect_contains "the headline on piece 1" "$WORK/a1" "<b>$title</b>"
p=2
while [ -n "$n" ] && [ $p -le "$n" ]; do
	fetch_wml "ap$p" "$BASE/news/$art?p=$p" >/dev/null
	# The same piece reached by its 下页 link from the previous one.
	prev=$([ $p -eq 2 ] && echo a1 || echo "an$((p - 1))")
	next=$(sed -nE 's|.*<a href="([^"]*)">下页</a>.*|\1|p' "$WORK/$prev" | sed 's/&amp;/\&/g' | head -n 1)
	fetch_wml "an$p" "$BASE$next" >/dev/null
	expect_contains "piece $p says $p/$n" "$WORK/ap$p" "$p/$n"
	expect_eq "piece $p is the same text typed or followed" "$(paras "$WORK/ap$p" wml)" "$(paras "$WORK/an$p" wml)"
	expect_not_contains "no headline on piece $p" "$WORK/ap$p" "<b>$title</b>"
	# With a forced view every link carries it: still within budget.
	fetch_wml "av$p" "$BASE/news/$art?view=wml&p=$p" >/dev/null
	at_most "piece $p within 1,400 bytes" "$(wc -c <"$WORK/av$p")" 1400
	p=$((p + 1))
done
expect_eq "past the last piece is 404" "$(fetch_wml past "$BASE/news/$art?p=$((n + 1))")" 404
stop_server

# The walker itself fails when the goal is not there (a guide no region has).
start_server "$db" || { fail "server starts"; finish; }
sqlite3 "$db" "UPDATE items SET name = '机动车驾驶证更换' WHERE name = '机动车驾驶证换证'" 2>/dev/null
if $WALK "$BASE" wml search >"$WORK/neg.out" 2>&1; then fail "walker finds a renamed guide: $(cat "$WORK/neg.out")"; else ok; fi
stop_server
finish
