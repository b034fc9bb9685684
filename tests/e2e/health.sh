#!/bin/sh
# health.sh - /healthz tells the truth about the database: 503 once the
# file was removed (with its -wal and -shm), replaced by another file or
# lost its write-ahead log; a letter posted then is refused with a 503 page
# in the phone's dialect and never acknowledged.  A read-only database
# serves the read-only commands and refuses writes with a clear error.
. "$(dirname "$0")/lib.sh"

CT='Content-Type: application/x-www-form-urlencoded'
pct() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }
token_of() { grep -o 'name="token" value="[A-Z0-9]*"' "$WORK/$1" | sed 's/.*value="//; s/"$//'; }
chmod 755 "$WORK"   # nobody must reach the files below
# As root every file is writable: the read-only checks run as nobody then.
# The checkout may sit in a directory only its owner can enter (mktemp -d
# makes them 0700), so nobody gets its own copy of the binary and of the
# templates, in $WORK.
NOBODY_BIN=$WORK/qiao-bin
NOBODY_ROOT=$WORK/root
cp "$QIAO_BIN" "$NOBODY_BIN" && chmod 755 "$NOBODY_BIN"
mkdir -p "$NOBODY_ROOT" && cp -R "$QIAO_TOP/wml" "$QIAO_TOP/xhtml-mp" "$QIAO_TOP/html" "$QIAO_TOP/db" "$NOBODY_ROOT/"
chmod -R a+rX "$NOBODY_ROOT"
as_user() {
	if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}

fresh() {  # fresh NAME: a private copy of the demo database
	mkdir -p "$WORK/$1"
	cp "$QIAO_DEMO_DB" "$WORK/$1/qiao.db"
	echo "$WORK/$1/qiao.db"
}
unit=$(sqlite3 "$QIAO_DEMO_DB" "SELECT id FROM units ORDER BY id LIMIT 1")
# A fetched WML form, then its post (status printed).
wml_post() {  # wml_post NAME TOKEN TITLE
	fetch_wml "$1" "$BASE/messages" -H "$CT" --data-binary \
		"type=$(pct 咨询)&unit=$unit&title=$(pct "$3")&body=$(pct 正文)&name=&phone=&anonymous=0&token=$2"
}

# --- removed ------------------------------------------------------------
db=$(fresh removed)
start_server "$db" || { fail "server starts"; finish; }
expect_eq "healthz: 200 while the file is there" "$(fetch h1 "$BASE/healthz")" 200
fetch_wml form1 "$BASE/messages/new?unit=$unit" >/dev/null
tok=$(token_of form1)
expect_eq "a letter is stored while the file is there" "$(wml_post p1 "$tok" 健康检查一)" 200
expect_contains "... and acknowledged" "$WORK/p1" "查询码"
fetch_wml form2 "$BASE/messages/new?unit=$unit" >/dev/null
tok2=$(token_of form2)
rm -f "$db" "$db-wal" "$db-shm"
expect_eq "healthz: 503 once the database is removed" "$(fetch h2 "$BASE/healthz")" 503
expect_eq "a letter into the removed database: 503" "$(wml_post p2 "$tok2" 健康检查二)" 503
expect_contains "... as a WML deck" "$WORK/p2.h" "text/vnd.wap.wml"
expect_not_contains "... never acknowledged" "$WORK/p2" "查询码"
check "... a valid deck" valid_dtd "$WORK/p2"
expect_contains "the log says why" "$WORK/server.err" "the database file was removed"
stop_server

# --- replaced -----------------------------------------------------------
db=$(fresh replaced)
start_server "$db" || { fail "server starts"; finish; }
expect_eq "healthz: 200 before" "$(fetch h3 "$BASE/healthz")" 200
cp "$QIAO_DEMO_DB" "$db.new" && mv "$db.new" "$db"
expect_eq "healthz: 503 once the file is replaced (another inode)" "$(fetch h4 "$BASE/healthz")" 503
expect_contains "the log says replaced" "$WORK/server.err" "the database file was replaced"
stop_server

