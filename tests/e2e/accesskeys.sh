#!/bin/sh
# accesskeys.sh - number keys on feature phones (issue 12 item 4).  A phone
# whose UAProf profile lists WML 1.3 crawls from / and gets WML 1.3 decks:
# accesskey 1-9 on list links and 0 on 首页, valid against the WML 1.3 DTD,
# compiled by Kannel without a warning, within the budget, WBXML with the
# WML 1.3 public id.  A WML 1.1 phone crawling the same server gets none of
# it: WML 1.1 decks, valid as 1.1, not one accesskey.
. "$(dirname "$0")/lib.sh"

FIX="$QIAO_TOP/tests/fixtures/uaprof"
W13=http://uaprof.example.test/qiao/W13.rdf
W12=http://uaprof.example.test/qiao/W12.rdf
MAX=150
db=$(demo_db portal.db)
"$QIAO_BIN" device import-uaprof --db "$db" "$FIX/wap13-wml.rdf" "$FIX/wap12-wml.rdf" >/dev/null 2>"$WORK/imp.err"
expect_eq "the WML 1.3 and 1.2 profiles import" $? 0

# --- why: qiao device explain ---------------------------------------------
"$QIAO_BIN" device explain --db "$db" 'SomePhone/1.0' --header "x-wap-profile: $W13" >"$WORK/ex13" 2>&1
expect_contains "explain: the profile's WmlVersion is the reason" "$WORK/ex13" "wml         UAProf WmlVersion lists WML 1.3 -> WML 1.3 decks, accesskeys on links"
expect_contains "explain: the version in the summary" "$WORK/ex13" "wml version: 1.3 (accesskeys on links)"
"$QIAO_BIN" device explain "$UA_NOKIA7110" --accept "$ACCEPT_WML" >"$WORK/ex11" 2>&1
expect_contains "explain: no evidence, WML 1.1" "$WORK/ex11" "no evidence of WML 1.2 or later"
expect_contains "explain: 1.1 in the summary" "$WORK/ex11" "wml version: 1.1"

start_server "$db" || { fail "server starts"; finish; }

crawl() {  # crawl NAME HEADER...: decks in $WORK/NAME/, summary in $WORK/NAME.json
	_c=$1; shift
	python3 "$QIAO_TOP/tests/e2e/wml_keys.py" "$BASE" "$WORK/$_c" "$MAX" "$@" >"$WORK/$_c.json" 2>"$WORK/$_c.err"
}

# --- the WML 1.3 phone --------------------------------------------------------
crawl c13 'User-Agent: SomePhone/1.0' "x-wap-profile: $W13"
expect_eq "1.3 crawl runs" $? 0
# Each deck: its DOCTYPE, its keys (unique, 0-9), 0 on 首页 and only
# there, 1-9 in order down the page; the home deck and a news column
# keyed; at most one deck in ten without keys (a deck without keys is one
# the keys would take over its budget: checked below).
check "1.3 phone: WML 1.3 decks, accesskey 1-9 on list links, 0 on 首页" \
	python3 - "$WORK/c13.json" "$WORK/c13.over" "$WORK/c13.report" <<'PY'
import json, sys
decks = json.load(open(sys.argv[1]))
bad, keyless, pages = [], [], 0
by_path = {}
for d in decks:
    if d["status"] != 200:
        bad.append("%s: status %s %s" % (d["path"], d["status"], d.get("type")))
        continue
    pages += 1
    if d["doctype"] != "-//WAPFORUM//DTD WML 1.3//EN":
        bad.append("%s: DOCTYPE %s" % (d["path"], d["doctype"]))
    keys = [k for _, k, _ in d["links"] if k is not None]
    by_path[d["path"]] = keys
    if len(keys) != len(set(keys)) or any(len(k) != 1 or k not in "0123456789" for k in keys):
        bad.append("%s: keys %s" % (d["path"], keys))
    if keys:
        for href, k, text in d["links"]:
            if (text == "首页") != (k == "0"):
                bad.append("%s: %s has key %s" % (d["path"], text, k))
    numbered = [int(k) for k in keys if k != "0"]
    if numbered != list(range(1, len(numbered) + 1)):
        bad.append("%s: list keys not 1..n in order: %s" % (d["path"], numbered))
    if not keys:
        keyless.append(d["path"])
