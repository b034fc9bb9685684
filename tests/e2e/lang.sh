#!/bin/sh
# lang.sh - the request's language (issue 17, items 1 and 4): 繁體 by
# OpenCC from "/" as each phone, by links only (lang_crawl.py: every page
# kind, Content-Language, no simplified character, links keep /zh-hant/,
# budgets), the pages valid; the prefix, the cookie, Accept-Language, Vary
# and the cache key; a letter written in traditional characters stored as
# written; the API under a language.
. "$(dirname "$0")/lib.sh"

db=$(demo_db lang.db)
sqlite3 "$db" "UPDATE msg_settings SET value = 1000 WHERE key = 'posts_per_hour'"
start_server "$db" --workers 1 || { fail "server starts"; finish; }
CT='Content-Type: application/x-www-form-urlencoded'
pct() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""), end="")' "$1"; }

# --- the crawl, as each phone, from "/" --------------------------------------
for phone in wml xhtml html; do
	if python3 "$QIAO_TOP/tests/e2e/lang_crawl.py" "$BASE" "$phone" "$WORK/crawl" >"$WORK/crawl-$phone.out" 2>&1; then
		ok
	else
		fail "繁體 crawl as $phone: $(cat "$WORK/crawl-$phone.out")"
	fi
	sed 's/^/  /' "$WORK/crawl-$phone.out" | head -n 12
done
check "繁體 WML decks valid (DTD)" valid_dtd_many "$WORK"/crawl/wml-*.wml
check "繁體 XHTML-MP pages valid (DTD)" valid_dtd_many "$WORK"/crawl/xhtml-*.xhtml
check "繁體 WML decks compile in Kannel" kannel_ok_many $(ls "$WORK"/crawl/wml-*.wml | head -n 12)
check "繁體 HTML pages tidy" tidy_ok_many $(ls "$WORK"/crawl/html-*.html | head -n 12)

# The language deck in every dialect, and its one parameter.
fetch_wml lw "$BASE/zh-hant/lang?p=%2Fnews" >/dev/null
fetch_xhtml lx "$BASE/zh-hant/lang?p=%2Fnews" >/dev/null
fetch_html lh "$BASE/zh-hant/lang?p=%2Fnews" --compressed >/dev/null
check "the language deck valid (WML)" valid_dtd "$WORK/lw"
check "the language page valid (XHTML-MP)" valid_dtd "$WORK/lx"
check "the language page tidy (HTML)" tidy_ok "$WORK/lh"
expect_contains "the deck leads back to the page in 繁體" "$WORK/lw" 'href="/zh-hant/news"'
expect_contains "and in 简体 outright" "$WORK/lw" 'href="/zh-hans/news"'
expect_contains "and in English" "$WORK/lw" 'href="/en/news"'
expect_contains "简体 named as written on a 繁體 page" "$WORK/lx" '&#31616;&#20307;'
expect_eq "another site as the way back: 400" "$(fetch_wml lbad "$BASE/lang?p=//example.org/")" 400
expect_eq "a relative way back: 400" "$(fetch_wml lbad "$BASE/lang?p=news")" 400

# Error pages too, in each dialect.
expect_eq "繁體 404 (WML)" "$(fetch_wml er1 "$BASE/zh-hant/no/such/page")" 404
expect_eq "繁體 400 (XHTML-MP)" "$(fetch_xhtml er2 "$BASE/zh-hant/news/abc")" 400
expect_eq "繁體 404 (HTML)" "$(fetch_html er3 "$BASE/zh-hant/news/999999999")" 404
expect_eq "the error page's Content-Language" "$(header er1 Content-Language)" "zh-Hant"
expect_contains "the error page in 繁體" "$WORK/er1" "頁面不存在"
check "繁體 error pages valid (DTD)" valid_dtd_many "$WORK/er1" "$WORK/er2"
check "繁體 error page tidy" tidy_ok "$WORK/er3"

