#!/bin/sh
# charset.sh - phones that cannot read UTF-8 (docs/charsets.md): a GBK-only
# and a GB2312-only phone get simplified pages in their charset, a
# Big5-only phone gets Big5 (a traditional text we put in an article),
# and the declaration, Content-Type, cache and Vary agree; the pages stay
# valid, compile in Kannel's WML compiler and within budget; a GBK phone
# searches 身份证 and posts a letter, a Big5 phone posts one in
# traditional characters, and staff read both as written; bad bytes get a
# 400 deck; the pager fills GBK decks fuller than UTF-8 ones; WBXML
# carries the charset's MIBenum.
. "$(dirname "$0")/lib.sh"

db=$(demo_db charset.db)
sqlite3 "$db" "UPDATE msg_settings SET value = 1000 WHERE key = 'posts_per_hour'"
# A traditional text we control: article 1 rewritten in traditional
# characters (and one character, 한, that neither GBK nor Big5 has).
TRAD_TITLE='臺灣同胞來長沙辦證指南'
TRAD_BODY='臺灣居民來往大陸通行證可在長沙市公安局出入境管理支隊辦理。辦理時須攜帶本人證件與照片，費用按規定繳納。한'
sqlite3 "$db" "UPDATE articles SET title = '$TRAD_TITLE', body = '$TRAD_BODY' WHERE id = 1"
# A rules file whose test phones read only GBK / only Big5 (the charset=
# column), ahead of the real rules; the templates are the tree's own.
mkdir -p "$WORK/root/db"
for d in wml xhtml-mp html; do ln -s "$QIAO_TOP/$d" "$WORK/root/$d"; done
{ printf 'QiaoGbkPhone wml charset=gbk\nQiaoBig5Phone wml charset=big5\n'; cat "$QIAO_TOP/db/devices.rules"; } > "$WORK/root/db/devices.rules"
start_server "$db" --root "$WORK/root" || { fail "server starts"; finish; }

CT='Content-Type: application/x-www-form-urlencoded'
# as CHARSET NAME URL [curl args]: a WML phone whose Accept-Charset is CHARSET.
as() { _c=$1 _n=$2 _u=$3; shift 3; fetch_wml "$_n" "$_u" -H "Accept-Charset: $_c" "$@"; }
has_bytes() { python3 -c 'import sys; sys.exit(0 if sys.argv[2].encode(sys.argv[3]) in open(sys.argv[1], "rb").read() else 1)' "$@"; }
# utf8 NAME CHARSET: the saved body decoded to UTF-8 (into NAME.u8), its
# references resolved.
utf8() {
	python3 - "$WORK/$1" "$2" > "$WORK/$1.u8" <<'PY'
import html, sys
print(html.unescape(open(sys.argv[1], 'rb').read().decode(sys.argv[2])))
PY
}
# pct CHARSET TEXT: percent-encode TEXT in CHARSET, as such a phone does.
pct() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[2].encode(sys.argv[1]), safe=""), end="")' "$1" "$2"; }
valid() { LC_ALL=C valid_dtd "$@"; }   # validate-markup's sed needs a byte locale for GBK/Big5
size_ok() { [ "$(wc -c < "$WORK/$1" | tr -d ' ')" -le "$2" ]; }

# qiao device explain says it.
"$QIAO_BIN" device explain 'Nokia7110/1.0' --rules "$WORK/root/db/devices.rules" --header 'Accept-Charset: gb2312' > "$WORK/explain" 2>&1
expect_contains "device explain: the charsets" "$WORK/explain" "charset: gb2312 (simplified pages), gb2312 (traditional)"
"$QIAO_BIN" device explain 'QiaoBig5Phone/1.0' --rules "$WORK/root/db/devices.rules" > "$WORK/explain2" 2>&1
expect_contains "device explain: the rule's charset" "$WORK/explain2" "charset: big5 (simplified pages), big5 (traditional)"

