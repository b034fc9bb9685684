#!/bin/sh
# preview.sh - the staff phone preview (/preview on --staff-listen): never
# on the public port; three panes with markup, sizes and checks; 400 for a
# bad path; then headless Chromium: a screenshot, the rendered DOM, and
# the WML viewer driven through a fixture deck.
. "$(dirname "$0")/lib.sh"
. "$QIAO_TOP/tests/fixtures/staff/staff_lib.sh"

db=$(demo_db portal.db)
staff_user "$db" viewer editor 'viewer-pass-01'
start_server "$db" --staff-listen 127.0.0.1:0 || { fail "server starts"; finish; }
# Both listeners log "... on http://127.0.0.1:PORT/": tell them apart.
i=0
while [ $i -lt 100 ] && ! grep -q 'staff preview on http' "$WORK/server.err"; do sleep 0.05; i=$((i + 1)); done
PORT=$(sed -nE 's|.*serving .* on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$WORK/server.err" | tail -n 1)
SPORT=$(sed -nE 's|.*staff preview on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$WORK/server.err" | tail -n 1)
BASE="http://127.0.0.1:$PORT"
STAFF="http://127.0.0.1:$SPORT"
[ -n "$SPORT" ] && [ "$SPORT" != "$PORT" ] && ok || { fail "staff listener logged its port: $(cat "$WORK/server.err")"; finish; }

# Never on the public port, in any dialect.
expect_eq "/preview is 404 on the public port" "$(fetch_html pub "$BASE/preview?path=/")" 404
expect_eq "/preview is 404 on the public port (WML)" "$(fetch_wml pubw "$BASE/preview")" 404
# The staff port serves the console, not the portal: the preview is
# behind the login (tests/e2e/staff.sh tests the console itself).
expect_eq "the portal's pages are not on the staff port" "$(fetch st_news "$STAFF/news")" 404
expect_eq "logged out: the preview leads to the login" "$(fetch st_prev "$STAFF/preview?path=/")" 303
expect_eq "logged in as staff" "$(staff_login viewer viewer-pass-01)" 303
# From here on every request to the staff port carries the session.
fetch() {
	_fn=$1 _fu=$2; shift 2
	curl -s -b "$WORK/jar.viewer" -o "$WORK/$_fn" -D "$WORK/$_fn.h" -w "%{http_code}" "$@" "$_fu"
}

# The preview of the home page.
expect_eq "preview of / is 200" "$(fetch home "$STAFF/preview?path=/")" 200
expect_contains "HTML" "$WORK/home.h" "text/html; charset=utf-8"
expect_eq "never cached" "$(header home Cache-Control)" "no-store"
for id in pane-wml pane-xhtml pane-html wml-screen wml-softkey-left wml-softkey-right xhtml-frame html-frame wml-sizes xhtml-sizes html-sizes wml-src xhtml-src html-src; do
	expect_contains "element $id" "$WORK/home" "id=\"$id\""
done
expect_eq "two sandboxed frames with srcdoc" "$(grep -c '<iframe class="frame".*sandbox="allow-same-origin" srcdoc="' "$WORK/home")" 2
expect_contains "XHTML-MP frame 240 px" "$WORK/home" 'id="xhtml-frame" title="WAP 2.0 手机" width="240"'
expect_contains "HTML frame 360 px" "$WORK/home" 'id="html-frame" title="智能手机" width="360"'
# Markup is shown as text, never as markup.
expect_contains "WML source escaped" "$WORK/home" "&lt;wml&gt;"
expect_not_contains "no raw WML in the page" "$WORK/home" "<wml>"
expect_not_contains "no raw XHTML-MP doctype in the page" "$WORK/home" "<!DOCTYPE html PUBLIC"
expect_contains "the three dialects rendered" "$WORK/home" "text/vnd.wap.wml; charset=utf-8"
expect_contains "XHTML-MP content type" "$WORK/home" "application/vnd.wap.xhtml+xml; charset=utf-8"
expect_contains "well-formed WML and XHTML-MP" "$WORK/home" '<span class="good">✓ 是</span>'
# Each pane explains how detection decides for the phone it emulates.
for id in wml-why xhtml-why html-why; do
	expect_contains "detection explained: $id" "$WORK/home" "id=\"$id\""
done
expect_contains "WAP 1.x phone: Accept is the evidence" "$WORK/home" "lists WML (q=1) and no XHTML type"
expect_contains "WAP 2.0 phone: the rule named" "$WORK/home" "SEMC-Browser -&gt; xhtmlmp"
expect_contains "smartphone: the rule named" "$WORK/home" "iPhone -&gt; html"
expect_not_contains "each emulated phone is detected as its pane" "$WORK/home" "识别为"
expect_eq "lint (qiao check) clean in the three panes" "$(grep -c '<tr><th>lint (qiao check)</th><td><span class="good">' "$WORK/home")" 3
expect_contains "WML budget" "$WORK/home" "预算 1400 B (raw)"
expect_contains "HTML budget counts gzip" "$WORK/home" "预算 14336 B (gzip)"

# The numbers are the page's: the raw and gzip sizes of the deck a phone
# gets with ?view=wml (the preview renders with that override).
fetch_wml deck "$BASE/?view=wml" >/dev/null
raw=$(wc -c <"$WORK/deck" | tr -d ' ')
gz=$(python3 -c 'import sys, zlib; c = zlib.compressobj(9, zlib.DEFLATED, 31); d = open(sys.argv[1], "rb").read(); print(len(c.compress(d) + c.flush()))' "$WORK/deck")
sizes=$(sed -n '/id="wml-sizes"/,/<\/table>/p' "$WORK/home")
printf '%s\n' "$sizes" > "$WORK/wml_sizes"
expect_contains "WML raw size" "$WORK/wml_sizes" "<th>原始 raw</th><td>$raw B</td>"
expect_contains "WML gzip size" "$WORK/wml_sizes" "<th>gzip -9</th><td>$gz B</td>"
expect_contains "WML compiled size" "$WORK/wml_sizes" "<th>编译 WBXML</th><td class=\"\">"
python3 - "$WORK/home" "$WORK/deck" >"$WORK/same" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<pre id="wml-src">(.*?)</pre>', page, re.S)
print("same" if m and html.unescape(m.group(1)) == open(sys.argv[2], encoding="utf-8").read() else "differs")
PY
expect_eq "the WML shown is the deck a phone gets" "$(cat "$WORK/same")" same

# Other pages, errors inside the panes, HEAD and methods.
art=$(sqlite3 "$db" "SELECT id FROM articles WHERE deleted = 0 ORDER BY id LIMIT 1")
expect_eq "preview of an article" "$(fetch art "$STAFF/preview?path=/news/$art")" 200
expect_contains "the article's path in the form" "$WORK/art" "value=\"/news/$art\""
expect_eq "preview of a missing page is 200" "$(fetch miss "$STAFF/preview?path=/news/999999999")" 200
expect_eq "its panes say 404" "$(grep -c 'HTTP <span class="bad">404</span>' "$WORK/miss")" 3
expect_eq "no path: the home page" "$(fetch nopath "$STAFF/preview")" 200
expect_contains "no path: /" "$WORK/nopath" 'data-path="/"'
expect_eq "HEAD" "$(curl -s -b "$WORK/jar.viewer" -o /dev/null -w '%{http_code}' -I "$STAFF/preview?path=/")" 200
expect_eq "POST is 405" "$(fetch post "$STAFF/preview?path=/" -d x=1)" 405
long=$(python3 -c 'print("/" + "a" * 1100)')
for bad in news //evil.example/ "/a%01b" "/a%20b" "/a%5Cb" "$long" "/%FF"; do
	expect_eq "bad path '$(printf '%.20s' "$bad")' is 400" "$(fetch bad "$STAFF/preview?path=$bad")" 400
	expect_contains "400 in HTML" "$WORK/bad.h" "text/html; charset=utf-8"
done

# --- headless Chromium ------------------------------------------------------
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	skip "the preview in headless Chromium (screenshot, DOM, viewer)" "chromium not installed (tools/deps.sh test installs it)"
	finish
fi
chrome() {
	timeout 90 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$WORK/chrome" "$@" 2>>"$WORK/chrome.err"
}
first_section=$(sqlite3 "$db" "SELECT name FROM columns WHERE parent_id IS NULL AND deleted = 0 ORDER BY sort, id LIMIT 1")

# The preview is behind the login: Chromium opens the page as the logged-in
# user got it (tests/e2e/staff_browser.sh drives a real login in Chromium).
cp "$WORK/home" "$WORK/preview.html"
chrome --screenshot="$WORK/preview.png" --window-size=1280,900 "file://$WORK/preview.html" >/dev/null
png=$(wc -c <"$WORK/preview.png" 2>/dev/null | tr -d ' ')
[ "${png:-0}" -gt 10240 ] && ok || fail "screenshot over 10 KB (got ${png:-none}): $(tail -3 "$WORK/chrome.err")"
[ -n "${QIAO_PREVIEW_PNG:-}" ] && cp "$WORK/preview.png" "$QIAO_PREVIEW_PNG"

chrome --virtual-time-budget=3000 --dump-dom "file://$WORK/preview.html" >"$WORK/dom.html"
python3 - "$WORK/dom.html" >"$WORK/dom.txt" <<'PY'
import html.parser, sys
# Print "id: text" for the elements the test looks at.
want = {"wml-title", "wml-body", "wml-softkey-left", "wml-softkey-right"}
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.text = {}; self.tags = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a.get("id", ""), a.get("class", "")))
        if tag in ("br", "input", "img", "meta", "link"): return
        self.stack.append(a.get("id"))
    def handle_endtag(self, tag):
        if tag in ("br", "input", "img", "meta", "link"): return
        if self.stack: self.stack.pop()
    def handle_data(self, d):
        for i in self.stack:
            if i in want: self.text[i] = self.text.get(i, "") + d
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
for k in sorted(want): print("%s: %s" % (k, " ".join(p.text.get(k, "").split())))
print("iframes: %d" % sum(1 for t in p.tags if t[0] == "iframe"))
print("sizes tables: %d" % sum(1 for t in p.tags if t[0] == "table" and t[2] == "sizes"))
print("wml links: %d" % sum(1 for t in p.tags if t[0] == "a"))
PY
expect_contains "WML viewer shows the card title" "$WORK/dom.txt" "wml-title: 湖南省人民政府门户网站"
expect_contains "WML viewer shows the sections" "$WORK/dom.txt" "$first_section"
expect_contains "left soft key" "$WORK/dom.txt" "wml-softkey-left: 选项"
expect_contains "right soft key" "$WORK/dom.txt" "wml-softkey-right: 返回"
expect_contains "two frames" "$WORK/dom.txt" "iframes: 2"
expect_contains "three sizes tables" "$WORK/dom.txt" "sizes tables: 3"
expect_contains "a WML link goes to the preview of its page" "$WORK/dom.html" 'href="/preview?path=%2Fnews%2Fc%2F'

