#!/bin/sh
# phone_css.sh - every HTML page kind as a 360x640 smartphone sees it in
# headless Chromium: no horizontal scroll, headings in order (h1 larger
# than h2 larger than h3 in computed font size), dates on one line, and a
# search box wide enough for its placeholder.  Headless Chromium will not
# open a window narrower than 500 px, so the page's root is held to 360 px
# and anything wider than that is a horizontal scroll on the phone.
. "$(dirname "$0")/lib.sh"

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	skip "every HTML page kind in headless Chromium at 360 px" "chromium not installed (tools/deps.sh test installs it)"
	finish
fi
db=$(demo_db css.db)
start_server "$db" || { fail "server starts"; finish; }
art=$(sqlite3 "$db" "SELECT id FROM articles WHERE deleted = 0 ORDER BY length(body) DESC LIMIT 1")
msg=$(sqlite3 "$db" "SELECT id FROM messages WHERE state = 'published' ORDER BY id LIMIT 1")
item=$(sqlite3 "$db" "SELECT id FROM items ORDER BY id LIMIT 1")
unit=$(sqlite3 "$db" "SELECT unit_id FROM items WHERE id = $item")

# The measuring script, added at the end of each page's body.
cat >"$WORK/probe.js" <<'JS'
(function () {
	var out = [];
	var de = document.documentElement;
	var right = 0;
	Array.prototype.forEach.call(document.body.querySelectorAll('*'), function (e) { right = Math.max(right, e.getBoundingClientRect().right); });
	out.push("scroll=" + (right > 360.5 ? "yes " + right : "no"));
	var size = function (tag) {
		var e = document.querySelector('main ' + tag + ', body > ' + tag);
		return e ? parseFloat(getComputedStyle(e).fontSize) : 0;
	};
	out.push('h1=' + size('h1') + ' h2=' + size('h2') + ' h3=' + size('h3'));
	var wrapped = Array.prototype.filter.call(document.querySelectorAll('time'), function (t) { return t.getClientRects().length > 1 || t.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(t).fontSize) * 1.2; });
	out.push('wrapped_dates=' + wrapped.length);
	var q = document.querySelector('input[name=q]');
	out.push('search=' + (q ? Math.round(q.getBoundingClientRect().width) : 'none'));
	if (q && q.placeholder) {
		/* The placeholder's width in the box's own font, against the room
		 * inside the box. */
		var cs = getComputedStyle(q);
		var ctx = document.createElement('canvas').getContext('2d');
		ctx.font = cs.fontSize + ' ' + cs.fontFamily;
		/* 16 px to spare: a browser that shows a scroll bar takes that much. */
		var room = q.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
		out.push('placeholder=' + (ctx.measureText(q.placeholder).width <= room ? 'fits' : 'cut') + ' ' + Math.round(ctx.measureText(q.placeholder).width) + '/' + Math.round(room));
	}
	var pre = document.createElement('pre');
	pre.id = 'probe';
	pre.textContent = out.join('\n');
	document.body.appendChild(pre);
})();
JS
n=0
for path in / /section/4 /services /services/region/2 "/services/unit/$unit" /services/topic/6 \
	"/services/search?q=%E9%A9%BE%E9%A9%B6%E8%AF%81" "/services/$item" /news /news/c/2 "/news/$art" \
	/messages /messages/new "/messages/new?region=2" /messages/lookup "/messages/$msg" /news/999999999 \
	/zh-hant/ /en/ /fr/ /ja/ /ko/; do
	n=$((n + 1))
	fetch_html "p$n" "$BASE$path" --compressed >/dev/null
	{ sed 's|</body>||; s|</html>||' "$WORK/p$n"; printf '<style>html{width:360px}</style>\n<script>\n'; cat "$WORK/probe.js"; printf '</script>\n</body>\n</html>\n'; } >"$WORK/p$n.html"
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$WORK/chrome" --window-size=360,640 --dump-dom "file://$WORK/p$n.html" \
		>"$WORK/p$n.dom" 2>>"$WORK/chrome.err"
	sed -n '/<pre id="probe">/,/<\/pre>/p' "$WORK/p$n.dom" | sed 's/<[^>]*>//g' >"$WORK/p$n.m"
	if ! grep -q '^scroll=' "$WORK/p$n.m"; then
		fail "$path: Chromium measured nothing: $(tail -3 "$WORK/chrome.err")"
		continue
	fi
	echo "  $path: $(tr '\n' ' ' <"$WORK/p$n.m")"
	expect_contains "$path: no horizontal scroll at 360 px" "$WORK/p$n.m" "scroll=no"
	expect_contains "$path: no date wraps" "$WORK/p$n.m" "wrapped_dates=0"
	python3 - "$WORK/p$n.m" >"$WORK/p$n.order" <<'PY'
import re, sys
m = dict(re.findall(r"(h\d)=([\d.]+)", open(sys.argv[1]).read()))
sizes = [float(m[h]) for h in ("h1", "h2", "h3") if float(m.get(h, 0)) > 0]
print("ordered" if all(a > b for a, b in zip(sizes, sizes[1:])) else "not ordered: %s" % m)
PY
	expect_eq "$path: h1 > h2 > h3" "$(cat "$WORK/p$n.order")" ordered
	if grep -q '^placeholder=' "$WORK/p$n.m"; then
		expect_contains "$path: the search box shows its whole placeholder" "$WORK/p$n.m" "placeholder=fits "
	fi
	w=$(sed -nE 's/^search=([0-9]+)$/\1/p' "$WORK/p$n.m")
	if [ -n "$w" ]; then
		[ "$w" -ge 200 ] && ok || fail "$path: search box only $w px wide"
	fi
done
[ -n "${QIAO_SCREENSHOT_DIR:-}" ] && timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync --user-data-dir="$WORK/chrome" \
	--window-size=360,640 --hide-scrollbars --screenshot="$QIAO_SCREENSHOT_DIR/home-html.png" "$BASE/?view=html" 2>>"$WORK/chrome.err" >/dev/null
finish
