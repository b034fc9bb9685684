#!/bin/sh
# progress.sh - long work shows progress on a terminal and stays quiet in
# scripts: `qiao check` and `qiao init --demo` under a pseudo-terminal
# (script(1)) draw their progress line on stderr; with stderr a file they
# write none of it.  (test_demo checks the progress drawing itself.)
. "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null 2>&1; then
	skip "progress on a terminal" "script (util-linux) is not installed"
	finish
fi
db=$(demo_db portal.db)
start_server "$db" --workers 1 || { fail "server starts"; finish; }
# On a terminal.
script -qec "'$QIAO_BIN' check --base '$BASE' --max-pages 3" /dev/null > "$WORK/tty.out" 2>&1
expect_contains "check on a terminal: the crawl's progress line" "$WORK/tty.out" "[wml] 1"
# In a script: stdout and stderr to files.
"$QIAO_BIN" check --base "$BASE" --max-pages 3 > "$WORK/quiet.out" 2> "$WORK/quiet.err"
expect_not_contains "check in a script: no progress line" "$WORK/quiet.err" "[wml] 1"
check "check in a script: no carriage returns" sh -c "! grep -q \"\$(printf '\\r')\" '$WORK/quiet.err'"
stop_server

# init --demo: its first seconds are enough to see the progress (or not).
timeout 8 script -qec "'$QIAO_BIN' init --demo --db '$WORK/tty.db'" /dev/null > "$WORK/init.tty" 2>&1
expect_contains "init --demo on a terminal: progress" "$WORK/init.tty" "qiao: building demo:"
timeout 8 "$QIAO_BIN" init --demo --db "$WORK/quiet.db" > "$WORK/init.out" 2> "$WORK/init.err"
expect_eq "init --demo in a script: still working after 8 s (stopped by timeout)" $? 124
expect_not_contains "init --demo in a script: no progress" "$WORK/init.err" "building demo"
finish
