#!/bin/sh
# api.sh - the API and the feeds end to end, on the demo store: every
# endpoint's answers validated against docs/openapi.json (itself checked
# as OpenAPI 3.1), posting a letter with an Idempotency-Key (a retry
# stores one letter), the hourly limit (429 + Retry-After), errors as
# problem+json naming the field, CORS, ETag/304 and gzip, and the Atom
# feeds valid against the RELAX NG schema of RFC 4287.
. "$(dirname "$0")/lib.sh"

API=$QIAO_TOP/tests/api
DOC=$QIAO_TOP/docs/openapi.json

# The npm tools, installed here by package name (package-lock.json pins
# them) when missing.
tools_ok=0
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	skip "OpenAPI and schema checks" "node and npm are not installed (tools/deps.sh test)"
elif [ -d "$API/node_modules/@apidevtools/swagger-parser" ] && [ -d "$API/node_modules/ajv-formats" ] ||
	(cd "$API" && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1); then
	tools_ok=1
else
	fail "npm installs the schema tools: $(tail -n 5 "$WORK/npm.log")"
fi

if [ $tools_ok = 1 ]; then
	check "docs/openapi.json is valid OpenAPI 3.1 (swagger-parser)" node "$API/schema.mjs" lint "$DOC"
	# The checker fails what it should: a response of the wrong shape.
	printf '{"self":"/api/v1/news","web_url":"/news","columns":[{"name":1}]}' > "$WORK/wrong.json"
	printf '%s\t/news\tget\t200\tapplication/json\n' "$WORK/wrong.json" > "$WORK/wrong.list"
	if node "$API/schema.mjs" check "$DOC" "$WORK/wrong.list" >/dev/null 2>&1; then
		fail "the schema check refuses a response of the wrong shape"
	else ok; fi
fi

db=$(demo_db api.db)
sqlite3 "$db" "UPDATE msg_settings SET value = 2 WHERE key = 'posts_per_hour'"
start_server "$db" || { fail "server starts"; finish; }
A=$BASE/api/v1

# --- every GET endpoint, recorded for the schema check ---------------------
: > "$WORK/manifest"
col=$(sqlite3 "$db" "SELECT column_id FROM articles GROUP BY column_id ORDER BY count(*) DESC LIMIT 1")
art=$(sqlite3 "$db" "SELECT id FROM articles ORDER BY published_at DESC LIMIT 1")
msg=$(sqlite3 "$db" "SELECT id FROM messages WHERE state = 'published' ORDER BY id LIMIT 1")
unit=$(sqlite3 "$db" "SELECT id FROM units WHERE id IN (SELECT unit_id FROM items) ORDER BY id LIMIT 1")
topic=$(sqlite3 "$db" "SELECT id FROM topics ORDER BY id LIMIT 1")
item=$(sqlite3 "$db" "SELECT id FROM items ORDER BY id LIMIT 1")
n=0
# get TEMPLATE URL-PATH EXPECTED-STATUS: fetch, check the status, list it.
get() {
	n=$((n + 1))
	st=$(fetch g$n "$A$2" -H 'Accept-Encoding: identity')
	expect_eq "GET /api/v1$2 is $3" "$st" "$3"
	printf '%s\t%s\tget\t%s\t%s\n' "$WORK/g$n" "$1" "$st" "$(header g$n Content-Type)" >> "$WORK/manifest"
}
get / "" 200
get /news /news 200
get "/news/c/{id}" "/news/c/$col" 200
# one page per article at the least, so count + 1 is always past the end
past=$(( $(sqlite3 "$db" "SELECT count(*) FROM articles WHERE column_id = $col") + 1 ))
get "/news/c/{id}" "/news/c/$col?page=$past" 404
get "/news/{id}" "/news/$art" 200
get /messages /messages 200
get /messages "/messages?page=2" 200
get /messages "/messages?type=%E5%92%A8%E8%AF%A2" 200
get "/messages/{id}" "/messages/$msg" 200
get /messages/lookup "/messages/lookup?code=ZZZZ0000" 200
get /services /services 200
get "/section/{id}" /section/4 200
get "/section/{id}" /section/1 200
get "/services/region/{id}" /services/region/1 200
get "/services/region/{id}" /services/region/2 200
get "/services/unit/{id}" "/services/unit/$unit" 200
get "/services/topic/{id}" "/services/topic/$topic" 200
get "/services/topic/{id}" "/services/topic/$topic?region=2" 200
get /services/search "/services/search?q=%E5%8A%9E%E7%90%86" 200
get /services/search "/services/search?q=zzzqqq" 200
get "/services/{id}" "/services/$item" 200
get /openapi.json /openapi.json 200
get "/news/{id}" /news/99999999 404
get "/news/{id}" /news/abc 400
get "/news/c/{id}" /news/c/99999999 404
get "/news/c/{id}" "/news/c/$col?page=x" 400
get "/messages/{id}" /messages/99999999 404

