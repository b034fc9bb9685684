#!/bin/sh
# messages.sh - 互动交流 end to end: the form in each dialect (the WML
# deck's postfields exactly as a WAP phone sends them), validation keeping
# input, one-time tokens, the hourly limit with trusted and untrusted
# gateway headers, the staff commands changing the public pages at once,
# and every page valid.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
sqlite3 "$db" "UPDATE msg_settings SET value = 1000 WHERE key = 'posts_per_hour'"
start_server "$db" || { fail "server starts"; finish; }

CT='Content-Type: application/x-www-form-urlencoded'
unit=$(sqlite3 "$db" "SELECT id FROM units WHERE region_id = 2 ORDER BY sort, id LIMIT 1")
unit_name=$(sqlite3 "$db" "SELECT name FROM units WHERE id = $unit")
token_of() { grep -o 'name="token" value="[A-Z0-9]*"' "$WORK/$1" | sed 's/.*value="//; s/"$//'; }
code_of() { grep -o '查询码[:：]<b>[A-Z0-9]*</b>' "$WORK/$1" | sed 's/.*<b>//; s/<.*//'; }
# pct TEXT: percent-encode UTF-8 as a phone does.
pct() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""), end="")' "$1"; }

# --- the form pages, all valid ---------------------------------------------
n=0
# A region with regions below it first offers them; its own departments
# are one link away (&own=1).
for u in /messages/new "/messages/new?region=1&own=1" "/messages/new?region=1&own=1&page=2" "/messages/new?region=2&sub=1" "/messages/new?unit=$unit" /messages/lookup /messages "/messages/new?region=2"; do
	n=$((n + 1))
	expect_eq "WML $u is 200" "$(fetch_wml fw$n "$BASE$u")" 200
done
set -- "$WORK"/fw[0-9]
check "every WML form deck valid (DTD)" valid_dtd_many "$@"
check "every WML form deck compiles in Kannel" kannel_ok_many "$@"
over=0; for f in "$@"; do [ "$(wc -c <"$f")" -le 1400 ] || { over=$((over + 1)); echo "  $f: $(wc -c <"$f") bytes"; }; done
expect_eq "every WML form deck within 1,400 bytes" "$over" 0
expect_contains "WML unit choice is a select" "$WORK/fw2" '<select name="unit">'
expect_contains "WML region choice is a select" "$WORK/fw1" '<postfield name="region" value="$(region)"/>'
expect_contains "WML city deck offers its counties" "$WORK/fw8" '<postfield name="region" value="$(county)"/>'
expect_contains "WML city deck links to its own departments" "$WORK/fw8" 'href="/messages/new?region=2&amp;own=1"'
expect_contains "WML form posts with postfields" "$WORK/fw5" '<go href="/messages" method="post"><postfield name="type" value="$(type)"/>'
for d in xhtml html; do
	n=0
	for u in /messages/new "/messages/new?region=2" "/messages/new?unit=$unit" /messages/lookup /messages; do
		n=$((n + 1))
		expect_eq "$d $u is 200" "$("fetch_$d" f${d}$n "$BASE$u")" 200
	done
done
check "XHTML-MP form pages valid (DTD)" valid_dtd_many "$WORK"/fxhtml[0-9]
check "every HTML form page tidy" tidy_ok_many "$WORK"/fhtml[0-9]
expect_contains "XHTML-MP form preselects the unit" "$WORK/fxhtml3" "<option value=\"$unit\" selected=\"selected\">"
check "form pages are never cached" sh -c "grep -qi '^Cache-Control: no-store' '$WORK/fw5.h'"

