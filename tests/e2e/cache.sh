#!/bin/sh
# cache.sh - the rendered-page cache: ETag/Last-Modified and 304s, one
# profile's page never served to another, and changes by other processes
# (an import, a plain SQL update) visible on the very next request.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
start_server "$db" || { fail "server starts"; finish; }

# The identity body (the gzip body has its own tag: proxy_cache.sh).
fetch_html h1 "$BASE/" >/dev/null
fetch_html h2 "$BASE/" >/dev/null
etag=$(header h1 ETag)
lm=$(header h1 Last-Modified)
check "ETag on a cacheable page" test -n "$etag"
check "Last-Modified on a cacheable page" test -n "$lm"
expect_eq "same ETag for the same page" "$(header h2 ETag)" "$etag"
expect_eq "second answer identical" "$(cksum <"$WORK/h2")" "$(cksum <"$WORK/h1")"
expect_contains "short max-age" "$WORK/h1.h" "Cache-Control: public, max-age=60"
expect_eq "If-None-Match answers 304" "$(fetch_html c304 "$BASE/" -H "If-None-Match: $etag")" 304
check "304 has no body" test ! -s "$WORK/c304"
expect_contains "304 repeats the ETag" "$WORK/c304.h" "ETag: $etag"
expect_eq "a list with the tag answers 304" "$(fetch_html c304b "$BASE/" -H "If-None-Match: \"x\", W/$etag")" 304
expect_eq "another tag answers 200" "$(fetch_html c200 "$BASE/" -H 'If-None-Match: "0000000000000000"')" 200
expect_eq "If-Modified-Since answers 304" "$(fetch_html ims "$BASE/" -H "If-Modified-Since: $lm")" 304
expect_eq "an older If-Modified-Since answers 200" "$(fetch_html ims2 "$BASE/" -H 'If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT')" 200
expect_eq "HEAD from the cache" "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -I -A "$UA_IPHONE" "$BASE/")" "200 0"

# A hit sends the header lines the first answer sent, in the same order
# (the entry keeps them ready per representation); a 304 drops only
# Content-Encoding and Content-Length; the request's own lines (the view
# cookie) come before a private Cache-Control.
lines() { grep -v '^Date:' "$WORK/$1.h" | tr -d '\r'; }
names() { lines "$1" | sed -n 's/^\([A-Za-z-]*\):.*/\1/p' | tr '\n' ' '; }
fetch_html gm "$BASE/services" -H 'Accept-Encoding: gzip' >/dev/null
fetch_html gh "$BASE/services" -H 'Accept-Encoding: gzip' >/dev/null
expect_eq "a gzip hit repeats the first answer's header lines" "$(lines gh)" "$(lines gm)"
expect_eq "the gzip answer's header lines, in order" "$(names gh)" \
	"Content-Type Content-Language Vary Last-Modified Cache-Control ETag Content-Encoding Content-Length "
gtag=$(header gh ETag)
check "the gzip answer's own tag" test "${gtag%-gz\"}" != "$gtag"
expect_eq "the gzip tag answers 304" "$(fetch_html g304 "$BASE/services" -H 'Accept-Encoding: gzip' -H "If-None-Match: $gtag")" 304
expect_eq "the gzip 304's header lines" "$(names g304)" "Content-Type Content-Language Vary Last-Modified Cache-Control ETag "
expect_eq "the gzip 304 names the gzip tag" "$(header g304 ETag)" "$gtag"
expect_eq "the gzip tag does not match the identity body" "$(fetch_html g200 "$BASE/services" -H "If-None-Match: $gtag")" 200
expect_eq "the identity answer's header lines" "$(names g200)" "Content-Type Content-Language Vary Last-Modified Cache-Control ETag Content-Length "
fetch_html vm "$BASE/services?view=html" -H 'Accept-Encoding: gzip' >/dev/null
fetch_html vh "$BASE/services?view=html" -H 'Accept-Encoding: gzip' >/dev/null
expect_eq "a hit with the view cookie repeats the first answer's lines" "$(lines vh)" "$(lines vm)"
expect_eq "the view cookie before a private Cache-Control" "$(names vh)" \
	"Content-Type Content-Language Vary Last-Modified Set-Cookie Cache-Control ETag Content-Encoding Content-Length "
