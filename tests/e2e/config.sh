#!/bin/sh
# config.sh - qiao.conf: `qiao config check` prints the effective settings
# or names FILE:LINE and exits 1; `serve --config` uses the file, options
# override it, unknown keys and bad values stop the server before it binds.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
conf=$WORK/qiao.conf
cat > "$conf" <<EOC
# a test configuration
listen = 127.0.0.1:1
db = $db
access-log = $WORK/access.log
workers = 2
cache-size = 0
trusted-gateway = 10.0.0.7
EOC

"$QIAO_BIN" config check --config "$conf" > "$WORK/check.txt" 2>&1
expect_eq "config check accepts a good file" $? 0
expect_contains "prints the file's listen" "$WORK/check.txt" "listen = 127.0.0.1:1"
expect_contains "prints the file's workers" "$WORK/check.txt" "workers = 2"
expect_contains "prints the default it kept" "$WORK/check.txt" "# staff-listen = (off)"
expect_contains "prints the trusted gateway" "$WORK/check.txt" "trusted-gateway = 10.0.0.7"
# $QIAO_CONFIG names the file when --config does not.
QIAO_CONFIG=$conf "$QIAO_BIN" config check > "$WORK/env.txt" 2>&1
expect_contains "QIAO_CONFIG is read" "$WORK/env.txt" "cache-size = 0"

bad() {  # bad DESCRIPTION TEXT EXPECTED-MESSAGE
	printf '%s\n' "$2" > "$WORK/bad.conf"
	"$QIAO_BIN" config check --config "$WORK/bad.conf" > "$WORK/bad.out" 2>&1
	expect_eq "$1: status" $? 1
	expect_contains "$1: message" "$WORK/bad.out" "$3"
	check "$1: one line" test "$(wc -l < "$WORK/bad.out")" -eq 1
	# serve refuses the same file before it binds anything
	"$QIAO_BIN" serve --config "$WORK/bad.conf" --listen 127.0.0.1:0 > "$WORK/bads.out" 2>&1
	expect_eq "$1: serve refuses it" $? 1
	expect_contains "$1: serve says why" "$WORK/bads.out" "$3"
}
bad "an unknown key" "listen = 127.0.0.1:0
cache_size = 3" "bad.conf:2: unknown key 'cache_size'"
bad "a bad number" "workers = many" "bad.conf:1: workers needs a number from 1 to 256, not 'many'"
bad "a bad gateway" "trusted-gateway = 10.0.0.0/33" "trusted-gateway needs an IPv4 or IPv6 address"
bad "a line without =" "listen" "bad.conf:1: expected 'key = value'"
bad "a key set twice" "db = /a
db = /b" "bad.conf:2: db is set twice"

"$QIAO_BIN" config check --config "$WORK/missing.conf" > "$WORK/miss.out" 2>&1
expect_eq "a missing file given by name: status 1" $? 1
expect_contains "a missing file is named" "$WORK/miss.out" "cannot read $WORK/missing.conf"
"$QIAO_BIN" config check --bogus > /dev/null 2>&1
expect_eq "config check: unknown option is a usage error" $? 2
"$QIAO_BIN" config frobnicate > /dev/null 2>&1
expect_eq "config: unknown command is a usage error" $? 2

# serve with the file; --listen overrides the file's port 1 (which this
# user could not bind), everything else comes from the file.
if start_server "$db" --config "$conf"; then
	ok
	fetch root "$BASE/" -A "$UA_IPHONE" >/dev/null
	i=0
	while [ ! -s "$WORK/access.log" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	expect_contains "the file's access log is written" "$WORK/access.log" '"GET / HTTP/1.1" 200'
	expect_contains "two workers" "$WORK/server.err" "2 workers started"
	stop_server
else
	fail "serve --config did not start"
fi
# An option overrides the file's value, checked: --workers 1 runs in-process.
if start_server "$db" --config "$conf" --workers 1; then
	expect_not_contains "--workers overrides the file" "$WORK/server.err" "workers started"
	stop_server
else
	fail "serve --config --workers 1 did not start"
fi

finish