# --- the prefix, the cookie, Accept-Language ------------------------------
fetch_html p1 "$BASE/zh-hant/news" >/dev/null
expect_eq "prefix: Content-Language" "$(header p1 Content-Language)" "zh-Hant"
expect_contains "prefix: <html lang>" "$WORK/p1" '<html lang="zh-Hant">'
expect_eq "prefix (HTML): remembered in the cookie" "$(header p1 Set-Cookie)" "lang=zh-hant; Path=/; Max-Age=31536000; SameSite=Lax"
expect_not_contains "prefix: Vary without Accept-Language" "$WORK/p1.h" "Accept-Language"
fetch_html p1b "$BASE/zh-hant/news" -b "lang=zh-hant" >/dev/null
expect_not_contains "the cookie already says so: not set again" "$WORK/p1b.h" "Set-Cookie"
fetch_wml p2 "$BASE/zh-hant/news" >/dev/null
expect_not_contains "prefix (WML): no cookie" "$WORK/p2.h" "Set-Cookie"
expect_eq "WML: Content-Language" "$(header p2 Content-Language)" "zh-Hant"
expect_contains "WML: the links are the memory" "$WORK/p2" 'href="/zh-hant/news/c/'
fetch_wml p3 "$BASE/news" -b "lang=zh-hant" >/dev/null
expect_eq "WML reads no cookie" "$(header p3 Content-Language)" "zh-Hans"
fetch_html c1 "$BASE/news" -b "lang=zh-hant" >/dev/null
expect_eq "cookie, no prefix: 繁體" "$(header c1 Content-Language)" "zh-Hant"
expect_contains "cookie: links take the prefix" "$WORK/c1" 'href="/zh-hant/news/c/'
expect_contains "cookie: Vary names Cookie" "$WORK/c1.h" "Cookie"
fetch_html a1 "$BASE/news" -H "Accept-Language: zh-HK,zh;q=0.8,en;q=0.5" >/dev/null
expect_eq "Accept-Language zh-HK on a first visit: 繁體" "$(header a1 Content-Language)" "zh-Hant"
expect_eq "Accept-Language: Vary says so (and Cookie, Accept-Charset)" "$(header a1 Vary | tr -d ' ' | tr ',' '\n' | grep -cx 'Cookie\|Accept-Charset\|Accept-Language')" "3"
expect_not_contains "Accept-Language: nothing remembered" "$WORK/a1.h" "Set-Cookie"
fetch_html a2 "$BASE/news" -H "Accept-Language: en;q=0.4, zh-CN;q=0.9" >/dev/null
expect_eq "Accept-Language q-values: zh-CN wins" "$(header a2 Content-Language)" "zh-Hans"
fetch_html a3 "$BASE/news" -H "Accept-Language: zh-TW" -b "lang=zh-hans" >/dev/null
expect_eq "the cookie wins over Accept-Language" "$(header a3 Content-Language)" "zh-Hans"
fetch_html a4 "$BASE/zh-hans/news" -b "lang=zh-hant" -H "Accept-Language: zh-TW" >/dev/null
expect_eq "the prefix wins over both" "$(header a4 Content-Language)" "zh-Hans"
expect_eq "choosing 简体 outright resets the cookie" "$(header a4 Set-Cookie)" "lang=zh-hans; Path=/; Max-Age=31536000; SameSite=Lax"
expect_contains "and its links keep the choice" "$WORK/a4" 'href="/zh-hans/news/c/'
fetch_html a5 "$BASE/news" -H "Accept-Language: de-DE, *;q=0.1" >/dev/null
expect_eq "an unknown language: 简体" "$(header a5 Content-Language)" "zh-Hans"
expect_contains "简体 has no prefix" "$WORK/a5" 'href="/news/c/'

# A foreign language has no content yet: the 简体 page, saying so.
fetch_html e1 "$BASE/en/news" >/dev/null
expect_eq "/en/: 200" "$(sed -n 's/^HTTP[^ ]* \([0-9]*\).*/\1/p' "$WORK/e1.h" | head -n 1)" 200
if grep -q '<html lang="en">' "$WORK/e1"; then
	expect_eq "/en/ with content: Content-Language en" "$(header e1 Content-Language)" "en"
else
	expect_eq "/en/ without content: Content-Language zh-Hans" "$(header e1 Content-Language)" "zh-Hans"
	expect_contains "/en/ without content: <html lang=\"zh-Hans\">" "$WORK/e1" '<html lang="zh-Hans">'