expect_eq "the view cookie's answer is private" "$(header vh Cache-Control)" "private, max-age=60"
expect_eq "a 304 with the view cookie" "$(fetch_html v304 "$BASE/services?view=html" -H 'Accept-Encoding: gzip' -H "If-None-Match: $(header vh ETag)")" 304
expect_eq "the 304 keeps the cookie and drops the encoding" "$(names v304)" \
	"Content-Type Content-Language Vary Last-Modified Set-Cookie Cache-Control ETag "

# Profiles never share an entry: WML first, then HTML and XHTML-MP.
fetch_wml p1 "$BASE/news" >/dev/null
fetch_html p2 "$BASE/news" >/dev/null
fetch_xhtml p3 "$BASE/news" >/dev/null
fetch_wml p4 "$BASE/news" >/dev/null
expect_eq "WML phone gets WML" "$(header p1 Content-Type)" "text/vnd.wap.wml; charset=utf-8"
expect_eq "then a smartphone gets HTML" "$(header p2 Content-Type)" "text/html; charset=utf-8"
expect_eq "then a WAP 2.0 phone gets XHTML-MP" "$(header p3 Content-Type)" "application/vnd.wap.xhtml+xml; charset=utf-8"
expect_eq "the WML entry is unchanged" "$(cksum <"$WORK/p4")" "$(cksum <"$WORK/p1")"
# The gateway's SDU size on a deck long enough to be cut: the longest
# article's first deck is over 1,000 bytes at the default budget.
long=$(nonempty "the longest article" "$(sqlite3 "$db" "SELECT id FROM articles WHERE deleted = 0 ORDER BY length(body) DESC LIMIT 1")")
fetch_wml big "$BASE/news/$long" >/dev/null
check "the long article's deck is over 1,000 bytes by default" test "$(wc -c <"$WORK/big")" -gt 1000
expect_eq "with a 1,000-byte SDU: 200" "$(fetch_wml sdu "$BASE/news/$long" -H 'X-WAP-Client-SDU-Size: 1000')" 200
check "a smaller gateway budget is not served the bigger deck" test -s "$WORK/sdu" -a "$(wc -c <"$WORK/sdu")" -le 1000

# Another process changes the store: the next request shows it.
sqlite3 "$db" "UPDATE articles SET title = '缓存失效测试标题' WHERE id = (SELECT id FROM articles WHERE deleted = 0 ORDER BY published_at DESC, id DESC LIMIT 1)"
fetch_html after "$BASE/" >/dev/null
expect_contains "an SQL update by another process shows at once" "$WORK/after" "缓存失效测试标题"
col=$(sqlite3 "$db" "SELECT id FROM columns WHERE level = 2 LIMIT 1")
"$QIAO_BIN" import news "$QIAO_TOP/tests/fixtures/news/rss-basic.xml" --column "$col" --db "$db" >/dev/null
fetch_wml after2 "$BASE/news/c/$col" >/dev/null
expect_contains "an import by the CLI shows at once" "$WORK/after2" "Roads &amp; bridges"
fetch_html h3 "$BASE/" >/dev/null
check "and the ETag moved" test -n "$(header h3 ETag)" -a "$(header h3 ETag)" != "$etag"

# Pages that depend on the request are never stored.
expect_eq "health check answers" "$(fetch hz "$BASE/healthz")" 200
expect_eq "health check is not cached: no-store" "$(header hz Cache-Control)" no-store
expect_eq "health check is not cached: no ETag" "$(header hz ETag)" ""
expect_eq "health check is not cached: no Last-Modified" "$(header hz Last-Modified)" ""
stop_server
finish
