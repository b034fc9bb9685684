# lib.sh - helpers for the end-to-end tests (sourced, POSIX sh).
#
# Each test script sources this, runs checks with ok/fail/expect_*, and
# ends with `finish`, which prints "<suite>: N passed, N failed".
# QIAO_BIN is the binary under test (set by tests/run.sh); QIAO_DEMO_DB a
# ready demo database shared by the scripts (copied before any write).

: "${QIAO_BIN:?run through tests/run.sh}"
: "${QIAO_TOP:=$(pwd)}"
SUITE=${SUITE:-$(basename "$0" .sh)}
T_PASS=0
T_FAIL=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qiao-e2e.XXXXXX")
SERVER_PID=
PORT=

cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

ok() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "  FAIL [$SUITE] $*"; }
check() {  # check DESCRIPTION COMMAND...
	_cd=$1; shift
	if "$@" >"$WORK/check.out" 2>&1; then ok; else fail "$_cd"; sed 's/^/      /' "$WORK/check.out" | head -n 20; fi
}
expect_eq() {  # expect_eq DESCRIPTION GOT EXPECTED
	if [ "$2" = "$3" ]; then ok; else fail "$1: got '$2', expected '$3'"; fi
}
expect_contains() {  # expect_contains DESCRIPTION FILE TEXT
	if grep -qF -- "$3" "$2"; then ok; else fail "$1: '$3' not in $2: $(head -c 300 "$2")"; fi
}
expect_not_contains() {
	if grep -qF -- "$3" "$2"; then fail "$1: '$3' found in $2"; else ok; fi
}
finish() {
	echo "$SUITE: $T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
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

stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID"
	st=$?
	SERVER_PID=
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
if ! have_shared; then
	echo "$SUITE: NOTE: DTD validation skipped: $SHARED/bin/validate-markup not found (the shared folder is not beside this checkout)"
fi
valid_dtd() {  # valid_dtd FILE: true when valid or when the DTDs are absent
	have_shared || return 0
	"$SHARED/bin/validate-markup" -q "$1" >"$WORK/validate.out" 2>&1 || { cat "$WORK/validate.out"; return 1; }
}
kannel_ok() {  # kannel_ok FILE: compiles with Kannel's WML compiler, no WARNING
	"$WML_TESTER" "$1" >"$WORK/wml_tester.out" 2>&1 || { cat "$WORK/wml_tester.out"; return 1; }
	if grep -q "WARNING" "$WORK/wml_tester.out"; then cat "$WORK/wml_tester.out"; return 1; fi
	return 0
}
tidy_ok() {  # tidy_ok FILE: HTML5 without errors
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
	have_shared || return 0
	XML_CATALOG_FILES="file://$(cd "$SHARED/dtd" && pwd)/catalog.xml" xmllint --nonet --noout --valid "$@" >"$WORK/validate.out" 2>&1 || { head -20 "$WORK/validate.out"; return 1; }
	[ ! -s "$WORK/validate.out" ] || { head -20 "$WORK/validate.out"; return 1; }
}
# kannel_ok_many FILE...: every deck compiles without warnings.
kannel_ok_many() {
	for _k in "$@"; do kannel_ok "$_k" || { echo "in $_k"; return 1; }; done
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