# --- the write-ahead log removed -----------------------------------------
db=$(fresh wal)
start_server "$db" || { fail "server starts"; finish; }
expect_eq "healthz: 200 before" "$(fetch h5 "$BASE/healthz")" 200
check "the log exists while serving" test -f "$db-wal"
rm -f "$db-wal"
expect_eq "healthz: 503 once the -wal file is gone" "$(fetch h6 "$BASE/healthz")" 503
# Another connection (here the sqlite3 shell; in production a second
# worker opening late) recreates a log under the old name: the server's
# connection still writes the deleted one, so it is still a fault.
sqlite3 "$db" "SELECT count(*) FROM units" >/dev/null 2>&1
check "another connection recreated the -wal file" test -f "$db-wal"
expect_eq "healthz: 503 when the -wal file is another one" "$(fetch h6b "$BASE/healthz")" 503
expect_contains "the log says the log was replaced" "$WORK/server.err" "write-ahead log was replaced"
stop_server

# --- unreadable (the server runs as nobody when we are root) --------------
dir=$WORK/unreadable
mkdir -p "$dir" && cp "$QIAO_DEMO_DB" "$dir/qiao.db"
chmod 777 "$dir" && chmod 666 "$dir/qiao.db"
asu=
[ "$(id -u)" = 0 ] && asu="setpriv --reuid=65534 --regid=65534 --clear-groups"
$asu "$NOBODY_BIN" serve --listen 127.0.0.1:0 --db "$dir/qiao.db" --root "$NOBODY_ROOT" --workers 1 2>"$WORK/nobody.err" &
npid=$!
i=0; nport=
while [ -z "$nport" ] && [ $i -lt 200 ] && kill -0 $npid 2>/dev/null; do
	sleep 0.05; i=$((i + 1))
	nport=$(sed -nE 's|.*serving .* on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$WORK/nobody.err" | tail -n 1)
done
if [ -n "$nport" ]; then
	expect_eq "healthz: 200 while readable" "$(fetch h7 "http://127.0.0.1:$nport/healthz")" 200
	chmod 200 "$dir/qiao.db"
	expect_eq "healthz: 503 once not readable" "$(fetch h8 "http://127.0.0.1:$nport/healthz")" 503
	chmod 444 "$dir/qiao.db"
	expect_eq "healthz: 503 once not writable" "$(fetch h9 "http://127.0.0.1:$nport/healthz")" 503
	kill -TERM $npid; wait $npid
	expect_eq "that server stops cleanly" $? 0
else
	fail "a server as another user starts: $(cat "$WORK/nobody.err")"
	kill $npid 2>/dev/null
fi

# --- a read-only database for the read-only commands ----------------------
dir=$WORK/ro
mkdir -p "$dir" && cp "$QIAO_DEMO_DB" "$dir/qiao.db"
chmod 444 "$dir/qiao.db" && chmod 755 "$dir"
as_user "$NOBODY_BIN" messages list --db "$dir/qiao.db" > "$WORK/ro.list" 2> "$WORK/ro.err"
expect_eq "messages list on a read-only database: status 0" $? 0
check "... lists the letters" test "$(wc -l < "$WORK/ro.list")" -gt 10
id=$(sed -n 2p "$WORK/ro.list" | cut -f1)
as_user "$NOBODY_BIN" messages show "$id" --db "$dir/qiao.db" > "$WORK/ro.show" 2>&1
expect_eq "messages show on a read-only database" $? 0
as_user "$NOBODY_BIN" messages publish "$id" --db "$dir/qiao.db" > "$WORK/ro.pub" 2>&1
expect_eq "messages publish on a read-only database: status 1" $? 1
expect_contains "... says the database is read-only" "$WORK/ro.pub" "the database is read-only"
check "... one line" test "$(wc -l < "$WORK/ro.pub")" -eq 1
check "the read-only file is untouched" cmp -s "$dir/qiao.db" "$QIAO_DEMO_DB"

finish
