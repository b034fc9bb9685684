#!/bin/sh
# server.sh - serve/stop, the home page, 404/405, /healthz, the access log,
# SIGHUP and a port in use.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
start_server "$db" --access-log "$WORK/access.log" || { fail "server starts"; finish; }

expect_eq "GET / is 200" "$(fetch_html home "$BASE/")" 200
expect_contains "home is HTML" "$WORK/home.h" "text/html; charset=utf-8"
body_text home > "$WORK/home.txt"
for s in 湖南概况 政务公开 网上办事 公共服务 互动交流 湖南经济 湖南文化 湖南旅游; do
	expect_contains "home lists section $s" "$WORK/home.txt" "$s"
done
latest=$(sqlite3 "$db" "SELECT a.title FROM articles a JOIN columns c ON c.id = a.column_id WHERE a.deleted = 0 AND c.deleted = 0 ORDER BY a.published_at DESC, a.id DESC LIMIT 1")
expect_contains "home shows the newest headline from the store" "$WORK/home.txt" "$(printf '%s' "$latest" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g; s/'"'"'/\&#39;/g')"
check "Content-Length present" test -n "$(header home Content-Length)"

expect_eq "unknown path is 404" "$(fetch_html nf "$BASE/no/such/page")" 404
expect_contains "404 page explains" "$WORK/nf" "页面不存在"
expect_eq "POST / is 405" "$(fetch_html m405 "$BASE/" -X POST -d x=1)" 405
expect_contains "405 names allowed methods" "$WORK/m405.h" "Allow: GET, HEAD"
expect_eq "DELETE / is 405" "$(fetch_html d405 "$BASE/" -X DELETE)" 405
expect_eq "HEAD / is 200" "$(curl -s -o /dev/null -w '%{http_code}' -I "$BASE/")" 200
expect_eq "/healthz" "$(curl -s "$BASE/healthz")" ok
expect_eq "bad percent escape is 400" "$(fetch_html b400 "$BASE/?x=%zz")" 400
expect_eq "encoded NUL in path is 400" "$(fetch_html nul "$BASE/a%00b")" 400

# Access log: Combined Log Format.
check "access log written" test -s "$WORK/access.log"
check "combined log format" grep -qE '^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} [+-][0-9]{4}\] "GET / HTTP/1\.1" 200 [0-9]+ "-" "Mozilla/5\.0 \(iPhone' "$WORK/access.log"
check "404 logged" grep -q '"GET /no/such/page HTTP/1.1" 404' "$WORK/access.log"

# SIGHUP reopens the log (log rotation).
mv "$WORK/access.log" "$WORK/access.log.1"
kill -HUP "$SERVER_PID"
sleep 0.2
curl -s -o /dev/null "$BASE/healthz"
sleep 0.1
check "new log after SIGHUP" grep -q 'GET /healthz' "$WORK/access.log"
check "old log kept its lines" grep -q 'GET / HTTP' "$WORK/access.log.1"

# A second server on the same port fails with one line and status 1.
"$QIAO_BIN" serve --listen "127.0.0.1:$PORT" --db "$db" --root "$QIAO_TOP" >"$WORK/out2" 2>"$WORK/err2"
expect_eq "port in use exits 1" "$?" 1
check "port in use: one line" test "$(grep -c '^qiao: ' "$WORK/err2")" -eq 1
expect_contains "port in use explained" "$WORK/err2" "already in use"

# SIGTERM stops cleanly, status 0, database closed, workers gone too.
pid=$SERVER_PID
workers=$(pgrep -P "$pid" | tr '\n' ' ')
# One worker per CPU: forked workers (leak-checked at exit) when there are
# several CPUs, the server itself when one.
nw=$(nproc); [ "$nw" -gt 1 ] || nw=0
check "the default runs one worker process per CPU" test "$(echo $workers | wc -w)" -eq "$nw"
stop_server
expect_eq "SIGTERM exits 0" "$?" 0
check "every worker process gone" sh -c "for w in $workers; do ! kill -0 \$w 2>/dev/null || exit 1; done"
expect_eq "database intact after stop" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
check "no leak or sanitizer report" sh -c "! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error' '$WORK/server.err'"


# Issue 15, fault 10: kill -9 of the supervisor of two workers; the workers
# notice and leave, so nothing answers on the port any more.
start_server "$db" --workers 2 || { fail "server with two workers starts"; finish; }
sup=$SERVER_PID
orphans=$(pgrep -P "$sup" | tr '\n' ' ')
check "two workers under the supervisor" test "$(echo $orphans | wc -w)" -eq 2
expect_eq "the workers answer" "$(curl -s "$BASE/healthz")" ok
kill -9 "$sup"
wait "$sup" 2>/dev/null
SERVER_PID=
i=0
while [ $i -lt 100 ]; do
	alive=0
	for w in $orphans; do kill -0 "$w" 2>/dev/null && alive=1; done
	[ $alive -eq 0 ] && break
	sleep 0.1
	i=$((i + 1))
done
check "workers exit within 10 s of their supervisor's death" test $alive -eq 0
expect_eq "nothing answers on the port afterwards" "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$BASE/healthz")" 000
for w in $orphans; do kill -9 "$w" 2>/dev/null; done

finish