fi
expect_contains "/en/ links keep /en/" "$WORK/e1" 'href="/en/news/c/'
expect_eq "/en/ remembered" "$(header e1 Set-Cookie)" "lang=en; Path=/; Max-Age=31536000; SameSite=Lax"
expect_eq "/xx/ is no language: 404" "$(fetch_html x1 "$BASE/xx/news")" 404

# --- the cache: the language is part of the key ---------------------------
fetch_html k1 "$BASE/services" -b "lang=zh-hant" >/dev/null
fetch_html k2 "$BASE/services" >/dev/null
fetch_html k3 "$BASE/services" -b "lang=zh-hant" >/dev/null
expect_eq "a 繁體 page cached under the cookie is not served to 简体" "$(header k2 Content-Language)" "zh-Hans"
check "nor the other way (繁體 body)" grep -q '網上辦事' "$WORK/k3"
check "简体 body" grep -q '网上办事' "$WORK/k2"
expect_eq "a hit repeats the ETag" "$(header k3 ETag)" "$(header k1 ETag)"
check "the two languages have two tags" test "$(header k1 ETag)" != "$(header k2 ETag)"

# --- search takes either script and answers in the reader's ---------------
q=$(pct 駕駛證)
fetch_html s1 "$BASE/zh-hant/services/search?q=$q" --compressed >/dev/null
check "a traditional query finds guides" grep -q '駕駛證' "$WORK/s1"
check "results shown in 繁體 (no 驾驶证 left)" sh -c "! grep -q '驾驶证' '$WORK/s1'"
check "percent-encoded links survive" grep -q 'href="/zh-hant/services/search?q=%E[0-9A-F]' "$WORK/s1"

# --- a letter written in traditional characters is stored as written ------
unit=$(sqlite3 "$db" "SELECT id FROM units WHERE region_id = 2 ORDER BY sort, id LIMIT 1")
fetch_html f1 "$BASE/zh-hant/messages/new?unit=$unit" >/dev/null
tok=$(grep -o 'name="token" value="[A-Z0-9]*"' "$WORK/f1" | sed 's/.*value="//; s/"$//')
expect_contains "the form posts to /zh-hant/messages" "$WORK/f1" 'action="/zh-hant/messages"'
title='路燈壞了請儘快維修'
body='河西大道門口的路燈已經壞了三天，晚上很黑。'
expect_eq "post from the 繁體 form: 200" "$(fetch_html fp "$BASE/zh-hant/messages" -H "$CT" --data-binary "token=$tok&type=$(pct 投诉)&unit=$unit&title=$(pct "$title")&body=$(pct "$body")&name=$(pct 陳大文)&phone=&anonymous=0")" 200
expect_eq "stored as written" "$(sqlite3 "$db" "SELECT title || '|' || body || '|' || sender_name FROM messages WHERE title = '$title'")" "$title|$body|陳大文"
expect_eq "the answer in 繁體" "$(header fp Content-Language)" "zh-Hant"

# --- the API under a language ------------------------------------------
fetch j1 "$BASE/zh-hant/api/v1/news" >/dev/null
expect_eq "API: Content-Language" "$(header j1 Content-Language)" "zh-Hant"
expect_contains "API: its links under the language" "$WORK/j1" '"url":"/zh-hant/api/v1/news/c/'
expect_contains "API: its own address" "$WORK/j1" '"self":"/zh-hant/api/v1/news"'
check "API: text in 繁體" grep -q '政務公開' "$WORK/j1"
fetch j2 "$BASE/api/v1/news" -b "lang=zh-hant" -H "Accept-Language: zh-TW" >/dev/null
expect_eq "API without prefix: 简体 whatever the cookie (Vary names neither)" "$(header j2 Content-Language)" "zh-Hans"
expect_eq "API: Vary" "$(header j2 Vary)" "Accept-Encoding"

fetch fd "$BASE/zh-hant/news/feed.atom" >/dev/null
expect_contains "the 繁體 feed says so" "$WORK/fd" '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-Hant">'
expect_contains "the 繁體 feed's own address" "$WORK/fd" 'rel="self" type="application/atom+xml" href="/zh-hant/news/feed.atom"'
check "the 繁體 feed in 繁體" grep -q '最新要聞' "$WORK/fd"

stop_server
finish
