#!/bin/sh
# progress.sh - long work shows progress on a terminal and stays quiet in
# scripts: `qiao check`, `qiao init --demo`, `qiao import news` and `qiao
# import services` under a pseudo-terminal (script(1)) draw their progress
# line on stderr; with stderr a file they write none of it.  (test_demo
# checks the progress drawing itself.)
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

# The imports: a small file of each kind, on a terminal and in a script.
cat > "$WORK/news.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<qiao-news>
<column id="970001" name="进度测试"/>
<article guid="progress-1" column="970001" date="2026-11-25"><title>进度一</title></article>
<article guid="progress-2" column="970001" date="2026-11-25"><title>进度二</title></article>
</qiao-news>
EOF
cat > "$WORK/services.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<services version="1">
<unit id="970001" region="430102" name="进度测试单位"/>
<item code="PROGRESS-1" unit="970001"><name>进度测试事项</name></item>
</services>
EOF
db=$(demo_db import.db)
for kind in news services; do
	script -qec "'$QIAO_BIN' import $kind '$WORK/$kind.xml' --db '$db'" /dev/null > "$WORK/$kind.tty" 2>&1
	expect_eq "import $kind on a terminal succeeds" $? 0
	expect_contains "import $kind on a terminal: the progress line" "$WORK/$kind.tty" "qiao: import $kind $WORK/$kind.xml: writing"
	expect_contains "import $kind on a terminal: the count" "$WORK/$kind.tty" "checking 0/"
	# The line is cleared before the result is printed.
	check "import $kind on a terminal: the result on a cleared line" \
		grep -q "$(printf '\033')\\[Kqiao: $WORK/$kind.xml: " "$WORK/$kind.tty"
	"$QIAO_BIN" import $kind "$WORK/$kind.xml" --db "$db" > "$WORK/$kind.out" 2> "$WORK/$kind.err"
	expect_eq "import $kind in a script succeeds" $? 0
	check "import $kind in a script: nothing on stderr" test ! -s "$WORK/$kind.err"
	expect_contains "import $kind in a script: the result" "$WORK/$kind.out" "qiao: $WORK/$kind.xml: "
	check "import $kind in a script: no carriage return in the result" sh -c "! grep -q \"\$(printf '\\r')\" '$WORK/$kind.out'"
done
finish
