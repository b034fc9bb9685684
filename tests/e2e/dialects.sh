#!/bin/sh
# dialects.sh - one pipeline, three dialects: detection end to end, the home
# and error pages valid in each (DTD, Kannel's compiler, tidy), byte
# budgets, gzip, Vary, and switching dialect by link or cookie.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
start_server "$db" || { fail "server starts"; finish; }

# The README's example: a Nokia 7110 gets a valid WML deck.
code=$(fetch n7110 "$BASE/" -A 'Nokia7110/1.0 (05.01)' -H 'Accept: text/vnd.wap.wml')
expect_eq "Nokia 7110 home: 200" "$code" 200
expect_eq "Nokia 7110 gets WML" "$(header n7110 Content-Type)" "text/vnd.wap.wml; charset=utf-8"
check "deck starts with the XML declaration" sh -c "head -c 38 '$WORK/n7110' | grep -q '^<?xml version=\"1.0\" encoding=\"utf-8\"?>'"
expect_contains "WML 1.1 DOCTYPE" "$WORK/n7110" '<!DOCTYPE wml PUBLIC "-//WAPFORUM//DTD WML 1.1//EN" "http://www.wapforum.org/DTD/wml_1.1.xml">'
check "home deck valid (DTD)" valid_dtd "$WORK/n7110"
check "home deck compiles in Kannel without warnings" kannel_ok "$WORK/n7110"
check "home deck within 1,400 bytes" test "$(wc -c <"$WORK/n7110")" -le 1400
expect_contains "deck has Chinese section names" "$WORK/n7110" "湖南旅游"
expect_contains "Vary names the inputs" "$WORK/n7110.h" "Vary: User-Agent, Accept, Accept-Encoding"

# Kannel's own request shape: wildcard first, then WML.
expect_eq "Kannel-style Accept gets WML" "$(fetch kan "$BASE/" -A 'Nokia6230/2.0 (04.44) Profile/MIDP-2.0 Configuration/CLDC-1.1' -H 'Accept: */*, text/vnd.wap.wml, text/vnd.wap.wmlscript'; header kan Content-Type)" "200text/vnd.wap.wml; charset=utf-8"
# The SDU size on a deck long enough to be cut (the longest article's first
# deck is over 1,000 bytes at the default 1,400-byte budget).
long=$(nonempty "the longest article" "$(sqlite3 "$db" "SELECT id FROM articles WHERE deleted = 0 ORDER BY length(body) DESC LIMIT 1")")
fetch_wml sdu0 "$BASE/news/$long" >/dev/null
check "the long deck is over 1,000 bytes by default" test "$(wc -c <"$WORK/sdu0")" -gt 1000
expect_eq "gateway SDU size caps the budget" "$(fetch sdu "$BASE/news/$long" -A "$UA_NOKIA7110" -H "Accept: $ACCEPT_WML" -H 'X-WAP-Client-SDU-Size: 1000')" 200
check "deck within the gateway's SDU size" test -s "$WORK/sdu" -a "$(wc -c <"$WORK/sdu")" -le 1000
check "the cut deck is valid (DTD)" valid_dtd "$WORK/sdu"

