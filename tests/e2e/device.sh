#!/bin/sh
# device.sh - "qiao device": importing UAProf profiles (offline) and
# explaining decisions; a request naming an imported profile gets the
# dialect and budget the profile gives, and the server never fetches the
# URL a request names.
. "$(dirname "$0")/lib.sh"

FIX="$QIAO_TOP/tests/fixtures/uaprof"
W12=http://uaprof.example.test/qiao/W12.rdf
W20=http://uaprof.example.test/qiao/W20r100.xml
db=$(demo_db portal.db)

# --- import-uaprof ----------------------------------------------------------
"$QIAO_BIN" device import-uaprof --db "$db" "$FIX/wap12-wml.rdf" "$FIX/wap20-xhtml.rdf" >"$WORK/imp" 2>"$WORK/imp.err"
expect_eq "import of two profiles: exit 0" $? 0
expect_contains "WAP 1.2 profile added under its rdf:about" "$WORK/imp" "added $W12 (WML, screen 101x80, WmlDeckSize 1100, MaxSduSize 1200)"
expect_contains "WAP 2.0 profile added" "$WORK/imp" "added $W20 (XHTML + WML, screen 128x128, WmlDeckSize 3500)"
expect_eq "two rows stored" "$(sqlite3 "$db" 'SELECT count(*) FROM uaprof')" 2
expect_eq "stored facts" "$(sqlite3 "$db" "SELECT wml_versions || '|' || ifnull(xhtml_version, '-') || '|' || wml_deck_size || '|' || max_sdu_size FROM uaprof WHERE url = '$W12'")" "1.1, 1.2|-|1100|1200"
expect_contains "CcppAccept stored" "$WORK/imp" "XHTML + WML"
"$QIAO_BIN" device import-uaprof --db "$db" "$FIX/wap12-wml.rdf" >"$WORK/imp2" 2>&1
expect_contains "a second import updates in place" "$WORK/imp2" "updated $W12"
expect_eq "still two rows" "$(sqlite3 "$db" 'SELECT count(*) FROM uaprof')" 2

# Bad files: one-line errors, exit 1, nothing stored.
for f in doctype.rdf bad-screen.rdf not-rdf.xml no-about.rdf; do
	"$QIAO_BIN" device import-uaprof --db "$db" "$FIX/$f" >"$WORK/bad" 2>"$WORK/bad.err"
	expect_eq "$f refused: exit 1" $? 1
	expect_eq "$f: one error line" "$(wc -l <"$WORK/bad.err" | tr -d ' ')" 1
done
"$QIAO_BIN" device import-uaprof --db "$db" "$FIX/doctype.rdf" 2>"$WORK/dt.err" >/dev/null
expect_contains "the DOCTYPE error names the line" "$WORK/dt.err" "doctype.rdf:2: DOCTYPE not allowed"
expect_eq "nothing stored from bad files" "$(sqlite3 "$db" 'SELECT count(*) FROM uaprof')" 2
"$QIAO_BIN" device import-uaprof --db "$db" --url "http://uaprof.example.test/qiao/na.xml" "$FIX/no-about.rdf" >"$WORK/na" 2>&1
expect_contains "--url stores a profile without rdf:about" "$WORK/na" "added http://uaprof.example.test/qiao/na.xml (XHTML)"
"$QIAO_BIN" device import-uaprof --db "$db" --url "ftp://x/y" "$FIX/no-about.rdf" >/dev/null 2>"$WORK/ftp.err"
expect_eq "a non-http URL is refused" $? 1
"$QIAO_BIN" device import-uaprof --db "$db" --url "http://a.test/x" "$FIX/wap12-wml.rdf" "$FIX/wap20-xhtml.rdf" >/dev/null 2>"$WORK/u2.err"
expect_eq "--url with two files is a usage error" $? 2
"$QIAO_BIN" device import-uaprof --db "$db" >/dev/null 2>"$WORK/none.err"
expect_eq "no file: usage error" $? 2
"$QIAO_BIN" device import-uaprof --db "$db" "$WORK/missing.rdf" >/dev/null 2>"$WORK/miss.err"
expect_eq "missing file: exit 1" $? 1

# --- explain ---------------------------------------------------------------
"$QIAO_BIN" device explain 'Nokia6310i/1.0 (04.10) Profile/MIDP-1.0 Configuration/CLDC-1.0' \
	--accept 'text/vnd.wap.wml, text/html' --header 'X-WAP-Client-SDU-Size: 1000' >"$WORK/ex1" 2>&1
