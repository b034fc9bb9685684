#!/bin/sh
# intl.sh - the English, French, Japanese and Korean versions (issue 17,
# item 2): a crawl from each language's home page as each of the three
# phones (tests/e2e/intl.py: every page kind reached by links and the
# search form, in the language, within budget, Content-Language and lang
# right), every page it fetched valid (DTD for WML and XHTML-MP, tidy for
# HTML), and the Chinese portal and the foreign versions kept apart by URL.
. "$(dirname "$0")/lib.sh"

db=$(demo_db intl.db)
start_server "$db" --workers 1 || { fail "server starts"; finish; }

mkdir -p "$WORK/crawl"
check "crawl from /en/ /fr/ /ja/ /ko/ as the three phones: every page kind, in the language, within budget" \
	python3 "$QIAO_TOP/tests/e2e/intl.py" "$PORT" "$WORK/crawl"
sed -n 's/^/  /p' "$WORK/check.out" | tail -n 13
check "the crawl fetched pages of every phone" sh -c "ls '$WORK/crawl' | grep -q '^wml_ko_' && ls '$WORK/crawl' | grep -q '^xhtml_fr_' && ls '$WORK/crawl' | grep -q '^html_ja_'"
check "every WML deck of the crawl valid (WML 1.1 DTD)" valid_dtd_many "$WORK"/crawl/wml_*.wml
check "every XHTML-MP page of the crawl valid (XHTML-MP DTD)" valid_dtd_many "$WORK"/crawl/xhtml_*.xhtml
check "every HTML page of the crawl tidy" tidy_ok_many "$WORK"/crawl/html_*.html

# No mixing by URL: a foreign article is not a Chinese page, nor the
# other way round; a column of one version is not found in another.
en_art=$(sqlite3 "$db" "SELECT a.id FROM articles a JOIN columns c ON c.id = a.column_id WHERE c.lang = 'en' ORDER BY a.id LIMIT 1")
zh_art=$(sqlite3 "$db" "SELECT a.id FROM articles a JOIN columns c ON c.id = a.column_id WHERE c.lang = 'zh' ORDER BY a.id LIMIT 1")
fr_col=$(sqlite3 "$db" "SELECT id FROM columns WHERE lang = 'fr' AND parent_id IS NULL ORDER BY id LIMIT 1")
expect_eq "the English article $en_art in English: 200" "$(fetch_html en_art "$BASE/en/news/$en_art")" 200
expect_eq "the English article $en_art on the Chinese portal: 404" "$(fetch_html zh_en "$BASE/news/$en_art")" 404
expect_eq "... nor in 繁體: 404" "$(fetch_html zht_en "$BASE/zh-hant/news/$en_art")" 404
expect_eq "... nor in French: 404" "$(fetch_html fr_en "$BASE/fr/news/$en_art")" 404
expect_eq "the Chinese article $zh_art in English: 404" "$(fetch_wml en_zh "$BASE/en/news/$zh_art")" 404
expect_eq "the French section $fr_col in Japanese: 404" "$(fetch_xhtml ja_fr "$BASE/ja/news/c/$fr_col")" 404
expect_eq "... nor as a Chinese section page: 404" "$(fetch_xhtml zh_fr "$BASE/section/$fr_col")" 404
check "the 404 in English is in English" sh -c "grep -q 'This article does not exist' '$WORK/en_zh'"
# The Chinese home, news index and search link to no foreign article or column.
sqlite3 "$db" "SELECT '/news/' || a.id FROM articles a JOIN columns c ON c.id = a.column_id WHERE c.lang <> 'zh'
	UNION ALL SELECT '/news/c/' || id FROM columns WHERE lang <> 'zh'" > "$WORK/foreign_paths"
