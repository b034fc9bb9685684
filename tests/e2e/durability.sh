#!/bin/sh
# durability.sh - nothing acknowledged is ever lost: post a burst of
# messages while SIGKILLing the server at random moments (also in the
# middle of requests), retrying each post after a restart with the same
# token as a gateway would; then prove that every query code a client
# received exists with exactly its text, and that no retry stored twice.
. "$(dirname "$0")/lib.sh"

POSTS=${DURABILITY_POSTS:-60}
db=$(demo_db durable.db)
sqlite3 "$db" "UPDATE msg_settings SET value = 0 WHERE key = 'posts_per_hour'"
# Two workers under the supervisor: the kills take the whole server down
# (supervisor and workers, by process id), as a crash or power cut would.
start_server "$db" --workers 2 || { fail "server starts"; finish; }
port=$PORT
# Stop the supervisor first so it cannot start a worker in between.
kill_server() { kill -STOP "$1" 2>/dev/null; _w=$(pgrep -P "$1" 2>/dev/null); kill -9 $_w "$1" 2>/dev/null; }
unit=$(sqlite3 "$db" "SELECT id FROM units ORDER BY id LIMIT 1")
: > "$WORK/received"
kills=0 restarts=0 retries=0
began=$(date +%s)

alive() { [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null && curl -s -o /dev/null --max-time 2 "$BASE/healthz"; }
ensure_up() {
	alive && return 0
	[ -n "$SERVER_PID" ] && { kill_server "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null; }
	SERVER_PID=
	start_server "$db" --workers 2 --listen "127.0.0.1:$port" >/dev/null || return 1
	# Wait for it to answer.
	_i=0; while [ $_i -lt 100 ] && ! curl -s -o /dev/null --max-time 1 "$BASE/healthz"; do sleep 0.05; _i=$((_i + 1)); done
	restarts=$((restarts + 1))
}
# A killer that fires after a random delay of 0 to 39 ms: before, during
# or just after the post that follows.
arm_killer() {
	_pid=$SERVER_PID
	( sleep "$(printf '0.%03d' $(( $(od -An -N1 -tu1 /dev/urandom) % 40 )))"; kill_server "$_pid" ) &
	KILLER=$!
	kills=$((kills + 1))
}

KILLER=
# Wait for the killer only (a bare `wait` would wait for the server too).
reap() { [ -n "$KILLER" ] && wait "$KILLER" 2>/dev/null; KILLER=; }

# (k, not i: lib.sh's start_server uses i.)
k=1 forms=0
while [ "$k" -le "$POSTS" ]; do
	# Bounded: a form that never gives a token must not loop for ever.
	forms=$((forms + 1))
	[ $forms -le $((POSTS * 10)) ] || { fail "the form gives a token (asked $forms times)"; break; }
	ensure_up || { fail "server restarts"; break; }
	fetch_xhtml "f$k" "$BASE/messages/new?unit=$unit" --max-time 3 >/dev/null
	tok=$(grep -o 'name="token" value="[A-Z0-9]*"' "$WORK/f$k" 2>/dev/null | sed 's/.*value="//; s/"$//')
	[ -n "$tok" ] || continue   # the server died under the form: ask again
	title="耐久测试第${k}条"
	body="第${k}条留言：$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n') & <引号\"> 结束"
	printf '%s' "$body" > "$WORK/body$k"
	# One kill in three posts, at a random moment.
	[ $(( $(od -An -N1 -tu1 /dev/urandom) % 3 )) -eq 0 ] && arm_killer
	tries=0
	while [ $tries -lt 20 ]; do
		code=$(fetch_xhtml "p$k" "$BASE/messages" --max-time 3 --data-urlencode "token=$tok" --data-urlencode "type=建议" \
			--data-urlencode "unit=$unit" --data-urlencode "title=$title" --data-urlencode "body@$WORK/body$k" --data-urlencode "anonymous=0")
		qcode=$(grep -o '查询码：<b>[A-Z0-9]*</b>' "$WORK/p$k" 2>/dev/null | sed 's/.*<b>//; s/<.*//')
		if [ "$code" = 200 ] && [ -n "$qcode" ]; then
			printf '%s\t%s\t%s\n' "$qcode" "$k" "$tok" >> "$WORK/received"
			break
		fi
		# No answer: the client retries the same form, as a gateway does.
		retries=$((retries + 1)); tries=$((tries + 1))
		reap
		ensure_up || break
	done
	reap
	k=$((k + 1))
done
ensure_up
stop_server
elapsed=$(( $(date +%s) - began ))
echo "durability: $POSTS posts, $kills kills armed, $restarts restarts, $retries retried posts in ${elapsed}s"

# After a final restart every received code exists with exactly its text.
start_server "$db" || { fail "server restarts at the end"; finish; }
expect_eq "every post got a code" "$(wc -l <"$WORK/received" | tr -d ' ')" "$POSTS"
check "some kills happened" test "$restarts" -gt 0
missing=0 wrong=0
while IFS="$(printf '\t')" read -r qcode n tok; do
	got_title=$(sqlite3 "$db" "SELECT title FROM messages WHERE code = '$qcode'")
	if [ -z "$got_title" ]; then missing=$((missing + 1)); echo "  lost: $qcode (post $n)"; continue; fi
	sqlite3 "$db" "SELECT body FROM messages WHERE code = '$qcode'" > "$WORK/got"
	printf '\n' >> "$WORK/body$n"
	if [ "$got_title" != "耐久测试第${n}条" ] || ! cmp -s "$WORK/got" "$WORK/body$n"; then
		wrong=$((wrong + 1)); echo "  wrong text: $qcode (post $n)"
	fi
	[ "$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE form_token = '$tok'")" = 1 ] || wrong=$((wrong + 1))
done < "$WORK/received"
expect_eq "no received code lost" "$missing" 0
expect_eq "every received code has exactly its text" "$wrong" 0
expect_eq "no retry stored a message twice" "$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE title LIKE '耐久测试%'")" "$POSTS"
expect_eq "database intact" "$(sqlite3 "$db" "PRAGMA integrity_check")" ok
fetch_xhtml last "$BASE/messages/lookup?code=$(tail -n 1 "$WORK/received" | cut -f1)" >/dev/null
expect_contains "the last code can be looked up after the restarts" "$WORK/last" "耐久测试第${POSTS}条"
check "total under 60 seconds" test "$elapsed" -lt 60
stop_server
finish
