#!/bin/sh
# check.sh - `qiao check` crawls the demo portal as three phones with zero
# failures, writes a JSON report, and catches templates broken on purpose.
. "$(dirname "$0")/lib.sh"

if [ -f "$SHARED/dtd/catalog.xml" ]; then
	set -- --catalog "$SHARED/dtd/catalog.xml"
else
	# qiao check runs without DTD validation: the checks that need it are
	# skipped (a failure when strict), each by name.
	nocat="no DTDs: $SHARED/dtd/catalog.xml not found"
	skip "the crawl validates every WML and XHTML-MP page against its DTD" "$nocat"
	skip "report says it validated" "$nocat"
	skip "DTD-invalid WML deck fails the check (and names page, rule, reason)" "$nocat"
	set --
fi

# Usage errors.
"$QIAO_BIN" check --format xml >/dev/null 2>"$WORK/usage.err"
expect_eq "bad --format is a usage error" $? 2
expect_contains "says why" "$WORK/usage.err" "--format"
"$QIAO_BIN" check --max-pages 0 >/dev/null 2>&1
expect_eq "--max-pages 0 is a usage error" $? 2
"$QIAO_BIN" check --base https://127.0.0.1/ >/dev/null 2>&1
expect_eq "https base is a usage error" $? 2
"$QIAO_BIN" check extra >/dev/null 2>&1
expect_eq "extra argument is a usage error" $? 2
expect_eq "--help" "$("$QIAO_BIN" check --help >/dev/null 2>&1; echo $?)" 0

db=$(demo_db portal.db)
start_server "$db" || { fail "server starts"; finish; }

# The intact portal: no failing page.  Page kinds (issue 12): with 150
# pages per profile the check judges whether every public page kind is
# reached from /.  Until the home page leads to the services and the
# messages (the portal front door, issue 12 items 1-5), they cannot be
# reached and the check must fail naming them; once it does (its section
# pages, /section/N), every kind must be reached and the check passes.
"$QIAO_BIN" check --base "$BASE" "$@" --max-pages 150 >"$WORK/report.txt" 2>"$WORK/report.err"
rc=$?
expect_contains "summary line: no failing page" "$WORK/report.txt" " 0 failed, "
expect_not_contains "no failing page" "$WORK/report.txt" "FAIL "
check "nothing on stderr when not a terminal" test ! -s "$WORK/report.err"
for p in wml xhtmlmp html; do
	check "$p crawled more than the home page" \
		sh -c "grep -E '^$p +[0-9]+' '$WORK/report.txt' | awk '{ exit !(\$2 > 10 && \$3 == 0) }'"