# What the checks below read.
expect_contains "home lists headlines with ISO 8601 +08:00 dates" "$WORK/g1" '+08:00"'
expect_contains "home links a column by API path and page URL" "$WORK/g1" '"url":"/api/v1/news/c/'
expect_contains "the letters' pagination links the next page" "$WORK/g6" '"next":"/api/v1/messages?page=2"'
expect_contains "page 2 links back to page 1" "$WORK/g7" '"prev":"/api/v1/messages"'
expect_contains "page 2 links page 3" "$WORK/g7" '"next":"/api/v1/messages?page=3"'
expect_contains "a filter keeps its query in the links" "$WORK/g8" '"next":"/api/v1/messages?type=%E5%92%A8%E8%AF%A2&page=2"'
expect_contains "a page past the end is a problem" "$WORK/g4" '"detail":"没有这一页。"'
expect_contains "a column lists its articles" "$WORK/g3" '"articles":[{"title":' 
title=$(sqlite3 "$db" "SELECT title FROM articles WHERE id = $art")
expect_contains "the article's title from the store" "$WORK/g5" "\"title\":\"$title\""
expect_contains "the article names its own id" "$WORK/g5" "\"self\":\"/api/v1/news/$art\""
expect_contains "the OpenAPI document is served" "$WORK/g22" '"openapi": "3.1.0"'
expect_eq "a 404 is problem+json" "$(header g23 Content-Type)" "application/problem+json"
expect_contains "a 404 problem has its status" "$WORK/g23" '"status":404'
expect_eq "an unknown API path is 404" "$(fetch nope "$A/nope")" 404
expect_eq "an unknown API path answers problem+json" "$(header nope Content-Type)" "application/problem+json"
expect_eq "POST to a read-only endpoint is 405" "$(fetch m405 "$A/news" -X POST -d x)" 405
expect_eq "the 405 is problem+json" "$(header m405 Content-Type)" "application/problem+json"
expect_eq "the 405 says what is allowed" "$(header m405 Allow)" "GET, HEAD"

# --- the same content as the page (one content model) -----------------------
fetch_html page "$BASE/news/$art" >/dev/null
para=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["paragraphs"][0]["text"][:20])' "$WORK/g5")
expect_contains "the API's first paragraph is on the HTML page" "$WORK/page" "$para"
nh=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["headlines"]))' "$WORK/g1")
rich=$(sed -nE 's/.*\.headlines = ([0-9]+),.*/\1/p' "$QIAO_TOP/src/render/dialect.c" | sort -n | tail -n 1)
expect_eq "the API's home has the richest dialect's $rich headlines" "$nh" "$rich"
fetch_wml wmlhome "$A/" >/dev/null
expect_eq "a WML phone gets the same JSON (no device in the API)" "$(cmp -s "$WORK/wmlhome" "$WORK/g1" && echo same)" same