home, column = by_path.get("/", []), by_path.get("/news/c/1", [])
if home[:8] != list("12345678") or "0" not in home:
    bad.append("home deck keys: %s" % home)
if column[:3] != list("123") or "0" not in column:
    bad.append("/news/c/1 keys: %s" % column)
if pages < 100 or len(keyless) * 10 > pages:
    bad.append("%d decks, %d without keys" % (pages, len(keyless)))
report = "%d decks, %d with keys, %d without (%s)" % (pages, pages - len(keyless), len(keyless), " ".join(keyless))
open(sys.argv[3], "w").write(report + "\n")
open(sys.argv[2], "w").write("".join(p + "\n" for p in keyless))
print(report)
for b in bad[:20]:
    print("BAD", b)
sys.exit(1 if bad else 0)
PY

# Budget: every deck within 1,400 bytes, or no bigger than the same deck
# for a WML 1.1 phone (the keys never take a deck over: the decks over the
# budget as 1.1 are a known issue of long column lists, not this suite's).
over=0
while IFS="$(printf '\t')" read -r file path bytes dt; do
	[ "$bytes" -le 1400 ] && continue
	b11=$(curl -s -A "$UA_NOKIA7110" -H "Accept: $ACCEPT_WML" "$BASE$path" | wc -c)
	if [ "$bytes" -gt "$b11" ]; then over=$((over + 1)); echo "  $path: $bytes bytes, $b11 as WML 1.1" >&2; fi
done <"$WORK/c13/decks.tsv"
expect_eq "1.3 phone: the keys never take a deck over its budget" "$over" 0
# A deck left without keys is one they would have taken over budget: at
# most ten keys of 14 bytes (' accesskey="N"'), and the 1.3 DOCTYPE is 2
# bytes shorter, so its 1.1 form must be over 1400 - 140 + 2 bytes.
nokey_fit=0
while read -r path; do
	[ -n "$path" ] || continue
	b11=$(curl -s -A "$UA_NOKIA7110" -H "Accept: $ACCEPT_WML" "$BASE$path" | wc -c)
	if [ "$b11" -le 1262 ]; then nokey_fit=$((nokey_fit + 1)); echo "  $path: $b11 bytes as 1.1, keys would fit" >&2; fi
done <"$WORK/c13.over"
expect_eq "1.3 phone: keys are left off only where they would not fit" "$nokey_fit" 0