# WAP 2.0: XHTML-MP.
expect_eq "K750 home: 200" "$(fetch_xhtml k750 "$BASE/")" 200
expect_eq "K750 gets XHTML-MP" "$(header k750 Content-Type)" "application/vnd.wap.xhtml+xml; charset=utf-8"
expect_contains "XHTML-MP 1.0 DOCTYPE" "$WORK/k750" '<!DOCTYPE html PUBLIC "-//WAPFORUM//DTD XHTML Mobile 1.0//EN" "http://www.wapforum.org/DTD/xhtml-mobile10.dtd">'
check "XHTML-MP home valid (DTD)" valid_dtd "$WORK/k750"
check "XHTML-MP home within 10 KB" test "$(wc -c <"$WORK/k750")" -le 10240
# An unknown phone: HTML5 without a profile, XHTML-MP with one (sent as
# text/html, since its Accept does not name the XHTML-MP type).
fetch noprof "$BASE/" -A 'SomePhone/1.0' >/dev/null
expect_contains "an unknown phone without a profile gets HTML5" "$WORK/noprof" '<!DOCTYPE html>'
expect_eq "x-wap-profile alone: 200 text/html" "$(fetch prof "$BASE/" -A 'SomePhone/1.0' -H 'x-wap-profile: "http://example.invalid/uaprof.xml"'; header prof Content-Type | cut -d';' -f1)" "200text/html"
expect_contains "x-wap-profile alone means WAP 2.0 (XHTML-MP body)" "$WORK/prof" '<!DOCTYPE html PUBLIC "-//WAPFORUM//DTD XHTML Mobile 1.0//EN"'
expect_not_contains "the same phone without a profile gets no XHTML-MP body" "$WORK/noprof" '//DTD XHTML Mobile 1.0//EN'
# With an Accept that names the generic XHTML type (as many WAP 2.0
# browsers send), the profile header changes the content type too.
ACC_GEN='application/xhtml+xml,text/html;q=0.9,*/*;q=0.8'
expect_eq "x-wap-profile, generic XHTML Accept: XHTML-MP as application/xhtml+xml" "$(fetch profx "$BASE/" -A 'SomePhone/1.0' -H "Accept: $ACC_GEN" -H 'x-wap-profile: "http://example.invalid/uaprof.xml"'; header profx Content-Type | cut -d';' -f1)" "200application/xhtml+xml"
expect_eq "no profile, same Accept: text/html" "$(fetch noprofx "$BASE/" -A 'SomePhone/1.0' -H "Accept: $ACC_GEN"; header noprofx Content-Type | cut -d';' -f1)" "200text/html"
expect_eq "XHTML-MP without its type in Accept is sent as text/html" "$(fetch xv "$BASE/?view=xhtml" -A 'Mozilla/5.0'; header xv Content-Type)" "200text/html; charset=utf-8"

# Smartphone: HTML5, gzip.
expect_eq "iPhone home: 200" "$(fetch_html ip "$BASE/" -H 'Accept-Encoding: gzip')" 200
expect_eq "iPhone gets HTML" "$(header ip Content-Type)" "text/html; charset=utf-8"
expect_eq "compressed" "$(header ip Content-Encoding)" gzip
check "compressed home under 14 KB" test "$(wc -c <"$WORK/ip")" -lt 14336
expect_eq "Content-Length is the compressed size" "$(header ip Content-Length)" "$(wc -c <"$WORK/ip" | tr -d ' ')"
body_text ip > "$WORK/ip.html"
check "HTML is tidy" tidy_ok "$WORK/ip.html"
expect_contains "viewport meta" "$WORK/ip.html" 'name="viewport"'
expect_eq "no gzip when not accepted" "$(fetch ipn "$BASE/" -A "$UA_IPHONE"; header ipn Content-Encoding)" "200"

# Error pages in the client's own dialect.
for d in wml xhtml html; do
	for path in /no/such/page /news/abc /news/999999999; do
		n=err_$d_$(echo "$path" | tr '/' '_')
		"fetch_$d" "$n" "$BASE$path" >/dev/null
		case $d in
		wml) check "WML error page for $path valid" valid_dtd "$WORK/$n"
		     check "WML error page for $path compiles" kannel_ok "$WORK/$n"
		     expect_contains "WML error is WML" "$WORK/$n.h" "text/vnd.wap.wml" ;;
		xhtml) check "XHTML-MP error page for $path valid" valid_dtd "$WORK/$n"
		       expect_contains "XHTML error is XHTML-MP" "$WORK/$n.h" "application/vnd.wap.xhtml+xml" ;;
		html) check "HTML error page for $path tidy" tidy_ok "$WORK/$n" ;;
		esac
	done
	"fetch_$d" "m405_$d" "$BASE/" -X POST -d x=1 >/dev/null
	case $d in
	wml) check "WML 405 page valid" valid_dtd "$WORK/m405_$d"; check "WML 405 compiles" kannel_ok "$WORK/m405_$d" ;;
	xhtml) check "XHTML-MP 405 page valid" valid_dtd "$WORK/m405_$d" ;;
	html) check "HTML 405 page tidy" tidy_ok "$WORK/m405_$d" ;;
	esac
	expect_contains "405 page explains ($d)" "$WORK/m405_$d" "不支持的请求方法"
done

# Switching dialect: one link on every page; html/xhtml remembered in a
# cookie, WML carried in links.
for sw in 'view=html' 'view=xhtml'; do
	expect_contains "WML page links $sw" "$WORK/n7110" "$sw"