# --- simplified pages in GBK and GB2312 ----------------------------------------
expect_eq "GBK phone, home: 200" "$(as gbk home_gbk "$BASE/")" 200
expect_eq "GBK phone, home: Content-Type" "$(header home_gbk Content-Type)" "text/vnd.wap.wml; charset=gbk"
check "GBK phone, home: the declaration says gbk" sh -c "head -n 1 '$WORK/home_gbk' | grep -qF '<?xml version=\"1.0\" encoding=\"gbk\"?>'"
check "GBK phone, home: not valid UTF-8 (really converted)" sh -c "! iconv -f utf-8 -t utf-8 '$WORK/home_gbk' >/dev/null 2>&1"
utf8 home_gbk gbk
expect_contains "GBK phone, home: the text reads back" "$WORK/home_gbk.u8" "湖南省人民政府"
check "GBK phone, home: valid WML 1.1 (validate-markup reads the declared encoding)" valid "$WORK/home_gbk"
check "GBK phone, home: Kannel's compiler takes it without warning" kannel_ok "$WORK/home_gbk"
check "GBK phone, home: within 1,400 bytes" size_ok home_gbk 1400
check "Vary names Accept-Charset" sh -c "grep -i '^Vary:' '$WORK/home_gbk.h' | grep -qF 'Accept-Charset'"
expect_contains "GBK phone, home: the search posts GBK and says so" "$WORK/home_gbk" 'accept-charset="gbk"><postfield name="q" value="$(q)"/><postfield name="ie" value="gbk"/>'
# The control: validate-markup must read the declaration, so the same
# bytes declared as UTF-8 are refused.
sed '1s/encoding="gbk"/encoding="utf-8"/' "$WORK/home_gbk" > "$WORK/liar"
check "validate-markup refuses GBK bytes declared as UTF-8" sh -c "! LC_ALL=C '$SHARED/bin/validate-markup' -q '$WORK/liar' >/dev/null 2>&1"

# The cache keeps the two apart: UTF-8 after GBK, GBK again.
expect_eq "UTF-8 phone, home: 200" "$(fetch_wml home_u8 "$BASE/")" 200
expect_eq "UTF-8 phone, home: Content-Type" "$(header home_u8 Content-Type)" "text/vnd.wap.wml; charset=utf-8"
expect_contains "UTF-8 phone, home: UTF-8 declaration" "$WORK/home_u8" 'encoding="utf-8"'
check "UTF-8 phone and GBK phone get different tags" sh -c "[ '$(header home_u8 ETag)' != '$(header home_gbk ETag)' ]"
as gbk home_gbk2 "$BASE/" >/dev/null
check "GBK again: the same bytes (from the cache)" cmp -s "$WORK/home_gbk" "$WORK/home_gbk2"
expect_eq "a gateway's UTF-8 list (Nokia WAP Server) stays UTF-8" "$(as 'ISO-8859-1, UTF-8; Q=0.8, ISO-10646-UCS-2; Q=0.6' h_nws "$BASE/" >/dev/null; header h_nws Content-Type)" "text/vnd.wap.wml; charset=utf-8"
expect_eq "utf-8;q=0 with * gets GBK" "$(as '*, utf-8;q=0' h_star "$BASE/" >/dev/null; header h_star Content-Type)" "text/vnd.wap.wml; charset=gbk"

expect_eq "GB2312 phone, home: charset" "$(as gb2312 home_gb "$BASE/" >/dev/null; header home_gb Content-Type)" "text/vnd.wap.wml; charset=gb2312"
check "GB2312 phone, home: valid" valid "$WORK/home_gb"
expect_eq "device rule charset=gbk (no header): charset" "$(fetch rule_gbk "$BASE/" -A 'QiaoGbkPhone/1.0' -H "Accept: $ACCEPT_WML" >/dev/null; header rule_gbk Content-Type)" "text/vnd.wap.wml; charset=gbk"