set -- "$WORK"/c13/*.wml
check "1.3 phone: every deck valid against the WML 1.3 DTD (validate-markup, $# decks)" valid_dtd_many "$@"
if have_shared; then
	"$SHARED/bin/validate-markup" -q "$@" >"$WORK/vm13" 2>&1
	expect_eq "1.3 phone: validate-markup passes them all" $? 0
	expect_contains "validate-markup read them as WML 1.3" "$WORK/vm13" "$# passed, 0 failed"
else
	skip "validate-markup on the 1.3 decks" "$NO_SHARED"
fi
check "1.3 phone: every deck compiles with Kannel's wml_tester without a warning" kannel_ok_many "$@"

# WBXML: the WML 1.3 public id (0x0A), accesskey as its token.
curl -s -o "$WORK/h13.wmlc" -A 'SomePhone/1.0' -H "x-wap-profile: $W13" -H 'Accept: application/vnd.wap.wmlc' "$BASE/"
expect_eq "1.3 phone: WBXML version 1.3, public id 0x0A (WML 1.3), UTF-8" "$(head -c 3 "$WORK/h13.wmlc" | od -An -tx1 | tr -d ' \n')" "030a6a"
if command -v wbxml2xml >/dev/null 2>&1; then
	wbxml2xml -m 0 -o "$WORK/h13.xml" "$WORK/h13.wmlc" >/dev/null 2>&1
	expect_contains "1.3 phone: the binary deck decodes as WML 1.3" "$WORK/h13.xml" "-//WAPFORUM//DTD WML 1.3//EN"
	expect_contains "1.3 phone: with its accesskeys" "$WORK/h13.xml" 'accesskey="1"'
else
	skip "the 1.3 binary deck decodes" "wbxml2xml not installed (libwbxml2-utils)"
fi

# --- the WML 1.2 profile: 1.2 decks within its 1,100-byte decks ---------------
# (its home deck goes without keys: with them it would not fit 1,100 bytes)
code=$(fetch p12 "$BASE/news/c/1" -A 'SomePhone/1.0' -H "x-wap-profile: $W12")
expect_eq "1.2 phone: 200" "$code" 200
expect_contains "1.2 phone: a WML 1.2 deck" "$WORK/p12" '<!DOCTYPE wml PUBLIC "-//WAPFORUM//DTD WML 1.2//EN" "http://www.wapforum.org/DTD/wml12.dtd">'
expect_contains "1.2 phone: keys" "$WORK/p12" 'accesskey="1"'
check "1.2 phone: within WmlDeckSize 1100" test "$(wc -c <"$WORK/p12")" -le 1100
check "1.2 phone: valid against the WML 1.2 DTD" valid_dtd "$WORK/p12"
fetch p12c "$BASE/news/c/1" -A 'SomePhone/1.0' -H "x-wap-profile: $W12" -H 'Accept: application/vnd.wap.wmlc' >/dev/null
expect_eq "1.2 phone: WBXML public id 0x09 (WML 1.2)" "$(head -c 2 "$WORK/p12c" | od -An -tx1 | tr -d ' \n')" "0309"

# --- the WML 1.1 phone ------------------------------------------------------------
crawl c11 "User-Agent: $UA_NOKIA7110" "Accept: $ACCEPT_WML"
expect_eq "1.1 crawl runs" $? 0
n11=$(wc -l <"$WORK/c11/decks.tsv" | tr -d ' ')
check "1.1 phone: the crawl got $n11 decks" test "$n11" -ge 100
expect_eq "1.1 phone: every deck WML 1.1" "$(cut -f4 "$WORK/c11/decks.tsv" | sort -u)" "-//WAPFORUM//DTD WML 1.1//EN"
expect_eq "1.1 phone: not one accesskey" "$(cat "$WORK"/c11/*.wml | grep -c accesskey)" 0
set -- "$WORK"/c11/*.wml
check "1.1 phone: every deck valid against the WML 1.1 DTD" valid_dtd_many "$@"
check "1.1 phone: every deck compiles with Kannel without a warning" kannel_ok_many "$@"
curl -s -o "$WORK/h11.wmlc" -A "$UA_NOKIA7110" -H 'Accept: application/vnd.wap.wmlc' "$BASE/"
expect_eq "1.1 phone: WBXML public id 0x04 (WML 1.1)" "$(head -c 3 "$WORK/h11.wmlc" | od -An -tx1 | tr -d ' \n')" "03046a"
# ?view=wml from another phone is no evidence: WML 1.1.
fetch vw "$BASE/?view=wml" -A "$UA_SE_K750" -H "Accept: $ACCEPT_XHTML" >/dev/null
expect_contains "?view=wml: WML 1.1" "$WORK/vw" "-//WAPFORUM//DTD WML 1.1//EN"
expect_not_contains "?view=wml: no accesskey" "$WORK/vw" "accesskey"

# The cache keeps the versions apart: the same URL, alternately.
fetch a13 "$BASE/news/c/1" -A 'SomePhone/1.0' -H "x-wap-profile: $W13" >/dev/null
fetch a11 "$BASE/news/c/1" -A "$UA_NOKIA7110" >/dev/null
fetch b13 "$BASE/news/c/1" -A 'SomePhone/1.0' -H "x-wap-profile: $W13" >/dev/null
expect_contains "cache: the 1.3 deck" "$WORK/b13" 'accesskey="1"'
expect_not_contains "cache: the 1.1 deck after it" "$WORK/a11" "accesskey"
expect_eq "cache: the 1.3 deck again, the same" "$(cmp -s "$WORK/a13" "$WORK/b13" && echo same)" same

echo "accesskeys: $(head -n 1 "$WORK/c13.report"); WML 1.1 crawl $n11 decks without keys"
stop_server
finish