done
expect_eq "?view=html on a WML phone" "$(fetch sw1 "$BASE/?view=html" -A "$UA_NOKIA7110" -H "Accept: $ACCEPT_WML"; header sw1 Content-Type)" "200text/html; charset=utf-8"
expect_contains "html choice stored in a cookie" "$WORK/sw1.h" "Set-Cookie: qiao_view=html"
expect_eq "cookie keeps the choice" "$(fetch sw2 "$BASE/news" -A "$UA_NOKIA7110" -H "Accept: $ACCEPT_WML" -H 'Cookie: qiao_view=html'; header sw2 Content-Type)" "200text/html; charset=utf-8"
expect_eq "?view=wml on a smartphone" "$(fetch sw3 "$BASE/?view=wml" -A "$UA_IPHONE"; header sw3 Content-Type)" "200text/vnd.wap.wml; charset=utf-8"
expect_contains "WML override carried in links" "$WORK/sw3" 'href="/news/c/1?view=wml"'
check "forced WML deck valid" valid_dtd "$WORK/sw3"
expect_eq "a WML cookie is ignored (gateways drop cookies)" "$(fetch sw4 "$BASE/" -A "$UA_IPHONE" -H 'Cookie: qiao_view=wml'; header sw4 Content-Type)" "200text/html; charset=utf-8"
expect_eq "bad view value ignored" "$(fetch sw5 "$BASE/?view=bogus" -A "$UA_IPHONE"; header sw5 Content-Type)" "200text/html; charset=utf-8"
expect_eq "no User-Agent means html" "$(curl -s -o /dev/null -w '%{content_type}' -H 'User-Agent:' "$BASE/")" "text/html; charset=utf-8"

# Hostile content from the store never breaks a page in any dialect.  (The
# newest article, published now: one dated in the future is a scheduled
# article, not shown until its time.)
sqlite3 "$db" "INSERT INTO articles (column_id, title, source, published_at, body) VALUES (2, '<script>alert(1)</script> \$(x) &#0; ]]> \"''', 'src \$HOME', CAST(strftime('%s', 'now') AS INTEGER), 'a<b>\$(q)&amp;')"
for d in wml xhtml html; do
	"fetch_$d" "hostile_$d" "$BASE/" >/dev/null
	body_text "hostile_$d" > "$WORK/hostile_$d.txt"
	expect_not_contains "no live script ($d)" "$WORK/hostile_$d.txt" "<script>"
	expect_contains "markup escaped ($d)" "$WORK/hostile_$d.txt" "&lt;script&gt;alert(1)&lt;/script&gt;"
	expect_contains "entity text escaped ($d)" "$WORK/hostile_$d.txt" "&amp;#0;"
done
expect_contains "WML dollar doubled" "$WORK/hostile_wml.txt" '$$(x)'
check "hostile WML deck valid" valid_dtd "$WORK/hostile_wml.txt"
check "hostile WML deck compiles" kannel_ok "$WORK/hostile_wml.txt"
check "hostile XHTML-MP page valid" valid_dtd "$WORK/hostile_xhtml.txt"
check "hostile HTML page tidy" tidy_ok "$WORK/hostile_html.txt"

# The demo portal says on every page, in every dialect, that its content
# is demonstration data (meta.demo, set by init --demo); a database made
# without --demo does not.
fetch_wml dm1 "$BASE/news" >/dev/null
fetch_xhtml dm2 "$BASE/news" >/dev/null
fetch_html dm3 "$BASE/news" >/dev/null
expect_contains "WML: demo data note (in the deck's last line: the budget is tight)" "$WORK/dm1" "简版</a> 演示数据</p>"
expect_contains "XHTML-MP: demo data line" "$WORK/dm2" "本站内容为演示数据"
expect_contains "HTML: demo data line" "$WORK/dm3" "本站内容为演示数据"
fetch_wml dm4 "$BASE/no-such-page" >/dev/null
expect_contains "an error deck says it too" "$WORK/dm4" " 演示数据</p>"
stop_server
"$QIAO_BIN" init --db "$WORK/plain.db" >/dev/null 2>&1
start_server "$WORK/plain.db" || { fail "server starts on a plain database"; finish; }
fetch_html pl "$BASE/" >/dev/null
expect_not_contains "no demo line without --demo" "$WORK/pl" "演示数据"
stop_server
finish