# --- caching: ETag, 304, gzip, Vary, CORS ----------------------------------
fetch c1 "$A/news/$art" >/dev/null
etag=$(nonempty "API answers carry an ETag" "$(header c1 ETag)")
expect_eq "If-None-Match gives 304" "$(fetch c2 "$A/news/$art" -H "If-None-Match: $etag")" 304
expect_eq "the 304 names the same ETag" "$(header c2 ETag)" "$etag"
expect_eq "the same request twice: the same ETag (from the cache)" "$(fetch c3 "$A/news/$art" >/dev/null; header c3 ETag)" "$etag"
expect_eq "gzip when asked" "$(fetch c4 "$A/news/$art" -H 'Accept-Encoding: gzip' >/dev/null; header c4 Content-Encoding)" gzip
gzetag=$(header c4 ETag)
[ "$gzetag" != "$etag" ] && ok || fail "the gzip body has its own ETag ($gzetag)"
expect_eq "the gzip body unpacks to the identity body" "$(gzip -dc "$WORK/c4" | cmp -s - "$WORK/c1" && echo same)" same
expect_eq "the API varies by encoding only" "$(header c1 Vary)" "Accept-Encoding"
expect_eq "CORS: any origin reads" "$(header c1 Access-Control-Allow-Origin)" "*"
expect_eq "no credentials allowed" "$(header c1 Access-Control-Allow-Credentials)" ""
expect_eq "CORS on a cached answer too" "$(header c3 Access-Control-Allow-Origin)" "*"
expect_eq "CORS on an error" "$(header nope Access-Control-Allow-Origin)" "*"
expect_eq "preflight is 204" "$(fetch pre "$A/news" -X OPTIONS -H 'Origin: https://app.example' \
	-H 'Access-Control-Request-Method: GET')" 204
expect_eq "preflight allows GET and HEAD only" "$(header pre Access-Control-Allow-Methods)" "GET, HEAD"
expect_eq "preflight allows any origin" "$(header pre Access-Control-Allow-Origin)" "*"
expect_eq "a page is not CORS-enabled" "$(fetch_html pg2 "$BASE/news" >/dev/null; header pg2 Access-Control-Allow-Origin)" ""

# --- posting a letter ---------------------------------------------------------
J='Content-Type: application/json'
lunit=$(sqlite3 "$db" "SELECT id FROM units ORDER BY id LIMIT 1")
letter="{\"type\":\"咨询\",\"unit\":$lunit,\"title\":\"接口测试留言\",\"body\":\"通过接口提交的留言内容。\",\"name\":\"测试\"}"
post() {  # post NAME KEY BODY [curl args]
	_pn=$1 _pk=$2 _pb=$3; shift 3
	n=$((n + 1))
	printf '%s' "$_pb" > "$WORK/body$n"
	fetch "$_pn" "$A/messages" -X POST -H "$J" -H "Idempotency-Key: $_pk" --data-binary "@$WORK/body$n" "$@"
}
listpost() {  # listpost NAME STATUS
	printf '%s\t/messages\tpost\t%s\t%s\n' "$WORK/$1" "$2" "$(header "$1" Content-Type)" >> "$WORK/manifest"
}
expect_eq "POST a letter: 201" "$(post p1 key-one "$letter")" 201
listpost p1 201
code=$(nonempty "the answer has a code" "$(sed -nE 's/.*"code":"([A-Z0-9]+)".*/\1/p' "$WORK/p1")")
expect_eq "Location is the lookup" "$(header p1 Location)" "/api/v1/messages/lookup?code=$code"
expect_eq "the retry with the same key: 200" "$(post p2 key-one "$letter")" 200
listpost p2 200
expect_contains "the retry answers the same code" "$WORK/p2" "\"code\":\"$code\""
expect_contains "the retry says nothing new was stored" "$WORK/p2" '"stored":false'
expect_eq "one letter stored for two requests" "$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE title = '接口测试留言'")" 1
# Two retries at once still store one letter.
post p3a key-two "$letter" >"$WORK/p3a.st" & bg=$!
post p3b key-two "$letter" >"$WORK/p3b.st"; wait $bg
# On a loaded machine the request that waits for the other's write may be
# told to come back (503 with Retry-After): a client does, with the same
# key, and must then get the same code.
for r in p3a p3b; do
	if [ "$(cat "$WORK/$r.st")" = 503 ]; then
		expect_eq "$r: a 503 says when to retry" "$(header $r Retry-After | grep -c '^[0-9]')" 1
		sleep 1
		post $r key-two "$letter" >"$WORK/$r.st"
	fi
