# lib.sh - helpers for the end-to-end tests (sourced, POSIX sh; not a
# suite itself: tests/suites.list names the suites).
#
# Each test script sources this, runs checks with ok/fail/skip/check/
# expect_*, and ends with `finish`, which prints the one summary line the
# runner reads: "<suite>: N passed, N failed, N skipped" (tests/README.md).
# Results go to a file, one line per check, so a check made inside a
# subshell, a command substitution or a `| while` loop still counts.
# QIAO_BIN is the binary under test (set by tests/run.sh); QIAO_DEMO_DB a
# ready demo database shared by the scripts (copied before any write).

: "${QIAO_BIN:?run through tests/run.sh}"
: "${QIAO_TOP:=$(pwd)}"
SUITE=${SUITE:-$(basename "$0" .sh)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qiao-e2e.XXXXXX")
RESULTS=$WORK/.results
: > "$RESULTS"
SERVER_PID=
PORT=
# Worker restarts a suite causes on purpose (the supervisor logs each one);
# any other restart is a failure.
ALLOW_RESTARTS=${ALLOW_RESTARTS:-0}

cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Strict mode (CI=true, or make test STRICT=1 which sets QIAO_STRICT=1):
# a required check that cannot run is a failure, not a skip.
strict() { [ "${QIAO_STRICT:-}" = 1 ] || [ "${CI:-}" = true ]; }

ok() { echo pass >> "$RESULTS"; }
fail() { printf 'fail\t%s\n' "$*" >> "$RESULTS"; echo "  FAIL [$SUITE] $*" >&2; }
skip() {  # skip CHECK REASON: a required check that cannot run here
	if strict; then
		fail "$1 (skipped, fatal with CI=true or STRICT=1: $2)"
	else
		printf 'skip\t%s: %s\n' "$1" "$2" >> "$RESULTS"
	fi
}
# A helper that cannot run for want of a tool or of ../shared exits 77
# with the reason as the first line of its output; check() records a skip.
check() {  # check DESCRIPTION COMMAND...
	_cd=$1; shift
	"$@" >"$WORK/check.out" 2>&1
	_cst=$?
	if [ $_cst -eq 0 ]; then ok
	elif [ $_cst -eq 77 ]; then skip "$_cd" "$(head -n 1 "$WORK/check.out")"
	else fail "$_cd"; sed 's/^/      /' "$WORK/check.out" | head -n 20 >&2; fi
}
expect_eq() {  # expect_eq DESCRIPTION GOT EXPECTED
	if [ "$2" = "$3" ]; then ok; else fail "$1: got '$2', expected '$3'"; fi
}
expect_contains() {  # expect_contains DESCRIPTION FILE TEXT (TEXT not empty)
	if [ -z "$3" ]; then fail "$1: empty needle (it would match anything)"
	elif grep -qF -- "$3" "$2"; then ok
	else fail "$1: '$3' not in $2: $(head -c 300 "$2")"; fi
}
expect_not_contains() {
	if [ -z "$3" ]; then fail "$1: empty needle (it would match anything)"
	elif grep -qF -- "$3" "$2"; then fail "$1: '$3' found in $2"
	else ok; fi
}
# nonempty DESCRIPTION VALUE: a value a later check depends on (from SQL,
# a header...) is there; prints it.  Use as x=$(nonempty "what" "$(...)").
nonempty() {
	if [ -n "$2" ]; then ok; printf '%s\n' "$2"; else fail "$1: empty"; fi
}

SANITIZER_RE='==[0-9]+==(ERROR|WARNING): [A-Za-z]+Sanitizer|SUMMARY: [A-Za-z]+Sanitizer|runtime error: '
RESTART_RE='worker [0-9]+ \(pid [0-9]+\) ended .*starting another'
# The servers' stderr, all of them (start_server keeps each one's log).
server_logs() { cat "$WORK/servers.log" "$WORK/server.err" 2>/dev/null; }
# After the last server: no sanitizer report, no restart not caused.
server_checks() {
	[ -e "$WORK/server.err" ] || return 0
	if server_logs | grep -qE "$SANITIZER_RE"; then
		fail "no sanitizer report in the server's stderr"
		server_logs | grep -E -A 12 "$SANITIZER_RE" | head -n 40 | sed 's/^/      /' >&2
	else ok; fi
	_rs=$(server_logs | grep -cE "$RESTART_RE")
	if [ "$_rs" -le "$ALLOW_RESTARTS" ]; then ok; else
		fail "no worker restart the suite did not cause: $_rs restarts, $ALLOW_RESTARTS caused"
		server_logs | grep -E "$RESTART_RE" | head -n 5 | sed 's/^/      /' >&2
	fi
}

finish() {
	if [ -n "$SERVER_PID" ]; then stop_server; fi
	server_checks
	_p=$(grep -c '^pass' "$RESULTS")
	_f=$(grep -c '^fail' "$RESULTS")
	_s=$(grep -c '^skip' "$RESULTS")
	grep '^skip' "$RESULTS" | cut -f2- | sed "s/^/  SKIP [$SUITE] /"
	echo "$SUITE: $_p passed, $_f failed, $_s skipped"
	[ "$_f" -eq 0 ]
	exit $?
}

# A private copy of the shared demo database.
demo_db() {
	cp "$QIAO_DEMO_DB" "$WORK/$1"
	echo "$WORK/$1"
}

# start_server DB [EXTRA ARGS...]: start qiao on a free loopback port and
# wait until it answers; sets SERVER_PID, PORT, BASE.
start_server() {
	_db=$1; shift
	# Keep the previous server's log for the checks in finish.
	[ -f "$WORK/server.err" ] && cat "$WORK/server.err" >> "$WORK/servers.log"
	: > "$WORK/server.err"
	"$QIAO_BIN" serve --listen 127.0.0.1:0 --db "$_db" --root "$QIAO_TOP" "$@" 2>>"$WORK/server.err" &
	SERVER_PID=$!
	i=0
	while [ $i -lt 300 ]; do
		PORT=$(sed -nE 's|.*serving .* on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$WORK/server.err" | tail -n 1)
		if [ -n "$PORT" ]; then
			BASE="http://127.0.0.1:$PORT"
			return 0
		fi
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "server died: $(cat "$WORK/server.err")"
			SERVER_PID=
			return 1
		fi
		sleep 0.05
		i=$((i + 1))
	done
	echo "server did not start: $(cat "$WORK/server.err")"
	return 1
}

# stop_server: SIGTERM, and the server must exit 0 (a worker that ends
# with a leak report exits non-zero, and so does the server then).
stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID"
	st=$?
	SERVER_PID=
	[ $st -eq 0 ] || fail "server exits 0 on SIGTERM (status $st)"
	return $st
}

# fetch NAME URL [curl args...]: body to $WORK/NAME, headers to
# $WORK/NAME.h; prints the status code.
fetch() {
	_fn=$1 _fu=$2; shift 2
	curl -s -o "$WORK/$_fn" -D "$WORK/$_fn.h" -w "%{http_code}" "$@" "$_fu"
}
header() {  # header NAME HEADER -> value (first match, CR stripped)
	grep -i "^$2:" "$WORK/$1.h" | head -n 1 | sed -E 's/^[^:]*:[[:space:]]*//' | tr -d '\r'
}

# Phones, as (User-Agent, Accept) pairs.
UA_NOKIA7110='Nokia7110/1.0 (05.01)'
ACCEPT_WML='text/vnd.wap.wml'
UA_SE_K750='SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1'
ACCEPT_XHTML='application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5'
UA_IPHONE='Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
ACCEPT_HTML='text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

fetch_wml() { _n=$1 _u=$2; shift 2; fetch "$_n" "$_u" -A "$UA_NOKIA7110" -H "Accept: $ACCEPT_WML" "$@"; }
fetch_xhtml() { _n=$1 _u=$2; shift 2; fetch "$_n" "$_u" -A "$UA_SE_K750" -H "Accept: $ACCEPT_XHTML" "$@"; }
fetch_html() { _n=$1 _u=$2; shift 2; fetch "$_n" "$_u" -A "$UA_IPHONE" -H "Accept: $ACCEPT_HTML" "$@"; }

# Markup checks.  The DTD checks need ../shared beside the checkout.
SHARED=${QIAO_SHARED:-$QIAO_TOP/../shared}
WML_TESTER=/usr/lib/kannel/test/wml_tester
have_shared() { [ -x "$SHARED/bin/validate-markup" ]; }
NO_SHARED="no DTDs: $SHARED/bin/validate-markup not found"
# The markup checks exit 77 with a reason when their tool is missing: run
# them through check(), which records a skip (a failure when strict).
valid_dtd() {  # valid_dtd FILE
	have_shared || { echo "$NO_SHARED"; return 77; }
	"$SHARED/bin/validate-markup" -q "$1" >"$WORK/validate.out" 2>&1 || { cat "$WORK/validate.out"; return 1; }
}
kannel_ok() {  # kannel_ok FILE: compiles with Kannel's WML compiler, no WARNING
	[ -x "$WML_TESTER" ] || { echo "Kannel's $WML_TESTER not installed (kannel-extras)"; return 77; }
	"$WML_TESTER" "$1" >"$WORK/wml_tester.out" 2>&1 || { cat "$WORK/wml_tester.out"; return 1; }
	if grep -q "WARNING" "$WORK/wml_tester.out"; then cat "$WORK/wml_tester.out"; return 1; fi
	return 0
}
tidy_ok() {  # tidy_ok FILE: HTML5 without errors
	command -v tidy >/dev/null 2>&1 || { echo "tidy not installed"; return 77; }
	tidy -errors -quiet "$1" >"$WORK/tidy.out" 2>&1
	st=$?
	[ $st -lt 2 ] || { cat "$WORK/tidy.out"; return 1; }
}
# gunzip if the response was compressed.
body_text() {
	if [ "$(header "$1" Content-Encoding)" = gzip ]; then gzip -dc "$WORK/$1"; else cat "$WORK/$1"; fi
}

# valid_dtd_many FILE...: validate many files in one xmllint run.
valid_dtd_many() {
	have_shared || { echo "$NO_SHARED"; return 77; }
	XML_CATALOG_FILES="file://$(cd "$SHARED/dtd" && pwd)/catalog.xml" xmllint --nonet --noout --valid "$@" >"$WORK/validate.out" 2>&1 || { head -20 "$WORK/validate.out"; return 1; }
	[ ! -s "$WORK/validate.out" ] || { head -20 "$WORK/validate.out"; return 1; }
}
# kannel_ok_many FILE...: every deck compiles without warnings.
kannel_ok_many() {
	for _k in "$@"; do kannel_ok "$_k"; _kst=$?; [ $_kst -eq 0 ] || { echo "in $_k"; return $_kst; }; done
}
# tidy_ok_many FILE...: every page is HTML5 without errors.
tidy_ok_many() {
	for _t in "$@"; do tidy_ok "$_t"; _tst=$?; [ $_tst -eq 0 ] || { echo "in $_t"; return $_tst; }; done
}
# paras FILE DIALECT: the text paragraphs of a page (<p> without markup
# inside), unescaped, one per line.
paras() {
	python3 - "$1" "$2" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r"<p>([^<]*)</p>", text):
    t = html.unescape(m.group(1))
    if sys.argv[2] == "wml":
        t = t.replace("$$", "$")
    print(t)
PY
}