expect_eq "explain: exit 0" $? 0
expect_contains "explain names the Accept evidence" "$WORK/ex1" "accept      lists WML (q=1) and no XHTML type"
expect_contains "explain names the budget cap" "$WORK/ex1" "X-WAP-Client-SDU-Size 1000 caps it -> 1000"
expect_contains "explain gives the dialect" "$WORK/ex1" "dialect: wml"
expect_contains "explain gives the budget" "$WORK/ex1" "budget: 1000 bytes"
expect_contains "explain gives Vary" "$WORK/ex1" "Vary: User-Agent, Accept, Accept-Encoding, X-Wap-Profile"
"$QIAO_BIN" device explain 'SAMSUNG-SGH-A300/1.0 UP/4.1.19k' >"$WORK/ex2" 2>&1
expect_contains "explain names the rule and its line" "$WORK/ex2" "devices.rules line "
expect_contains "explain: the rule's pattern" "$WORK/ex2" "<UP/ -> wml"
"$QIAO_BIN" device explain --db "$db" 'SomePhone/1.0' --header "x-wap-profile: \"$W12\", \"1-Ab0=\"" >"$WORK/ex3" 2>&1
expect_contains "explain uses the imported profile" "$WORK/ex3" "uaprof      $W12: a WML browser"
expect_contains "profile deck size caps the budget" "$WORK/ex3" "budget: 1100 bytes"
"$QIAO_BIN" device explain --db "$db" 'SomePhone/1.0' --header 'Profile: http://uaprof.example.test/qiao/unknown.xml' >"$WORK/ex4" 2>&1
expect_contains "unknown profile said so" "$WORK/ex4" "no imported UAProf profile"
expect_contains "unknown profile: WAP 2.0 guess" "$WORK/ex4" "dialect: xhtmlmp"
"$QIAO_BIN" device explain >/dev/null 2>"$WORK/e0"
expect_eq "explain without UA: usage error" $? 2
"$QIAO_BIN" device explain x --header 'no colon' >/dev/null 2>"$WORK/e1"
expect_eq "explain with a bad --header: usage error" $? 2
"$QIAO_BIN" device explain x --rules "$WORK/none.rules" >/dev/null 2>"$WORK/e2"
expect_eq "explain with a missing rules file: exit 1" $? 1
"$QIAO_BIN" device frobnicate >/dev/null 2>"$WORK/e3"
expect_eq "unknown device command: usage error" $? 2
"$QIAO_BIN" device --help >"$WORK/help"
expect_contains "device --help lists explain" "$WORK/help" "explain UA"
"$QIAO_BIN" --help >"$WORK/help2"
expect_contains "qiao --help lists device" "$WORK/help2" "device"

# --- the server uses the imported profiles ------------------------------------
start_server "$db" || { fail "server starts"; finish; }
# A phone the rules cannot place, naming the WAP 1.2 profile: WML within
# the profile's 1,100-byte decks.
code=$(fetch p12 "$BASE/news/1" -A 'SomePhone/1.0' -H "x-wap-profile: \"$W12\"")
expect_eq "profile W12: 200" "$code" 200
expect_eq "profile W12: WML" "$(header p12 Content-Type)" "text/vnd.wap.wml; charset=utf-8"
check "profile W12: deck within WmlDeckSize 1100" test "$(wc -c <"$WORK/p12")" -le 1100
# The limit mattered: a WAP 1.x phone without the profile gets the same
# page in a bigger deck (the 1,400-byte default).
fetch full "$BASE/news/1" -A 'Nokia3330/1.0' >/dev/null
check "without the profile the deck is over 1100 bytes" test "$(wc -c <"$WORK/full")" -gt 1100
# The same phone without the header gets html: the profile made the difference.
expect_eq "same UA, no profile: html" "$(fetch p0 "$BASE/news" -A 'SomePhone/1.0'; header p0 Content-Type)" "200text/html; charset=utf-8"
# Profile and wap-profile headers, several URLs: the first known one counts.
# W20's CcppAccept lists application/vnd.wap.xhtml+xml: XHTML-MP under the
# WAP type (it was text/html, taken from a bare Accept, before).
expect_eq "Profile header, second URL known" "$(fetch p20 "$BASE/" -A 'SomePhone/1.0' -H "Profile: \"http://uaprof.example.test/nope.xml\", \"$W20\""; header p20 Content-Type)" "200application/vnd.wap.xhtml+xml; charset=utf-8"
expect_contains "Profile header, second URL known: an XHTML-MP page" "$WORK/p20" "-//WAPFORUM//DTD XHTML Mobile 1.0//EN"
expect_eq "wap-profile header read" "$(fetch pw "$BASE/" -A 'SomePhone/1.0' -H "wap-profile: $W12"; header pw Content-Type)" "200text/vnd.wap.wml; charset=utf-8"
# The WAP 2.0 profile with its XHTML type in Accept: XHTML-MP.
expect_eq "profile W20 with Accept: XHTML-MP" "$(fetch px "$BASE/" -A 'SomePhone/1.0' -H "x-wap-profile: $W20" -H 'Accept: application/vnd.wap.xhtml+xml'; header px Content-Type)" "200application/vnd.wap.xhtml+xml; charset=utf-8"
# A profile imported while the server runs is used at once.
"$QIAO_BIN" device import-uaprof --db "$db" --url http://uaprof.example.test/qiao/late.rdf "$FIX/wap12-wml.rdf" >/dev/null 2>&1
expect_eq "profile imported while serving is used" "$(fetch late "$BASE/" -A 'SomePhone/1.0' -H 'x-wap-profile: http://uaprof.example.test/qiao/late.rdf'; header late Content-Type)" "200text/vnd.wap.wml; charset=utf-8"
# Never fetched: a profile URL pointing at a local listener gets no connection.
if command -v python3 >/dev/null 2>&1; then
	python3 - "$WORK/trap.port" "$WORK/trap.hits" <<'EOF' &
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5); s.settimeout(4)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
hits = 0
try:
    while True:
        c, _ = s.accept(); hits += 1; c.close()
except socket.timeout:
    pass
open(sys.argv[2], "w").write(str(hits))
EOF
	trap_pid=$!
	i=0; while [ ! -s "$WORK/trap.port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	tport=$(cat "$WORK/trap.port")
	fetch trapped "$BASE/" -A 'SomePhone/1.0' -H "x-wap-profile: http://127.0.0.1:$tport/p.xml" >/dev/null
	wait "$trap_pid"
	expect_eq "the server never fetches a profile URL" "$(cat "$WORK/trap.hits")" 0
else
	fail "python3 needed for the no-fetch check"
fi
stop_server
check "no sanitizer report" sh -c "! grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error' '$WORK/server.err'"
finish