# XHTML-MP and HTML in GBK.
expect_eq "GBK XHTML-MP phone, search page: 200" "$(fetch_xhtml x_gbk "$BASE/services/search?q=$(pct utf-8 驾驶证)" -H 'Accept-Charset: gbk')" 200
check "GBK XHTML-MP page: valid XHTML-MP" valid "$WORK/x_gbk"
expect_contains "GBK XHTML-MP page: declaration" "$WORK/x_gbk" '<?xml version="1.0" encoding="gbk"?>'
expect_contains "GBK XHTML-MP form carries ie" "$WORK/x_gbk" '<input type="hidden" name="ie" value="gbk"/>'
expect_eq "GBK HTML phone: 200" "$(fetch_html h_gbk "$BASE/messages/new?unit=1" -H 'Accept-Charset: gbk' -H 'Accept-Encoding: identity')" 200
expect_contains "GBK HTML page: meta charset" "$WORK/h_gbk" '<meta charset="gbk">'
expect_contains "GBK HTML form: accept-charset" "$WORK/h_gbk" 'accept-charset="gbk"'

# --- searching 身份证 from a GBK-only phone ---------------------------------------
expect_eq "GBK search 身份证 (the deck's form): 200" "$(as gbk s_gbk "$BASE/services/search?q=$(pct gbk 身份证)&ie=gbk")" 200
utf8 s_gbk gbk
expect_contains "GBK search: the query echoed" "$WORK/s_gbk.u8" 'value="身份证"'
expect_contains "GBK search: finds 居民身份证" "$WORK/s_gbk.u8" "居民身份证"
check "GBK search: valid" valid "$WORK/s_gbk"
expect_eq "GBK search without ie (the page's charset): 200" "$(as gbk s_gbk2 "$BASE/services/search?q=$(pct gbk 身份证)")" 200
check "GBK search without ie: the same deck" cmp -s "$WORK/s_gbk" "$WORK/s_gbk2"
expect_eq "a UTF-8 link followed by the GBK phone (our own next-page links): 200" "$(as gbk s_gbk3 "$BASE/services/search?q=$(pct utf-8 身份证)")" 200
check "UTF-8 link: the same deck" cmp -s "$WORK/s_gbk" "$WORK/s_gbk3"
check "links stay percent-encoded ASCII" sh -c "! grep -o 'href=\"[^\"]*\"' '$WORK/s_gbk' | LC_ALL=C grep -q '[^ -~]'"
expect_eq "bad GBK bytes: 400" "$(as gbk bad "$BASE/services/search?q=%C9%20&ie=gbk")" 400
expect_eq "bad GBK bytes: a GBK deck" "$(header bad Content-Type)" "text/vnd.wap.wml; charset=gbk"
check "bad GBK bytes: a valid deck" valid "$WORK/bad"
expect_eq "bad bytes in the page's charset, no ie: 400" "$(as gbk bad2 "$BASE/services/search?q=%FF%FF")" 400