# The viewer on a deck with cards, variables, inputs, a select, <do> soft
# keys, a post and a call link: the preview page with that deck in place
# of the real one, and a script that clicks through it.
python3 - "$WORK/home" "$QIAO_TOP/tests/fixtures/preview/deck.wml" "$QIAO_TOP/tests/fixtures/preview/driver.js" >"$WORK/viewer.html" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
deck = open(sys.argv[2], encoding="utf-8").read()
driver = open(sys.argv[3], encoding="utf-8").read()
page = re.sub(r'(<pre id="wml-src">).*?(</pre>)', lambda m: m.group(1) + html.escape(deck) + m.group(2), page, count=1, flags=re.S)
sys.stdout.write(page.replace("</body>", "<script>" + driver + "</script>\n</body>"))
PY
chrome --virtual-time-budget=3000 --dump-dom "file://$WORK/viewer.html" >"$WORK/viewer.dom"
python3 -c 'import html, re, sys; m = re.search(r"<pre id=\"test-log\">(.*?)</pre>", open(sys.argv[1], encoding="utf-8").read(), re.S); print(html.unescape(m.group(1)) if m else "no log")' "$WORK/viewer.dom" >"$WORK/log"
expect_not_contains "driver ran without errors" "$WORK/log" "error="
expect_contains "first card's title" "$WORK/log" "start.title=办事查询"
expect_contains "\$\$ is a dollar sign" "$WORK/log" "价格 \$5"
expect_contains "unknown elements show their text" "$WORK/log" "未知元素"
expect_contains "a lone accept is the left soft key" "$WORK/log" "start.left=查询"
expect_contains "the template's prev is the right soft key" "$WORK/log" "start.right=后退"
expect_contains "input default value" "$WORK/log" "start.input=社保"
expect_contains "select default value" "$WORK/log" "start.select=cs"
expect_contains "link to a card; variables in the title" "$WORK/log" "result.title=结果: 长沙"
expect_contains "variables in text (\$(q), \$city, \$(q:e))" "$WORK/log" "result.body=你要找：长沙 在 zz (%E9%95%BF%E6%B2%99)"
expect_contains "two actions: an options menu" "$WORK/log" "result.left=选项"
expect_contains "menu opens" "$WORK/log" "menu.hidden=false"
expect_contains "menu lists the card's actions" "$WORK/log" "menu=选项1 新查询2 帮助3 重新载入4 首页"
expect_contains "cancel closes the menu" "$WORK/log" "menu.after_cancel=true"
expect_contains "menu item runs its task" "$WORK/log" "help.title=帮助"
expect_contains "back one card" "$WORK/log" "back1.title=结果: 长沙"
expect_contains "back to the first card" "$WORK/log" "back2.title=办事查询"
expect_contains "variables survive navigation" "$WORK/log" "back2.input=长沙"
expect_contains "a post is described, not sent" "$WORK/log" "post.note=POST /messages（预览中不提交）：q=长沙&city=zz"
expect_contains "wtai call link" "$WORK/log" "call.note=电话链接（WTAI）：12345"
expect_contains "call link styled" "$WORK/log" "call.class=wcall"
expect_contains "external link not followed" "$WORK/log" "external.note=站外链接（预览中不打开）：http://example.org/"

for f in xhtml-frame html-frame; do
	expect_contains "$f: links hooked to the preview" "$WORK/log" "$f.hooked=true"
	expect_contains "$f: has links" "$WORK/log" "$f.links=true"
done

stop_server || fail "server exits cleanly"
expect_not_contains "no sanitizer reports" "$WORK/server.err" "ERROR: AddressSanitizer"
finish