check "the foreign paths are known" test "$(wc -l < "$WORK/foreign_paths")" -ge 200
for p in / /news /services/search?q=%E9%95%BF%E6%B2%99 /services/search?q=visa /news/feed.atom; do
	n=zh$(echo "$p" | tr '/?=.' '____')
	fetch_html "$n" "$BASE$p" >/dev/null
	check "the Chinese $p links to no foreign article or column" \
		sh -c "! grep -Eo '(href=\"|/)news/(c/)?[0-9]+' '$WORK/$n' | sed -E 's,^(href=\"|/),/,' | grep -Fxqf '$WORK/foreign_paths'"
	case $p in /news|*visa) ;; *) check "the Chinese $p links to Chinese articles" sh -c "grep -Eq 'news/[0-9]+' '$WORK/$n'" ;; esac
done
# A service or message URL in a foreign language: 200 with the
# explanation, never a 404, never the Chinese page claiming to be English.
for p in /services /services/1 /services/region/2 /services/topic/1 /messages /messages/new /messages/lookup /messages/1; do
	n=svc$(echo "$p" | tr '/' '_')
	expect_eq "/ko$p: 200" "$(fetch_wml "$n" "$BASE/ko$p")" 200
	check "/ko$p: says so in Korean and links to the Chinese page" sh -c "grep -q '중국어' '$WORK/$n' && grep -q 'href=\"/zh-hans$p' '$WORK/$n'"
done
expect_eq "Content-Language of /fr/services" "$(fetch_html fr_svc "$BASE/fr/services" >/dev/null; header fr_svc Content-Language)" fr
# A posted letter to a foreign URL is not stored: it is explained.
before=$(sqlite3 "$db" "SELECT count(*) FROM messages")
expect_eq "POST /en/messages: 200 (the explanation)" "$(fetch_html en_post "$BASE/en/messages" --data-binary 'type=x&title=t&body=b')" 200
expect_eq "... and nothing stored" "$(sqlite3 "$db" "SELECT count(*) FROM messages")" "$before"

# A language only negotiated (Accept-Language, no prefix: a link shared
# by someone else) gives way to the Chinese page where the URL names a
# Chinese-only page or a Chinese article; the home page follows it.
fetch_html neg_home "$BASE/" -H 'Accept-Language: en-US,en;q=0.9' >/dev/null
expect_eq "/ with Accept-Language en: English" "$(header neg_home Content-Language)" en
expect_eq "/messages/lookup with Accept-Language en: 200" "$(fetch_html neg_msg "$BASE/messages/lookup" -H 'Accept-Language: en-US,en;q=0.9')" 200
expect_eq "... the Chinese page" "$(header neg_msg Content-Language)" zh-Hans
expect_eq "/news/$zh_art with Accept-Language ko: 200" "$(fetch_html neg_art "$BASE/news/$zh_art" -H 'Accept-Language: ko')" 200
expect_eq "... the Chinese article" "$(header neg_art Content-Language)" zh-Hans
expect_eq "/news/$en_art with Accept-Language en: 200, English" "$(fetch_html neg_en "$BASE/news/$en_art" -H 'Accept-Language: en'; header neg_en Content-Language)" "200en"
expect_eq "/en/messages/lookup, the language named by the URL: the explanation" "$(fetch_html url_msg "$BASE/en/messages/lookup" -H 'Accept-Language: zh-CN'; header url_msg Content-Language)" "200en"

# The foreign search with hostile queries: 200 within budget, the query
# never FTS syntax, a 404 for a page past the last.
for q in '%22a%22+OR+b*' 'NEAR(visa+b)' 'visa+AND+-b+col:c' '%FF%FE' "$(printf 'a%.0s' $(seq 1 300))" '%E9%95%B7%E6%B2%99%E3%81%AE'; do
	expect_eq "WML /ja/ search '$(echo "$q" | cut -c1-20)': 200" "$(fetch_wml fq "$BASE/ja/services/search?q=$q")" 200
	check "... within 1,400 bytes" test "$(wc -c < "$WORK/fq")" -le 1400
done
expect_eq "/en/ search, page 99: 404" "$(fetch_html fp "$BASE/en/services/search?q=visa&page=99")" 404
expect_eq "/en/ search, page x: 400" "$(fetch_html fx "$BASE/en/services/search?q=visa&page=x")" 400
check "... explained in English" sh -c "grep -q 'The page number is malformed' '$WORK/fx'"

stop_server
finish
