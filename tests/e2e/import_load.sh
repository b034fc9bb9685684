#!/bin/sh
# import_load.sh - large imports while the server answers (issue 15,
# fault 2): `qiao import services` and `qiao import news` check the whole
# file first and then commit in short batches, and workers wait at most
# 500 ms for a lock, so the letter form (which writes a form token) never
# answers 503 and readers are not held up.  Prints the latencies measured
# (bench/RESULTS.md §11 has the before/after numbers).
. "$(dirname "$0")/lib.sh"

db=$(demo_db load.db)
unit=$(sqlite3 "$db" 'SELECT id FROM units ORDER BY id LIMIT 1')
# 30,000 items over 300 new units (about 6 MB).
python3 - "$WORK/big.xml" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<services version="1">\n')
    for u in range(300):
        f.write('<unit id="%d" region="430102" name="负载测试单位%d" sort="1"/>\n' % (950000 + u, u))
    for i in range(30000):
        f.write('<item code="LOAD-%06d" unit="%d"><name>负载测试事项%d</name>'
                '<materials>申请表原件1份；身份证复印件1份；营业执照副本</materials>'
                '<conditions>符合条件的申请人</conditions></item>\n' % (i, 950000 + i % 300, i))
    f.write('</services>\n')
PY
# 26,000 articles in 20 new columns (about 27 MB, under the 32 MiB limit).
python3 - "$WORK/news.xml" <<'PY'
import sys
para = '本市进一步优化营商环境，推进政务服务“一网通办”，方便群众和企业办事。' * 4
with open(sys.argv[1], 'w') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<qiao-news>\n')
    f.write('<column id="960001" name="负载测试栏目"/>\n')
    for c in range(20):
        f.write('<column id="%d" parent="960001" name="负载子栏目%d"/>\n' % (960100 + c, c))
    for i in range(26000):
        f.write('<article guid="load-%06d" column="%d" date="2026-11-%02d 09:%02d" source="负载测试">'
                '<title>负载测试文章%d</title><body><p>%s</p><p>第二段%d。%s</p></body></article>\n'
                % (i, 960100 + i % 20, 1 + i % 28, i % 60, i, para, i, para))
    f.write('</qiao-news>\n')
PY
start_server "$db" --workers 1 || { fail "server starts"; finish; }

# during KIND PID: fetch the letter form (XHTML-MP) and /news/2 (WML) in
# turn while PID runs; one line per request to $WORK/lat.KIND.
during() {
	: > "$WORK/lat.$1"
	_n=0
	while kill -0 "$2" 2>/dev/null && [ $_n -lt 3000 ]; do
		curl -s -o /dev/null -w 'form %{http_code} %{time_total}\n' -A "$UA_SE_K750" -H "Accept: $ACCEPT_XHTML" \
			"$BASE/messages/new?unit=$unit" >> "$WORK/lat.$1"
		curl -s -o /dev/null -w 'news %{http_code} %{time_total}\n' -A "$UA_NOKIA7110" -H "Accept: $ACCEPT_WML" \
			"$BASE/news/2" >> "$WORK/lat.$1"
		_n=$((_n + 1))
	done
}
# p99 and max of one kind of request in $WORK/lat.KIND, in ms.
p99() { grep "^$2 " "$WORK/lat.$1" | awk '{print $3 * 1000}' | sort -n | awk '{a[NR]=$1} END {i = int(NR * 0.99); if (i < 1) i = 1; printf "%d", a[i]}'; }
max() { grep "^$2 " "$WORK/lat.$1" | awk '{print $3 * 1000}' | sort -n | tail -n 1 | cut -d. -f1; }
judge() {  # judge KIND: the checks and the numbers for one import
	check "$1: requests were made during the import" test "$(wc -l < "$WORK/lat.$1")" -ge 20
	expect_eq "$1: no 503 for the letter form during the import" "$(grep -c '^form 503' "$WORK/lat.$1")" 0
	expect_eq "$1: every form and news request answered 200" "$(grep -vc ' 200 ' "$WORK/lat.$1")" 0
	for k in form news; do
		echo "  import_load: $1 import: $k: $(grep -c "^$k " "$WORK/lat.$1") requests," \
			"$(grep -c "^$k 503" "$WORK/lat.$1") answered 503, p99 $(p99 "$1" $k) ms, max $(max "$1" $k) ms"
		check "$1: $k p99 under 1,000 ms during the import" test "$(p99 "$1" $k)" -lt 1000
	done
}

"$QIAO_BIN" import services "$WORK/big.xml" --db "$db" >"$WORK/import.out" 2>"$WORK/import.err" &
imp=$!
during services $imp
wait "$imp"
expect_eq "services: the import succeeds" "$?" 0
expect_eq "services: every item imported" "$(sqlite3 "$db" "SELECT count(*) FROM items WHERE code LIKE 'LOAD-%'")" 30000
judge services

t0=$(date +%s.%N)
"$QIAO_BIN" import news "$WORK/news.xml" --db "$db" >"$WORK/news.out" 2>"$WORK/news.err" &
imp=$!
during news $imp
wait "$imp"
expect_eq "news: the import succeeds" "$?" 0
echo "  import_load: news import: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s for $(wc -c < "$WORK/news.xml") bytes"
expect_eq "news: every article imported" "$(sqlite3 "$db" "SELECT count(*) FROM articles WHERE guid LIKE 'load-%'")" 26000
judge news
stop_server

# Killed half-way (kill -9 after 3 s): the batches committed stay, the
# database is sound, and importing the same file again completes it,
# leaving what is there unchanged (docs/news-format.md).
db2=$(demo_db killed.db)
"$QIAO_BIN" import news "$WORK/news.xml" --db "$db2" >/dev/null 2>&1 &
imp=$!
sleep 3
kill -9 "$imp" 2>/dev/null
wait "$imp" 2>/dev/null
part=$(sqlite3 "$db2" "SELECT count(*) FROM articles WHERE guid LIKE 'load-%'")
echo "  import_load: news import killed after 3 s: $part of 26000 articles written"
expect_eq "killed: the database is sound" "$(sqlite3 "$db2" 'PRAGMA integrity_check')" ok
expect_eq "killed: no article without its column" \
	"$(sqlite3 "$db2" 'SELECT count(*) FROM articles a LEFT JOIN columns c ON c.id = a.column_id WHERE c.id IS NULL')" 0
"$QIAO_BIN" import news "$WORK/news.xml" --db "$db2" >"$WORK/rerun.out" 2>"$WORK/rerun.err"
expect_eq "killed: the re-run succeeds" "$?" 0
expect_contains "killed: the re-run adds the rest and leaves the part written" "$WORK/rerun.out" \
	"$((26000 - part)) added, 0 updated, $part unchanged"
expect_eq "killed: every article there after the re-run" \
	"$(sqlite3 "$db2" "SELECT count(*) FROM articles WHERE guid LIKE 'load-%' AND deleted = 0")" 26000
finish