# --- letters posted in GBK and in Big5, read by staff ----------------------------
unit=$(sqlite3 "$db" "SELECT id FROM units WHERE region_id = 2 ORDER BY sort, id LIMIT 1")
token_of() { grep -ao 'name="token" value="[A-Z0-9]*"' "$WORK/$1" | sed 's/.*value="//; s/"$//'; }
code_of() { grep -o '查询码[:：]<b>[A-Z0-9]*</b>' "$WORK/$1.u8" | sed 's/.*<b>//; s/<.*//'; }
post_letter() {  # post_letter CHARSET NAME TYPE TITLE BODY
	as "$1" "$2_form" "$BASE/messages/new?unit=$unit" >/dev/null
	as "$1" "$2" "$BASE/messages" -H "$CT" --data-binary "type=$(pct "$1" "$3")&ie=$1&unit=$unit&title=$(pct "$1" "$4")&body=$(pct "$1" "$5")&name=$(pct "$1" 李四)&phone=&anonymous=1&token=$(token_of "$2_form")"
}
expect_eq "GBK letter: 200" "$(post_letter gbk post_gbk 咨询 身份证补办要多久 '我的身份证丢了，补办需要几个工作日？')" 200
utf8 post_gbk gbk
code=$(nonempty "GBK letter: a code" "$(code_of post_gbk)")
check "GBK letter answer: valid" valid "$WORK/post_gbk"
id=$(sqlite3 "$db" "SELECT id FROM messages WHERE code = '$code'")
"$QIAO_BIN" messages show "$id" --db "$db" > "$WORK/show_gbk" 2>&1
expect_contains "staff read the GBK letter's title" "$WORK/show_gbk" "身份证补办要多久"
expect_contains "staff read the GBK letter's body" "$WORK/show_gbk" "我的身份证丢了，补办需要几个工作日？"
expect_eq "stored in UTF-8 as typed" "$(sqlite3 "$db" "SELECT type || '|' || title FROM messages WHERE id = $id")" "咨询|身份证补办要多久"
# The Big5 phone writes in traditional characters, the type too (建議:
# 议 has no Big5 code), posting the form's ie=big5.
expect_eq "Big5 letter: 200" "$(post_letter big5 post_b5 建議 臺灣居民辦理居住證 '請問臺灣居民在長沙辦理居住證需要哪些材料？')" 200
utf8 post_b5 big5
code=$(nonempty "Big5 letter: a code" "$(code_of post_b5)")
id=$(sqlite3 "$db" "SELECT id FROM messages WHERE code = '$code'")
"$QIAO_BIN" messages show "$id" --db "$db" > "$WORK/show_b5" 2>&1
expect_contains "staff read the Big5 letter as written (traditional)" "$WORK/show_b5" "臺灣居民辦理居住證"
expect_contains "staff read the Big5 letter's body" "$WORK/show_b5" "請問臺灣居民在長沙辦理居住證需要哪些材料？"
expect_eq "the Big5 letter's type is the type 建议" "$(sqlite3 "$db" "SELECT type FROM messages WHERE id = $id")" "建议"
expect_eq "a body with bad Big5 bytes: 400, nothing stored" "$(as big5 post_b5bad "$BASE/messages" -H "$CT" --data-binary "type=x&ie=big5&unit=$unit&title=%FF%FF&body=b&token=$(token_of post_b5_form)")" 400
check "the 400 is a Big5 deck" sh -c "grep -q 'charset=big5' '$WORK/post_b5bad.h'"

# --- Big5: the traditional article ------------------------------------------------
expect_eq "Big5 phone, article: 200" "$(as big5 art_b5 "$BASE/news/1")" 200
expect_eq "Big5 phone, article: Content-Type" "$(header art_b5 Content-Type)" "text/vnd.wap.wml; charset=big5"
utf8 art_b5 big5
expect_contains "Big5: the traditional title reads back" "$WORK/art_b5.u8" "$TRAD_TITLE"
expect_contains "Big5: the body reads back (한 by reference)" "$WORK/art_b5.u8" "$TRAD_BODY"
expect_contains "Big5: a character Big5 lacks is a reference" "$WORK/art_b5" "&#xD55C;"
check "Big5: the traditional text is Big5 bytes, not references" sh -c "python3 -c 'import sys; d=open(sys.argv[1],\"rb\").read(); sys.exit(0 if \"臺灣同胞\".encode(\"big5\") in d else 1)' '$WORK/art_b5'"
check "Big5 article: valid" valid "$WORK/art_b5"
check "Big5 article: Kannel's compiler takes it without warning" kannel_ok "$WORK/art_b5"
expect_eq "device rule charset=big5: charset" "$(fetch rule_b5 "$BASE/news/1" -A 'QiaoBig5Phone/1.0' -H "Accept: $ACCEPT_WML" >/dev/null; header rule_b5 Content-Type)" "text/vnd.wap.wml; charset=big5"
# Traditional pages (/zh-hant/, issue 17) for a phone reading GBK and Big5:
# converted to 繁體 first, then to Big5 (converted the other way round, the
# simplified characters Big5 lacks would be references OpenCC never sees).
expect_eq "traditional home, GBK+Big5 phone: 200" "$(as 'gbk, big5' zh_hant "$BASE/zh-hant/")" 200
expect_eq "traditional page, GBK+Big5 phone: Big5" "$(header zh_hant Content-Type)" "text/vnd.wap.wml; charset=big5"
check "traditional page in Big5: valid" valid "$WORK/zh_hant"
check "traditional page in Big5: compiles" kannel_ok "$WORK/zh_hant"
check "traditional page in Big5: 網上辦事 as Big5 bytes" has_bytes "$WORK/zh_hant" "網上辦事" big5
expect_eq "simplified page, same phone: GBK" "$(as 'gbk, big5' zh_hans "$BASE/" >/dev/null; header zh_hans Content-Type)" "text/vnd.wap.wml; charset=gbk"
as big5 zh_hant_s "$BASE/zh-hant/services/search?q=zzzz" >/dev/null
check "traditional search in Big5: 沒有找到 as Big5 bytes" has_bytes "$WORK/zh_hant_s" "沒有找到相關事項" big5
expect_eq "traditional search in Big5: no character references" "$(grep -c '&#x' "$WORK/zh_hant_s")" 0