done
c3a=$(sed -nE 's/.*"code":"([A-Z0-9]+)".*/\1/p' "$WORK/p3a"); c3b=$(sed -nE 's/.*"code":"([A-Z0-9]+)".*/\1/p' "$WORK/p3b")
expect_eq "two simultaneous requests with one key: one stored (201), one retry (200)" "$({ cat "$WORK/p3a.st"; echo; cat "$WORK/p3b.st"; echo; } | sort | tr '\n' ' ')" "200 201 "
check "two simultaneous requests with one key: both have a code" test -n "$c3a" -a -n "$c3b"
expect_eq "two simultaneous requests with one key: one code" "$c3a" "$c3b"
expect_eq "two keys, two letters" "$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE title = '接口测试留言'")" 2
# The lookup by the code, through the API.
get /messages/lookup "/messages/lookup?code=$code" 200
expect_contains "the lookup finds the posted letter" "$WORK/g$n" '"found":true'
expect_contains "the lookup shows its title" "$WORK/g$n" '"title":"接口测试留言"'
# The hourly limit (2 here): a third letter is refused.
expect_eq "over the hourly limit: 429" "$(post p4 key-three "$letter")" 429
listpost p4 429
expect_eq "the 429 says when to retry" "$(header p4 Retry-After)" 3600
expect_eq "the 429 is problem+json" "$(header p4 Content-Type)" "application/problem+json"
expect_eq "nothing stored over the limit" "$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE title = '接口测试留言'")" 2
sqlite3 "$db" "DELETE FROM post_log"
# Field rules, as the form's.
expect_eq "an empty title and a bad type: 422" "$(post e1 key-e1 "{\"type\":\"闲聊\",\"unit\":$lunit,\"title\":\"\",\"body\":\"内容\"}")" 422
listpost e1 422
expect_contains "the problem names the first field" "$WORK/e1" '"field":"type"'
expect_contains "the problem lists the title too" "$WORK/e1" '{"field":"title"'
expect_eq "a title over 40 characters: 422" "$(post e2 key-e2 "{\"type\":\"咨询\",\"unit\":$lunit,\"title\":\"$(printf '长%.0s' $(seq 41))\",\"body\":\"内容\"}")" 422
expect_contains "the problem names the title" "$WORK/e2" '"field":"title"'
expect_eq "an unknown unit: 422" "$(post e3 key-e3 '{"type":"咨询","unit":99999999,"title":"标题","body":"内容"}')" 422
expect_contains "the problem names the unit" "$WORK/e3" '"field":"unit"'
expect_eq "a unit of the wrong type: 422" "$(post e4 key-e4 '{"type":"咨询","unit":[1],"title":"标题","body":"内容"}')" 422
listpost e4 422
expect_contains "the problem names the member" "$WORK/e4" '"field":"unit"'
expect_eq "control characters in the body: 422" "$(post e5 key-e5 "{\"type\":\"咨询\",\"unit\":$lunit,\"title\":\"标题\",\"body\":\"a\\u0007b\"}")" 422
expect_contains "the problem names the body" "$WORK/e5" '"field":"body"'
expect_eq "malformed JSON: 400" "$(post e6 key-e6 '{"type":')" 400
listpost e6 400
expect_contains "the problem says JSON" "$WORK/e6" 'JSON'
expect_eq "a JSON array: 400" "$(post e7 key-e7 '[1]')" 400
expect_eq "duplicate members: 400" "$(post e8 key-e8 '{"title":"a","title":"b"}')" 400
expect_eq "no Idempotency-Key: 400" "$(fetch e9 "$A/messages" -X POST -H "$J" --data-binary "$letter")" 400
listpost e9 400
expect_contains "the problem names the header" "$WORK/e9" '"field":"Idempotency-Key"'
expect_eq "a key with spaces: 400" "$(post e10 'a b' "$letter")" 400
expect_eq "a form body: 415" "$(fetch e11 "$A/messages" -X POST -H 'Idempotency-Key: k' -d 'title=x')" 415
listpost e11 415
expect_eq "the problem is problem+json" "$(header e11 Content-Type)" "application/problem+json"
expect_eq "no field error stored a letter" "$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE title IN ('标题', '')")" 0
keys=$(sqlite3 "$db" "SELECT count(*) FROM api_idempotency")
[ "$keys" -ge 2 ] && [ "$keys" -le 12 ] && ok || fail "keys are kept in the store (got $keys)"