done
[ $# -eq 0 ] || expect_contains "report says it validated" "$WORK/report.txt" "DTD validation $SHARED/dtd/catalog.xml"
for k in home news-index column article; do
	check "page kind $k reached in every dialect" \
		sh -c "grep -E '^$k +[1-9][0-9]* +[1-9][0-9]* +[1-9][0-9]* ' '$WORK/report.txt'"
done
fetch_html home "$BASE/" >/dev/null
if grep -q 'href="/section/' "$WORK/home"; then
	expect_eq "the front door reaches every page kind: the check passes" "$rc" 0
	expect_contains "no kind unreached" "$WORK/report.txt" ", 0 page kinds unreached"
	expect_not_contains "no UNREACHED line" "$WORK/report.txt" "UNREACHED"
else
	expect_eq "kinds the home page does not lead to fail the check" "$rc" 1
	expect_contains "names the services entry" "$WORK/report.txt" "UNREACHED services (/services) as wml,xhtmlmp,html: no page links to it"
	expect_contains "names the messages" "$WORK/report.txt" "UNREACHED messages (/messages) as wml,xhtmlmp,html"
	expect_contains "names the guides" "$WORK/report.txt" "UNREACHED guide (/services/)"
	expect_contains "counts the kinds" "$WORK/report.txt" "page kinds unreached"
	# ... and they are real pages, only not linked
	expect_eq "the unreached services entry exists" "$(fetch_html sv "$BASE/services")" 200
	expect_eq "the unreached messages list exists" "$(fetch_html ms "$BASE/messages")" 200
fi
# The page limit is shared among the kinds: neither the columns nor the
# articles take the whole crawl.
check "the crawl is spread over the kinds" \
	sh -c "awk '\$1 == \"column\" || \$1 == \"article\" { if (\$2 < 5 || \$2 > 120) bad = 1 } END { exit bad }' '$WORK/report.txt'"

# JSON report.
"$QIAO_BIN" check --base "$BASE" "$@" --max-pages 40 --format json >"$WORK/report.json" 2>/dev/null
expect_eq "json run passes" $? 0
check "json parses" python3 -m json.tool "$WORK/report.json"
python3 - "$WORK/report.json" "$#" >"$WORK/json.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
validated = sys.argv[2] != "0"
fields = {"profile", "path", "from", "status", "content_type", "charset", "sent", "bytes", "gzip",
          "wbxml", "budget", "wellformed", "valid", "result", "findings"}
pages = d["pages"]
assert len(pages) == 120, len(pages)
for p in pages:
    missing = fields - set(p)
    assert not missing, (p["path"], missing)
    assert p["result"] == "ok", p
    assert p["status"] == 200, p
    assert p["charset"] == "utf-8", p
    if p["page_kind"] == "resource":   # e.g. an Atom feed a page links
        continue
    if p["profile"] == "wml":
        assert p["content_type"].startswith("text/vnd.wap.wml"), p
        assert 0 < p["wbxml"] <= p["bytes"] <= 1400, p
        assert p["wellformed"] is True
        assert p["valid"] is (True if validated else None), p
    elif p["profile"] == "xhtmlmp":
        assert p["bytes"] <= 10240 and p["wbxml"] is None, p
        assert p["valid"] is (True if validated else None), p
    else:
        assert p["gzip"] == p["sent"] < p["bytes"], p   # sent compressed
        assert p["gzip"] <= 14336 and p["wellformed"] is None, p
s = d["summary"]
assert s["failures"] == 0 and s["pages"] == 120, s
# 40 pages per profile are too few to judge page kinds; each page has its kind
assert s["kinds_judged"] is False and s["unreached_kinds"] == 0, s
kinds = {"home", "lang", "section", "news-index", "column", "article", "messages", "message-new", "lookup", "message",
         "services", "search", "region", "unit", "topic", "guide", "resource"}
assert all(p["page_kind"] in kinds for p in pages), [(p["path"], p["page_kind"]) for p in pages if p["page_kind"] not in kinds]
assert [p["page_kind"] for p in pages if p["path"] == "/"] == ["home"] * 3, pages[0]
assert s["profiles"]["wml"]["page_kinds"]["home"] >= 1, s
assert s["profiles"]["wml"]["max_wbxml"] > 0, s
assert s["profiles"]["html"]["max_wbxml"] is None, s
print("json ok")
PY
expect_contains "json has the per-page fields and sane values" "$WORK/json.out" "json ok"
stop_server

# A private template tree to break.
mkroot() {
	rm -rf "$WORK/root"
	mkdir -p "$WORK/root"
	cp -r "$QIAO_TOP/wml" "$QIAO_TOP/xhtml-mp" "$QIAO_TOP/html" "$QIAO_TOP/db" "$WORK/root/"
}

# WML: a <div> (well-formed, so the server starts, but not WML 1.1).
if [ $# -gt 0 ]; then
	mkroot
	printf '<div>%s</div>\n' '{{title}}' >> "$WORK/root/wml/home.wml"
	start_server "$db" --root "$WORK/root" || { fail "server starts with the broken WML tree"; finish; }
	"$QIAO_BIN" check --base "$BASE" "$@" --max-pages 30 >"$WORK/bad1.txt" 2>&1
	expect_eq "DTD-invalid WML deck fails the check" $? 1
	expect_contains "names the page" "$WORK/bad1.txt" "FAIL wml / "
	expect_contains "names the rule" "$WORK/bad1.txt" "VALID_MARKUP:"
	expect_contains "says what is wrong" "$WORK/bad1.txt" "div"
	expect_not_contains "other profiles unaffected" "$WORK/bad1.txt" "FAIL html"
	stop_server
fi

# HTML: an image without alt (and a source that does not exist).
mkroot
printf '<img src="/no-such-logo.png">\n' >> "$WORK/root/html/home.html"
start_server "$db" --root "$WORK/root" || { fail "server starts with the broken HTML tree"; finish; }
"$QIAO_BIN" check --base "$BASE" "$@" --max-pages 20 --format json >"$WORK/bad2.json" 2>/dev/null
expect_eq "img without alt fails the check" $? 1
check "broken json parses" python3 -m json.tool "$WORK/bad2.json"
"$QIAO_BIN" check --base "$BASE" "$@" --max-pages 20 >"$WORK/bad2.txt" 2>&1
expect_contains "names the home page and rule" "$WORK/bad2.txt" "FAIL html / "
expect_contains "alt rule" "$WORK/bad2.txt" "NON_TEXT_ALTERNATIVES:"
expect_contains "size rule" "$WORK/bad2.txt" "IMAGES_SPECIFY_SIZE:"
expect_contains "broken image link names its page" "$WORK/bad2.txt" "BROKEN_LINK: /no-such-logo.png answers 404 (linked from /)"
stop_server

# WML over budget: a deck far beyond 1,400 bytes.
mkroot
{ cat "$QIAO_TOP/wml/news_column.wml"; i=0; while [ $i -lt 60 ]; do printf '<p>湖南省人民政府门户网站</p>\n'; i=$((i + 1)); done; } >"$WORK/root/wml/news_column.wml"
start_server "$db" --root "$WORK/root" || { fail "server starts with the big WML tree"; finish; }
"$QIAO_BIN" check --base "$BASE" "$@" --max-pages 10 >"$WORK/bad3.txt" 2>&1
expect_eq "a deck over budget fails the check" $? 1
expect_contains "budget rule names the page" "$WORK/bad3.txt" "FAIL wml /news/c/1 "
expect_contains "budget rule" "$WORK/bad3.txt" "PAGE_SIZE_LIMIT:"
stop_server

# No server: a runtime failure, one line.
"$QIAO_BIN" check --base "$BASE" >"$WORK/down.out" 2>"$WORK/down.err"
expect_eq "unreachable server exits 1" $? 1
check "one error line" test "$(wc -l <"$WORK/down.err")" -eq 1
expect_contains "says it cannot connect" "$WORK/down.err" "cannot connect"

finish