# --- WBXML ------------------------------------------------------------------------
expect_eq "GBK phone asking for WBXML: 200" "$(fetch wb "$BASE/" -A "$UA_NOKIA7110" -H 'Accept: application/vnd.wap.wmlc, text/vnd.wap.wml;q=0.5' -H 'Accept-Charset: gbk')" 200
expect_eq "WBXML: content type" "$(header wb Content-Type)" "application/vnd.wap.wmlc"
expect_eq "WBXML header: version 1.3, WML 1.1, charset 113 (GBK)" "$(head -c 3 "$WORK/wb" | od -An -tx1 | tr -d ' \n')" 030471
# (libwbxml2's wbxml2xml, as Debian builds it, decodes no GBK or Big5
# deck: the string bytes are checked here, the layout in test_wbxml.)
check "WBXML strings are GBK: the home text" has_bytes "$WORK/wb" 湖南省人民政府 gbk
expect_eq "Big5 phone asking for WBXML: 200" "$(fetch wb5 "$BASE/news/1" -A "$UA_NOKIA7110" -H 'Accept: application/vnd.wap.wmlc' -H 'Accept-Charset: big5')" 200
expect_eq "WBXML header: charset 2026 (Big5) as 8F 6A" "$(head -c 4 "$WORK/wb5" | od -An -tx1 | tr -d ' \n')" 03048f6a
check "WBXML strings are Big5: the traditional title" has_bytes "$WORK/wb5" "$TRAD_TITLE" big5

# --- the pager: GBK decks carry more text -------------------------------------------
long=$(sqlite3 "$db" "SELECT id FROM articles WHERE deleted = 0 AND length(body) >= 5000 ORDER BY id LIMIT 1")
pieces() { grep -ao '[0-9]*/[0-9]* ' "$WORK/$1" | tail -n 1 | sed 's|.*/||; s/ //'; }
as utf-8 l_u8 "$BASE/news/$long" >/dev/null
as gbk l_gbk "$BASE/news/$long" >/dev/null
n_u8=$(pieces l_u8) n_gbk=$(pieces l_gbk)
echo "$SUITE: a $(sqlite3 "$db" "SELECT length(body) FROM articles WHERE id = $long")-character article: $n_u8 decks in UTF-8, $n_gbk in GBK"
check "GBK decks are fewer ($n_gbk < $n_u8)" test "${n_gbk:-99}" -lt "${n_u8:-0}"
k=1 over=
while [ "$k" -le "${n_gbk:-0}" ] && [ "$k" -le 30 ]; do
	as gbk piece "$BASE/news/$long?p=$k" >/dev/null
	size_ok piece 1400 || over="$over $k"
	k=$((k + 1))
done
expect_eq "every GBK deck within 1,400 bytes" "$over" ""
as gbk p2a "$BASE/news/$long?p=2" >/dev/null
as gbk p2b "$BASE/news/$long?p=2&view=wml" >/dev/null
utf8 p2a gbk; utf8 p2b gbk
grep '^<p>[^<]*</p>$' "$WORK/p2a.u8" > "$WORK/p2a.txt"
grep '^<p>[^<]*</p>$' "$WORK/p2b.u8" > "$WORK/p2b.txt"
check "piece 2 has text" test -s "$WORK/p2a.txt"
check "piece 2 is the same text however it is reached" cmp -s "$WORK/p2a.txt" "$WORK/p2b.txt"

stop_server
finish