# --- every answer against its schema --------------------------------------
if [ $tools_ok = 1 ]; then
	node "$API/schema.mjs" check "$DOC" "$WORK/manifest" > "$WORK/schema.out" 2>&1
	while IFS= read -r line; do
		case $line in
		PASS*) ok ;;
		*) fail "schema: $line" ;;
		esac
	done < "$WORK/schema.out"
	expect_eq "every response listed was checked" "$(grep -c '^PASS' "$WORK/schema.out")" "$(wc -l < "$WORK/manifest" | tr -d ' ')"
fi

# --- the feeds ---------------------------------------------------------------------
for f in /news/feed.atom "/news/c/$col/feed.atom" /messages/feed.atom; do
	n=$((n + 1))
	expect_eq "GET $f is 200" "$(fetch_xhtml feed$n "$BASE$f")" 200
	expect_eq "$f is Atom" "$(header feed$n Content-Type)" "application/atom+xml; charset=utf-8"
	check "$f valid against RFC 4287's RELAX NG schema" xmllint --noout --relaxng "$API/atom.rng" "$WORK/feed$n"
	entries=$(grep -o '<entry>' "$WORK/feed$n" | wc -l)
	[ "$entries" -ge 1 ] && ok || fail "$f has entries"
	etag=$(header feed$n ETag)
	expect_eq "$f: If-None-Match gives 304" "$(fetch feed${n}b "$BASE$f" -H "If-None-Match: $etag")" 304
done
expect_contains "the column feed links its page" "$WORK/feed$((n - 1))" "href=\"/news/c/$col\""
atitle=$(sqlite3 "$db" "SELECT title FROM articles WHERE column_id = $col ORDER BY published_at DESC, id DESC LIMIT 1")
expect_contains "the column feed's first entry is its newest article" "$WORK/feed$((n - 1))" "<entry><title>$atitle</title>"
# The letters feed holds answered letters only.
unanswered=$(sqlite3 "$db" "SELECT count(*) FROM messages m WHERE state = 'published' AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.message_id = m.id)")
python3 - "$WORK/feed$n" "$db" > "$WORK/feedcheck" <<'PY'
import re, sqlite3, sys
feed = open(sys.argv[1], encoding='utf-8').read()
db = sqlite3.connect(sys.argv[2])
ids = [int(x) for x in re.findall(r'<id>tag:[^<]*:/messages/(\d+)</id>', feed)]
bad = [i for i in ids if not db.execute("SELECT 1 FROM replies WHERE message_id = ?", (i,)).fetchone()]
print("ok" if ids and not bad else f"entries {ids} unanswered {bad}")
PY
expect_eq "every letter in the feed has a reply ($unanswered published are unanswered)" "$(cat "$WORK/feedcheck")" ok
expect_eq "a feed of an unknown column is 404" "$(fetch_html nofeed "$BASE/news/c/99999999/feed.atom")" 404
# The pages link their feeds.
fetch_html h1 "$BASE/" >/dev/null
expect_contains "the home page links the news feed" "$WORK/h1" '<link rel="alternate" type="application/atom+xml" title="最新要闻" href="/news/feed.atom">'
fetch_xhtml x1 "$BASE/news/c/$col" >/dev/null
expect_contains "an XHTML-MP column links its feed" "$WORK/x1" "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"$(sqlite3 "$db" "SELECT name FROM columns WHERE id = $col")\" href=\"/news/c/$col/feed.atom\"/>"
check "the XHTML-MP page with the link is valid (DTD)" valid_dtd "$WORK/x1"
fetch_html h2 "$BASE/messages" >/dev/null
expect_contains "the letters page links its feed" "$WORK/h2" 'href="/messages/feed.atom"'

finish
