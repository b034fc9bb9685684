#!/bin/sh
# logs.sh - the access logs: lookup codes and form tokens in a target are
# written as REDACTED; the staff listener's requests go to its own log
# (--staff-access-log), never to the public one; SIGHUP reopens both;
# times are UTC unless --log-local-time.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
pub=$WORK/access.log
staff=$WORK/staff.log
start_server "$db" --workers 1 --access-log "$pub" --staff-listen 127.0.0.1:0 --staff-access-log "$staff" \
	|| { fail "server starts"; finish; }
sport=$(sed -nE 's|.*staff preview on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$WORK/server.err" | tail -n 1)
sport=$(nonempty "the staff port is announced" "$sport")
code=$(sqlite3 "$db" "SELECT code FROM messages WHERE state = 'published' LIMIT 1")
fetch l1 "$BASE/messages/lookup?code=$code" -A "$UA_IPHONE" >/dev/null
fetch l2 "$BASE/messages/new?unit=1&token=SECRETTOKEN123&p=2" -A "$UA_IPHONE" >/dev/null
fetch s1 "http://127.0.0.1:$sport/" >/dev/null
sleep 0.2
expect_contains "the lookup is logged" "$pub" "GET /messages/lookup?code=REDACTED HTTP/1.1"
expect_not_contains "... without its code" "$pub" "$code"
expect_contains "a token is redacted, other parameters kept" "$pub" "token=REDACTED&p=2"
expect_not_contains "... the token itself is gone" "$pub" "SECRETTOKEN123"
check "the staff request is in the staff log" test "$(wc -l < "$staff")" -eq 1
check "the public log has only the two public requests" test "$(wc -l < "$pub")" -eq 2
# SIGHUP reopens both (logrotate moves them first).
mv "$pub" "$pub.1"; mv "$staff" "$staff.1"
kill -HUP "$SERVER_PID"
sleep 0.3
fetch l3 "$BASE/" >/dev/null
fetch s2 "http://127.0.0.1:$sport/" >/dev/null
sleep 0.2
check "after SIGHUP the public log is a new file" test "$(wc -l < "$pub")" -eq 1
check "after SIGHUP the staff log is a new file" test "$(wc -l < "$staff")" -eq 1
stop_server
expect_contains "times are UTC by default" "$pub" "+0000]"

# --log-local-time: the zone of $TZ, with its offset, in both logs.
: > "$pub"
TZ=Asia/Shanghai start_server "$db" --workers 1 --access-log "$pub" --log-local-time || { fail "server starts"; finish; }
fetch t1 "$BASE/" >/dev/null
sleep 0.2
expect_contains "--log-local-time: the access log in local time" "$pub" "+0800]"
expect_contains "--log-local-time: the server log too" "$WORK/server.err" "+0800 qiao[info] serving"
stop_server
finish