# --- posting from a WAP 1.x phone: the deck's postfields, in order ------------
fetch_wml form1 "$BASE/messages/new?unit=$unit" >/dev/null
tok=$(token_of form1)
check "the deck carries a 16-character token" test ${#tok} -eq 16
title='路灯不亮了'
body='河西大道100号附近路灯已坏三天 & 晚上很黑, 请尽快修理 $5'
wbody="type=$(pct 投诉)&unit=$unit&title=$(pct "$title")&body=$(pct "$body")&name=$(pct 张三)&phone=13900001111&anonymous=1&token=$tok"
expect_eq "WML post: 200" "$(fetch_wml post1 "$BASE/messages" -H "$CT" --data-binary "$wbody")" 200
expect_eq "WML answer is a deck" "$(header post1 Content-Type)" "text/vnd.wap.wml; charset=utf-8"
code1=$(code_of post1)
check "WML answer gives an 8-character code" test ${#code1} -eq 8
check "the code avoids ambiguous characters" sh -c "printf '%s' '$code1' | grep -qv '[01OIL]'"
check "WML answer deck valid" valid_dtd "$WORK/post1"
check "WML answer compiles in Kannel" kannel_ok "$WORK/post1"
expect_eq "stored exactly as typed" "$(sqlite3 "$db" "SELECT type || '|' || unit_id || '|' || title || '|' || body || '|' || sender_phone || '|' || anonymous || '|' || state FROM messages WHERE code = '$code1'")" "投诉|$unit|$title|$body|13900001111|1|pending"
expect_eq "answer is never cached" "$(header post1 Cache-Control)" "no-store"

# The same POST again (a gateway retry, a double press): same code, one message.
expect_eq "resubmission: 200" "$(fetch_wml post1b "$BASE/messages" -H "$CT" --data-binary "$wbody")" 200
expect_eq "resubmission answers the same code" "$(code_of post1b)" "$code1"
expect_eq "resubmission stores nothing more" "$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE title = '$title'")" 1

# Old phones: no Content-Type at all, or a charset parameter.
fetch_wml form2 "$BASE/messages/new?unit=$unit" >/dev/null
expect_eq "post without a Content-Type" "$(fetch_wml post2 "$BASE/messages" -H 'Content-Type:' --data-binary "type=$(pct 咨询)&unit=$unit&title=$(pct 无类型头)&body=$(pct 正文)&name=&phone=&anonymous=0&token=$(token_of form2)")" 200
check "stored without a Content-Type" test -n "$(code_of post2)"
fetch_xhtml form3 "$BASE/messages/new?region=2" >/dev/null
xbody="token=$(token_of form3)&region=2&type=$(pct 建议)&unit=$unit&title=$(pct 建议增加公交线路)&body=$(pct '第一段')%0D%0A$(pct '第二段')&name=$(pct 李四)&phone=&anonymous=0"
expect_eq "XHTML-MP post with a charset parameter" "$(fetch_xhtml post3 "$BASE/messages" -H "$CT; charset=utf-8" --data-binary "$xbody")" 200
code3=$(code_of post3)
check "XHTML-MP answer gives a code" test ${#code3} -eq 8
check "XHTML-MP answer valid" valid_dtd "$WORK/post3"
expect_eq "CR LF stored as one line break" "$(sqlite3 "$db" "SELECT body = '第一段' || char(10) || '第二段' FROM messages WHERE code = '$code3'")" 1
fetch_html form4 "$BASE/messages/new?unit=$unit" >/dev/null
expect_eq "HTML post" "$(fetch_html post4 "$BASE/messages" --data-urlencode "token=$(token_of form4)" --data-urlencode "type=咨询" --data-urlencode "unit=$unit" --data-urlencode "title=HTML提交" --data-urlencode "body=内容" --data-urlencode "anonymous=0")" 200
code4=$(code_of post4)
check "HTML answer gives a code" test ${#code4} -eq 8
check "HTML answer tidy" tidy_ok "$WORK/post4"

# --- bad input: the form again, input kept, nothing stored ---------------------
before=$(sqlite3 "$db" "SELECT count(*) FROM messages")
fetch_wml form5 "$BASE/messages/new?unit=$unit" >/dev/null
tok5=$(token_of form5)
expect_eq "WML missing title: 200 form" "$(fetch_wml bad1 "$BASE/messages" -H "$CT" --data-binary "type=$(pct 咨询)&unit=$unit&title=&body=$(pct 保留的内容)&name=$(pct 王五)&phone=&anonymous=0&token=$tok5")" 200
expect_contains "WML names the missing field" "$WORK/bad1" '标题(必填)'
expect_contains "WML keeps the body" "$WORK/bad1" 'value="保留的内容"'
expect_contains "WML keeps the name" "$WORK/bad1" 'value="王五"'
expect_contains "WML keeps the same token" "$WORK/bad1" "value=\"$tok5\""
check "WML error deck valid" valid_dtd "$WORK/bad1"
check "WML error deck compiles in Kannel" kannel_ok "$WORK/bad1"
long=$(printf '长%.0s' $(seq 1 41))
fetch_xhtml form6 "$BASE/messages/new?unit=$unit" >/dev/null
expect_eq "XHTML-MP long title, bad UTF-8, control character, bad phone: 200 form" "$(fetch_xhtml bad2 "$BASE/messages" -H "$CT" --data-binary "token=$(token_of form6)&region=2&type=$(pct 投诉)&unit=$unit&title=$(pct "$long")&body=ab%FFcd&name=a%01b&phone=12ab&anonymous=1")" 200
expect_contains "too long, per field" "$WORK/bad2" "标题不能超过40个字"
expect_contains "invalid UTF-8, per field" "$WORK/bad2" "内容含有无法识别的字符"
expect_contains "control character, per field" "$WORK/bad2" "姓名含有控制字符"
expect_contains "bad phone, per field" "$WORK/bad2" "电话应为5至20位数字"
expect_contains "the long title is kept" "$WORK/bad2" "value=\"$long\""
expect_contains "the phone is kept" "$WORK/bad2" 'value="12ab"'
expect_contains "the choice of type is kept" "$WORK/bad2" '<option value="投诉" selected="selected">'
expect_contains "anonymous is kept" "$WORK/bad2" '<option value="1" selected="selected">是'
check "XHTML-MP error form valid" valid_dtd "$WORK/bad2"
# Issue 15, fault 8: a 41-character phone field is "too long, at most 40",
# not "at most 0".
fetch_xhtml form6b "$BASE/messages/new?unit=$unit" >/dev/null
longphone=$(printf '1%.0s' $(seq 1 41))
expect_eq "XHTML-MP 41-character phone: 200 form" "$(fetch_xhtml bad2b "$BASE/messages" -H "$CT" --data-binary "token=$(token_of form6b)&region=2&type=$(pct 投诉)&unit=$unit&title=x&body=y&name=&phone=$longphone&anonymous=1")" 200
expect_contains "41-character phone: at most 40" "$WORK/bad2b" "电话不能超过40个字"
check "41-character phone: never 'at most 0'" sh -c "! grep -q '不能超过0个字' '$WORK/bad2b'"
fetch_html form7 "$BASE/messages/new?unit=$unit" >/dev/null
expect_eq "HTML unknown unit: 200 form" "$(fetch_html bad3 "$BASE/messages" --data-urlencode "token=$(token_of form7)" --data-urlencode "region=2" --data-urlencode "type=咨询" --data-urlencode "unit=99999999" --data-urlencode "title=单位不对" --data-urlencode "body=正文")" 200
expect_contains "unknown unit, per field" "$WORK/bad3" "受理单位不存在"
expect_contains "title kept" "$WORK/bad3" 'value="单位不对"'
check "HTML error form tidy" tidy_ok "$WORK/bad3"
expect_eq "forged token: the form again" "$(fetch_html bad4 "$BASE/messages" --data-urlencode "token=ZZZZZZZZZZZZZZZZ" --data-urlencode "type=咨询" --data-urlencode "unit=$unit" --data-urlencode "title=伪造" --data-urlencode "body=正文")" 200
expect_contains "forged token explained" "$WORK/bad4" "页面已过期"
expect_eq "malformed body: 400, not 500" "$(fetch_html bad5 "$BASE/messages" -H "$CT" --data-binary 'title=%zz')" 400
expect_eq "multipart: 400, not 500" "$(fetch_html bad6 "$BASE/messages" -F title=x)" 400
expect_eq "nothing stored by bad input" "$(sqlite3 "$db" "SELECT count(*) FROM messages")" "$before"
check "no server error in the log" sh -c "! grep -q 'render\\|ERROR\\|runtime error' '$WORK/server.err'"

# --- lookup by code --------------------------------------------------------------
lower=$(printf '%s' "$code1" | tr 'A-Z' 'a-z')
spaced="$(printf '%s' "$lower" | cut -c1-4)-$(printf '%s' "$lower" | cut -c5-8)"
expect_eq "lookup, lower case with a dash" "$(fetch_wml look1 "$BASE/messages/lookup?code=$spaced")" 200
expect_contains "lookup shows the message" "$WORK/look1" "$title"
expect_contains "lookup shows the state" "$WORK/look1" "待处理"
expect_contains "lookup masks the phone" "$WORK/look1" "139****1111"
expect_not_contains "lookup never shows the phone" "$WORK/look1" "13900001111"
check "lookup deck valid" valid_dtd "$WORK/look1"
fetch_xhtml look2 "$BASE/messages/lookup?code=ZZZZZZZZ" >/dev/null
expect_contains "unknown code explained" "$WORK/look2" "没有找到"

# --- staff commands change the public pages at once ------------------------------
id1=$(sqlite3 "$db" "SELECT id FROM messages WHERE code = '$code1'")
expect_eq "pending message not public" "$(fetch_html pub0 "$BASE/messages/$id1")" 404
"$QIAO_BIN" messages list --db "$db" --state pending > "$WORK/list.out"
expect_contains "staff list shows the new message" "$WORK/list.out" "$code1"
"$QIAO_BIN" messages show "$id1" --db "$db" > "$WORK/show.out"
expect_contains "staff show has the full phone" "$WORK/show.out" "13900001111"
"$QIAO_BIN" messages reply "$id1" --db "$db" --unit "$unit" --text '已安排维修，感谢反映。' --publish >/dev/null
expect_eq "reply --publish: public at once" "$(fetch_html pub1 "$BASE/messages/$id1")" 200
expect_contains "reply content shown" "$WORK/pub1" "答复内容：已安排维修，感谢反映。"
expect_contains "reply unit shown" "$WORK/pub1" "答复部门：$unit_name"
expect_contains "acceptance date shown" "$WORK/pub1" "受理日期"
expect_contains "anonymous sender shown as 张某" "$WORK/pub1" "张某"
expect_not_contains "public page hides the phone" "$WORK/pub1" "1111"
fetch_wml pub1w "$BASE/messages/$id1" >/dev/null
check "WML message deck valid" valid_dtd "$WORK/pub1w"
check "WML message deck compiles" kannel_ok "$WORK/pub1w"
fetch_xhtml list1 "$BASE/messages" >/dev/null
expect_contains "the list shows it first" "$WORK/list1" "href=\"/messages/$id1\""
check "XHTML-MP list valid" valid_dtd "$WORK/list1"
fetch_html list2 "$BASE/messages?unit=$unit&type=$(pct 投诉)" >/dev/null
expect_contains "filter by unit and type" "$WORK/list2" "href=\"/messages/$id1\""
fetch_html list3 "$BASE/messages?unit=$unit&type=$(pct 建议)" >/dev/null
expect_not_contains "filter by type excludes others" "$WORK/list3" "href=\"/messages/$id1\""
expect_eq "public pages are not cached" "$(header pub1 Cache-Control)" "no-store"

id3=$(sqlite3 "$db" "SELECT id FROM messages WHERE code = '$code3'")
"$QIAO_BIN" messages reject "$id3" --db "$db" --reason '内容重复' >/dev/null
fetch_html look3 "$BASE/messages/lookup?code=$code3" >/dev/null
expect_contains "lookup shows the rejection" "$WORK/look3" "未予公开"
expect_contains "lookup shows the reason" "$WORK/look3" "内容重复"
expect_eq "rejected message not public" "$(fetch_html pub3 "$BASE/messages/$id3")" 404
id4=$(sqlite3 "$db" "SELECT id FROM messages WHERE code = '$code4'")
"$QIAO_BIN" messages extend "$id4" --db "$db" --days 10 --note '需现场核查' >/dev/null
"$QIAO_BIN" messages publish "$id4" --db "$db" >/dev/null
expect_eq "publish: public at once" "$(fetch_html pub4 "$BASE/messages/$id4")" 200
expect_contains "extension note public" "$WORK/pub4" "延期说明：需现场核查"

"$QIAO_BIN" messages publish 99999999 --db "$db" 2>"$WORK/e1"; st=$?
expect_eq "publish unknown id: exit 1" "$st" 1
expect_contains "publish unknown id: clear error" "$WORK/e1" "no message with id 99999999"
"$QIAO_BIN" messages reject "$id3" --db "$db" --reason again 2>"$WORK/e2"; st=$?
expect_eq "reject a rejected message: exit 1" "$st" 1
expect_contains "reject twice: clear error" "$WORK/e2" "is rejected"
"$QIAO_BIN" messages reply "$id3" --db "$db" --unit "$unit" --text x 2>/dev/null; st=$?
expect_eq "reply to a rejected message: exit 1" "$st" 1
"$QIAO_BIN" messages reply "$id1" --db "$db" --unit 99999999 --text x 2>/dev/null; st=$?
expect_eq "reply from an unknown unit: exit 1" "$st" 1
"$QIAO_BIN" messages list --db "$db" --state nonsense 2>/dev/null; st=$?
expect_eq "list with a bad state: exit 2 (usage)" "$st" 2
"$QIAO_BIN" messages show abc --db "$db" 2>/dev/null; st=$?
expect_eq "show a malformed id: exit 2 (usage)" "$st" 2
"$QIAO_BIN" messages extend "$id4" --db "$db" --days 16 --note x 2>/dev/null; st=$?
expect_eq "extend past 15 working days: exit 1" "$st" 1
"$QIAO_BIN" messages frobnicate --db "$db" 2>/dev/null; st=$?
expect_eq "unknown subcommand: exit 2" "$st" 2
"$QIAO_BIN" messages overdue --db "$db" --date 2100-01-01 > "$WORK/overdue.out"
expect_contains "overdue lists an unanswered message" "$WORK/overdue.out" "$code4"
expect_contains "overdue groups per unit" "$WORK/overdue.out" "$unit_name (unit $unit):"
expect_not_contains "overdue skips answered messages" "$WORK/overdue.out" "$code1"

# --- the hourly limit ---------------------------------------------------------------
post_one() {  # post_one NAME [curl args]: a fresh form, then a post; prints the status
	_pn=$1; shift
	fetch_xhtml "$_pn.f" "$BASE/messages/new?unit=$unit" >/dev/null
	fetch_xhtml "$_pn" "$BASE/messages" "$@" --data-urlencode "token=$(token_of "$_pn.f")" --data-urlencode "type=咨询" \
		--data-urlencode "unit=$unit" --data-urlencode "title=限流$_pn" --data-urlencode "body=正文"
}
sqlite3 "$db" "UPDATE msg_settings SET value = 2 WHERE key = 'posts_per_hour'; DELETE FROM post_log"
expect_eq "limit: first post" "$(post_one rl1 -H 'X-MSISDN: 8613800000001')" 200
expect_eq "limit: second post" "$(post_one rl2 -H 'X-MSISDN: 8613800000002')" 200
expect_eq "untrusted phone header ignored: third post is 429" "$(post_one rl3 -H 'X-MSISDN: 8613800000003')" 429
expect_contains "429 says try later" "$WORK/rl3" "请稍后再试"
check "429 page valid XHTML-MP" valid_dtd "$WORK/rl3"
expect_eq "429 in WML for a WAP phone" "$(fetch_wml rl4 "$BASE/messages" -H "$CT" --data-binary "type=$(pct 咨询)&unit=$unit&title=x&body=y&name=&phone=&anonymous=0&token=$(token_of rl3.f)")" 429
check "WML 429 deck valid" valid_dtd "$WORK/rl4"
expect_eq "resubmission over the limit still answers the code" "$(fetch_wml post1c "$BASE/messages" -H "$CT" --data-binary "$wbody")" 200
expect_eq "... the same code" "$(code_of post1c)" "$code1"
stop_server

start_server "$db" --trusted-gateway 127.0.0.1 || { fail "server restarts"; finish; }
sqlite3 "$db" "DELETE FROM post_log"
expect_eq "trusted: phone A first" "$(post_one tg1 -H 'X-Up-Calling-Line-ID: 8613800000001')" 200
expect_eq "trusted: phone A second" "$(post_one tg2 -H 'X-MSISDN: 8613800000001')" 200
expect_eq "trusted: phone A third is 429" "$(post_one tg3 -H 'X-MSISDN: 8613800000001')" 429
expect_eq "trusted: phone B is its own client" "$(post_one tg4 -H 'X-MSISDN: 8613800000002')" 200
expect_eq "limit kept per phone number" "$(sqlite3 "$db" "SELECT count(*) FROM post_log WHERE client = 'tel:+8613800000001'")" 2

stop_server
finish
