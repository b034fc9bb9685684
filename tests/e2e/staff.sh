#!/bin/sh
# staff.sh - the staff console (issue 16) over HTTP: every console URL and
# form logged out (login page / 403), across departments (403), without a
# CSRF token (403); the answering workflow and what the public pages show
# at each step; sessions and cookies; login throttling; the audit log;
# settings, statistics; news (draft, preview, publish, schedule,
# unpublish); the CLI's unit check.
. "$(dirname "$0")/lib.sh"
. "$QIAO_TOP/tests/fixtures/staff/staff_lib.sh"

db=$(demo_db staff.db)
# Units without demo letters, so that the figures below are only ours.
free_units="SELECT id FROM units WHERE id NOT IN (SELECT unit_id FROM messages) ORDER BY id"
A=$(sqlite3 "$db" "$free_units LIMIT 1")
B=$(sqlite3 "$db" "$free_units LIMIT 1 OFFSET 1")
C=$(sqlite3 "$db" "$free_units LIMIT 1 OFFSET 2")
A_name=$(sqlite3 "$db" "SELECT name FROM units WHERE id = $A")
staff_user "$db" alice staff 'alice-pass-0001' --unit "$A"
staff_user "$db" bob staff 'bob-pass-000002' --unit "$B" --unit "$C"
staff_user "$db" carol staff 'carol-pass-0003' --unit "$A" --drafts-only
staff_user "$db" sup supervisor 'sup-pass-000004'
staff_user "$db" root admin 'root-pass-00005'
staff_user "$db" ed editor 'ed-pass-0000006'
staff_user "$db" ted staff 'ted-pass-000007' --unit "$B"
expect_eq "no password is stored in clear" "$(sqlite3 "$db" "SELECT count(*) FROM users WHERE pw_hash LIKE '%pass-%' OR pw_hash NOT LIKE '\$argon2id\$%'")" 0

L1=$(new_letter "$db" "$A" 路灯不亮)
L2=$(new_letter "$db" "$A" 转办测试)
L3=$(new_letter "$db" "$A" 延期测试)
L4=$(new_letter "$db" "$A" 不予公开测试)
L5=$(new_letter "$db" "$B" 乙部门的留言)

# The CLI: only the letter's own unit may answer it.
"$QIAO_BIN" messages reply "$L1" --unit "$B" --text 越权答复 --publish --db "$db" 2>"$WORK/cli.err"; st=$?
expect_eq "CLI reply from another unit: exit 1" "$st" 1
expect_contains "CLI reply from another unit: says why" "$WORK/cli.err" "transfer it first"
expect_eq "CLI: nothing stored" "$(sqlite3 "$db" "SELECT count(*) FROM replies WHERE message_id = $L1")" 0

# qiao user: the password from standard input, never from the command line.
"$QIAO_BIN" user add gina --role staff --db "$db" </dev/null 2>"$WORK/u1.err"; st=$?
expect_eq "user add: no password on stdin: exit 1" "$st" 1
printf 'gina-pass-0009\n' | "$QIAO_BIN" user add gina --role boss --unit "$A" --db "$db" 2>"$WORK/u2.err"; st=$?
expect_eq "user add: unknown role: exit 1" "$st" 1
expect_contains "user add: says which roles" "$WORK/u2.err" "admin, editor, staff or supervisor"
"$QIAO_BIN" user add gina --role staff --password x --db "$db" </dev/null 2>/dev/null; st=$?
expect_eq "user add: no --password option: exit 2" "$st" 2
"$QIAO_BIN" user add --db "$db" </dev/null 2>/dev/null; st=$?
expect_eq "user add: no name: exit 2" "$st" 2
"$QIAO_BIN" user frobnicate --db "$db" 2>/dev/null; st=$?
expect_eq "user: unknown command: exit 2" "$st" 2
"$QIAO_BIN" user list --db "$db" >"$WORK/ulist"
expect_contains "user list: alice, staff, her unit" "$WORK/ulist" "alice	staff	active	$A"
expect_contains "user list: carol drafts only" "$WORK/ulist" "carol	staff (drafts only)	active	$A"
expect_contains "user list: bob's two units" "$WORK/ulist" "bob	staff	active	$B,$C"
# messages list names units; overdue --format json parses.
"$QIAO_BIN" messages list --unit "$A" --db "$db" >"$WORK/mlist"
expect_contains "messages list: unit names" "$WORK/mlist" "	$A	$A_name	"
"$QIAO_BIN" messages overdue --format json --date 2100-01-01 --db "$db" >"$WORK/od.json"
check "overdue --format json is JSON listing our letters" python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ids = {o["id"] for o in d["overdue"]}
assert d["date"] == "2100-01-01", d["date"]
assert {int(x) for x in sys.argv[2:]} <= ids, ids
o = [o for o in d["overdue"] if o["id"] == int(sys.argv[2])][0]
assert o["days_late"] > 0 and o["working_days_late"] > 0 and o["working_days_late"] < o["days_late"]
' "$WORK/od.json" "$L1" "$L2" "$L3" "$L4"
"$QIAO_BIN" messages overdue --format xml --db "$db" 2>/dev/null; st=$?
expect_eq "overdue: unknown format: exit 2" "$st" 2

staff_start "$db" || { fail "server starts: $(cat "$WORK/server.err")"; finish; }

# --- logged out: every page leads to the login, every form is refused ------------
for p in / "/letters/$L1" /audit /audit.csv /stats /stats.csv /settings /users /articles /articles/1 "/preview?path=/"; do
	expect_eq "logged out GET $p: 303" "$(fetch lo "$STAFF$p")" 303
	expect_eq "logged out GET $p: to the login page" "$(header lo Location)" /login
done
for p in /logout "/letters/$L1/reply" "/letters/$L1/publish" "/letters/$L1/transfer" "/letters/$L1/extend" \
	"/letters/$L1/reject" /replies/1/edit /replies/1/withdraw /settings /users /users/alice/disable /users/alice/enable \
	/users/alice/passwd /articles /articles/1 /articles/1/publish /articles/1/unpublish; do
	expect_eq "logged out POST $p: 403" "$(fetch lo "$STAFF$p" --data 'csrf=x&text=y')" 403
done
expect_eq "login page" "$(fetch lp "$STAFF/login")" 200
expect_contains "login form" "$WORK/lp" 'id="login-form"'
expect_eq "the console is not on the public port" "$(fetch_html pubc "$BASE/login")" 404
expect_eq "login without its form token: 403" "$(fetch lx "$STAFF/login" --data 'name=alice&password=alice-pass-0001')" 403

# --- login, cookies, sessions ----------------------------------------------------
expect_eq "alice logs in" "$(staff_login alice alice-pass-0001)" 303
sc=$(grep -i '^set-cookie: qiao_staff=' "$WORK/login.alice.h" | tr -d '\r')
case "$sc" in *HttpOnly*SameSite=Strict*) ok ;; *) fail "session cookie HttpOnly, SameSite=Strict: $sc" ;; esac
case "$sc" in *Secure*) fail "no Secure without --staff-secure-cookies: $sc" ;; *) ok ;; esac
expect_eq "alice's home" "$(as alice home /)" 200
expect_contains "her inbox lists her unit's letter" "$WORK/home" "/letters/$L1"
expect_not_contains "not another unit's" "$WORK/home" "/letters/$L5\""
expect_contains "daily summary" "$WORK/home" 'id="summary"'
expect_eq "never cached" "$(header home Cache-Control)" no-store
expect_eq "no framing" "$(header home X-Frame-Options)" DENY
expect_eq "preview behind the login" "$(as alice prev "/preview?path=/")" 200
expect_contains "the preview's panes" "$WORK/prev" 'id="pane-wml"'
for u in bob:bob-pass-000002 carol:carol-pass-0003 sup:sup-pass-000004 root:root-pass-00005 ed:ed-pass-0000006; do
	expect_eq "${u%%:*} logs in" "$(staff_login "${u%%:*}" "${u#*:}")" 303
done

# --- CSRF: a post without the session's token is refused --------------------------
expect_eq "reply without a CSRF token: 403" "$(as alice nc "/letters/$L1/reply" --data-urlencode text=x)" 403
expect_eq "reply with a wrong CSRF token: 403" "$(as alice nc "/letters/$L1/reply" --data-urlencode text=x --data-urlencode csrf=$(printf '%064d' 0))" 403
expect_eq "reply with another session's token: 403" "$(as alice nc "/letters/$L1/reply" --data-urlencode text=x --data-urlencode "csrf=$(csrf_of bob)")" 403
expect_eq "settings without a token: 403" "$(as root nc /settings --data reply_days=9 --data posts_per_hour=5)" 403
expect_eq "logout without a token: 403" "$(as alice nc /logout --data x=1)" 403
expect_eq "nothing was stored" "$(sqlite3 "$db" "SELECT count(*) FROM replies WHERE message_id = $L1")" 0

# --- across departments: 403 for every page and form ----------------------------
expect_eq "bob cannot see alice's letter" "$(as bob x "/letters/$L1")" 403
for a in "reply text=越权" "publish" "transfer to=$B reason=越权" "extend days=3 note=越权" "reject reason=越权"; do
	set -- $a
	act=$1; shift
	expect_eq "bob: $act on another unit's letter: 403" "$(post_as bob x "/letters/$L1/$act" "$@")" 403
done
expect_eq "editor cannot see letters" "$(as ed x "/letters/$L1")" 403
expect_eq "editor cannot reply" "$(post_as ed x "/letters/$L1/reply" text=x)" 403
expect_eq "supervisor cannot reply" "$(post_as sup x "/letters/$L1/reply" text=x)" 403
expect_eq "staff cannot extend (supervisors do)" "$(post_as alice x "/letters/$L3/extend" days=2 note=x)" 403
expect_eq "drafts-only staff cannot publish" "$(post_as carol x "/letters/$L1/reply" text=草稿 publish=1)" 403
for p in /audit /audit.csv /settings; do
	expect_eq "staff: $p is administrators' only" "$(as alice x "$p")" 403
	expect_eq "supervisor: $p is administrators' only" "$(as sup x "$p")" 403
done
expect_eq "staff: settings form refused" "$(post_as alice x /settings reply_days=9 posts_per_hour=5)" 403
expect_eq "editor: no statistics" "$(as ed x /stats)" 403
expect_eq "unknown letter: 404" "$(as alice x /letters/99999999)" 404
expect_eq "bad letter id: 404" "$(as alice x /letters/abc)" 404
expect_eq "nothing was stored by the refused actions" "$(sqlite3 "$db" "SELECT count(*) FROM replies WHERE message_id = $L1")" 0
expect_eq "L1 still pending at unit A" "$(sqlite3 "$db" "SELECT state || unit_id FROM messages WHERE id = $L1")" "pending$A"

# --- the workflow: draft, publish, edit, withdraw --------------------------------
expect_eq "carol saves a draft" "$(post_as carol r "/letters/$L1/reply" text=草稿：正在核实。)" 303
expect_eq "back to the letter" "$(header r Location)" "/letters/$L1"
expect_eq "a draft is not public" "$(fetch_html p1 "$BASE/messages/$L1")" 404
expect_eq "alice sees the draft" "$(as alice l1 "/letters/$L1")" 200
expect_contains "the draft in the form" "$WORK/l1" "草稿：正在核实。"
expect_contains "the state in words, as the public pages say it" "$WORK/l1" '<span id="state">待处理</span>'
expect_eq "alice publishes the draft" "$(post_as alice r "/letters/$L1/publish")" 303
expect_eq "the letter is public" "$(fetch_html p1 "$BASE/messages/$L1")" 200
expect_contains "with the reply" "$WORK/p1" "草稿：正在核实。"
as alice l1b "/letters/$L1" >/dev/null
expect_contains "the console says answered and public" "$WORK/l1b" '<span id="state">已答复，已公开</span>'
rid=$(nonempty "reply id" "$(sqlite3 "$db" "SELECT id FROM replies WHERE message_id = $L1 AND status = 'published'")")
expect_eq "bob cannot edit alice's reply" "$(post_as bob x "/replies/$rid/edit" text=越权)" 403
expect_eq "bob cannot withdraw it" "$(post_as bob x "/replies/$rid/withdraw" reason=越权)" 403
expect_eq "drafts-only carol cannot edit it" "$(post_as carol x "/replies/$rid/edit" text=x)" 403
expect_eq "alice edits the reply" "$(post_as alice r "/replies/$rid/edit" text=已修复，感谢反映。)" 303
fetch_html p1 "$BASE/messages/$L1" >/dev/null
expect_contains "the public sees the new text" "$WORK/p1" "已修复，感谢反映。"
expect_not_contains "not the old one" "$WORK/p1" "草稿：正在核实。"
expect_eq "the old text is kept" "$(sqlite3 "$db" "SELECT count(*) FROM reply_history WHERE reply_id = $rid AND body = '草稿：正在核实。'")" 1
expect_eq "empty edit: 400" "$(post_as alice x "/replies/$rid/edit" text=)" 400
expect_eq "alice withdraws the reply" "$(post_as alice r "/replies/$rid/withdraw" reason=答复有误)" 303
fetch_html p1 "$BASE/messages/$L1" >/dev/null
expect_not_contains "the public no longer sees it" "$WORK/p1" "已修复，感谢反映。"
expect_eq "withdrawn twice: 409" "$(post_as alice x "/replies/$rid/withdraw" reason=again)" 409
expect_eq "the letter is open again" "$(as alice home /)" 200
expect_contains "back in the inbox" "$WORK/home" "/letters/$L1\""

# --- transfer -----------------------------------------------------------------------
expect_eq "transfer to an unknown unit: 400" "$(post_as alice x "/letters/$L2/transfer" to=99999999 reason=x)" 400
expect_eq "transfer without a reason: 400" "$(post_as alice x "/letters/$L2/transfer" to=$B reason=)" 400
expect_eq "alice transfers L2 to bob's unit" "$(post_as alice r "/letters/$L2/transfer" to=$B reason=属于乙部门职责)" 303
expect_eq "L2 is unit B's" "$(sqlite3 "$db" "SELECT unit_id FROM messages WHERE id = $L2")" "$B"
expect_eq "alice no longer sees it" "$(as alice x "/letters/$L2")" 403
expect_eq "bob does" "$(as bob l2 "/letters/$L2")" 200
expect_eq "bob answers it" "$(post_as bob r "/letters/$L2/reply" text=乙部门答复。 publish=1)" 303
fetch_html p2 "$BASE/messages/$L2" >/dev/null
expect_contains "public: answered by B" "$WORK/p2" "乙部门答复。"
expect_eq "answered: no more transfer (409)" "$(post_as bob x "/letters/$L2/transfer" to=$A reason=x)" 409

# --- extend ------------------------------------------------------------------------
due0=$(sqlite3 "$db" "SELECT due_day FROM messages WHERE id = $L3")
expect_eq "extend by 0 days: 400" "$(post_as sup x "/letters/$L3/extend" days=0 note=x)" 400
expect_eq "extend by 16 days: 400" "$(post_as sup x "/letters/$L3/extend" days=16 note=x)" 400
expect_eq "supervisor extends L3" "$(post_as sup r "/letters/$L3/extend" days=5 note=需要现场核查)" 303
due1=$(sqlite3 "$db" "SELECT due_day FROM messages WHERE id = $L3")
[ "$due1" -gt 0 ] && [ "$due1" -gt "$due0" ] && ok || fail "the deadline moved later ($due0 -> $due1)"
expect_eq "supervisor publishes nothing: L3 still pending" "$(sqlite3 "$db" "SELECT state FROM messages WHERE id = $L3")" pending
# A letter accepted long ago: 5 working days after its deadline is still past.
old=$(new_letter "$db" "$A" 很久以前的留言 1700000000)
expect_eq "extension into the past: 409" "$(post_as sup x "/letters/$old/extend" days=5 note=x)" 409
expect_eq "past: deadline unchanged" "$(sqlite3 "$db" "SELECT due_day FROM messages WHERE id = $old")" 0

# --- reject ------------------------------------------------------------------------
expect_eq "reject without a reason: 400" "$(post_as alice x "/letters/$L4/reject" reason=)" 400
expect_eq "alice rejects L4" "$(post_as alice r "/letters/$L4/reject" reason=内容与本部门无关且含有人身攻击)" 303
code4=$(sqlite3 "$db" "SELECT code FROM messages WHERE id = $L4")
fetch_html look4 "$BASE/messages/lookup?code=$code4" >/dev/null
expect_contains "the sender sees the reason" "$WORK/look4" "内容与本部门无关且含有人身攻击"
expect_eq "rejected twice: 409" "$(post_as alice x "/letters/$L4/reject" reason=x)" 409

# --- the audit log -----------------------------------------------------------------
expect_eq "audit page" "$(as root audit /audit)" 200
expect_eq "audit CSV" "$(as root audit.csv /audit.csv)" 200
expect_contains "CSV type" "$WORK/audit.csv.h" "text/csv"
expect_contains "CSV download" "$WORK/audit.csv.h" 'attachment; filename="audit.csv"'
for a in login reply.draft reply.publish reply.edit reply.withdraw message.transfer message.extend message.reject user.add; do
	expect_contains "audit CSV has $a" "$WORK/audit.csv" ",$a,"
done
expect_contains "who: alice withdrew" "$WORK/audit.csv" "alice,127.0.0.1,reply.withdraw,reply:$rid,published,答复有误"
expect_contains "before and after of a transfer" "$WORK/audit.csv" "unit $A $A_name"
expect_not_contains "no password in the log" "$WORK/audit.csv" "alice-pass-0001"
sqlite3 "$db" "UPDATE audit_log SET action = 'x'" 2>"$WORK/ro.err"; st=$?
[ $st -ne 0 ] && ok || fail "UPDATE of the audit log refused"
expect_contains "append-only" "$WORK/ro.err" "append-only"
sqlite3 "$db" "DELETE FROM audit_log" 2>/dev/null && fail "DELETE of the audit log refused" || ok

# --- statistics and settings --------------------------------------------------------
month=$(TZ=Asia/Shanghai date +%Y-%m)
expect_eq "statistics (supervisor)" "$(as sup stats "/stats?month=$month")" 200
expect_contains "unit A's row" "$WORK/stats" "$A_name"
expect_eq "statistics CSV" "$(as sup stats.csv "/stats.csv?month=$month")" 200
line=$(grep "^$month,$A," "$WORK/stats.csv" | tr -d '\r')
# Unit A this month: received L1 L3 L4 (L2 was transferred away; the old
# letter is from 2023); none answered; one transfer out.
expect_eq "unit A's figures" "$line" "$month,$A,$A_name,3,0,0,0.00,0,1"
expect_eq "bad month: 400" "$(as sup x "/stats?month=2026-13")" 400
expect_eq "staff: own units only" "$(as bob stats.b "/stats.csv?month=$month")" 200
expect_not_contains "bob's statistics leave out unit A" "$WORK/stats.b" "$month,$A,"
expect_eq "settings page" "$(as root set /settings)" 200
expect_eq "settings saved" "$(post_as root x /settings reply_days=7 posts_per_hour=9)" 303
expect_eq "reply_days stored" "$(sqlite3 "$db" "SELECT value FROM msg_settings WHERE key = 'reply_days'")" 7
expect_eq "bad setting: 400" "$(post_as root x /settings reply_days=99 posts_per_hour=9)" 400

# --- news: draft, preview, publish, edit, schedule, unpublish ----------------------------
COL=$(sqlite3 "$db" "SELECT c.id FROM columns c WHERE c.deleted = 0 AND c.level = 3 AND EXISTS (SELECT 1 FROM articles a WHERE a.column_id = c.id) ORDER BY c.id LIMIT 1")
expect_eq "staff: no news pages" "$(as alice x /articles)" 403
expect_eq "staff: cannot create an article" "$(post_as alice x /articles column=$COL title=x body=y)" 403
expect_eq "supervisor: no news pages" "$(as sup x /articles)" 403
expect_eq "article without its CSRF token: 403" "$(as ed x /articles --data-urlencode column=$COL --data-urlencode title=x --data-urlencode body=y)" 403
expect_eq "article without a title: 400" "$(post_as ed x /articles column=$COL title= body=正文)" 400
expect_eq "article in an unknown column: 400" "$(post_as ed x /articles column=99999999 title=标题 body=正文)" 400
expect_eq "editor writes a draft" "$(post_as ed r /articles column=$COL title=防汛工作部署会召开 source=省应急厅 body=会议部署了今年的防汛工作。)" 303
art=$(header r Location | sed 's|.*/||')
expect_eq "a draft is not public" "$(fetch_html n1 "$BASE/news/$art")" 404
expect_eq "editor's article page" "$(as ed n1s "/articles/$art")" 200
expect_contains "a link to the preview" "$WORK/n1s" "/preview?path=/news/$art"
expect_eq "the draft in the preview" "$(as ed np "/preview?path=/news/$art")" 200
expect_eq "in the three dialects" "$(grep -c 'HTTP <span class="">200</span>' "$WORK/np")" 3
expect_contains "the draft's title in the panes" "$WORK/np" "防汛工作部署会召开"
expect_eq "publish now" "$(post_as ed r "/articles/$art/publish" at=)" 303
expect_eq "published: public" "$(fetch_html n2 "$BASE/news/$art")" 200
expect_contains "its text" "$WORK/n2" "会议部署了今年的防汛工作。"
expect_eq "published: in WML too" "$(fetch_wml n2w "$BASE/news/$art")" 200
expect_eq "edit the title" "$(post_as ed r "/articles/$art" column=$COL title=全省防汛工作部署会召开 source=省应急厅 body=会议部署了今年的防汛工作。)" 303
fetch_html n3 "$BASE/news/$art" >/dev/null
expect_contains "the public sees the new title" "$WORK/n3" "全省防汛工作部署会召开"
tomorrow=$(TZ=Asia/Shanghai date -d tomorrow +%Y-%m-%d)
expect_eq "bad publication time: 400" "$(post_as ed x "/articles/$art/publish" at=tomorrow)" 400
expect_eq "schedule for tomorrow" "$(post_as ed r "/articles/$art/publish" "at=$tomorrow 09:30")" 303
expect_eq "scheduled: not public yet" "$(fetch_html n4 "$BASE/news/$art")" 404
expect_eq "scheduled: editor sees the state" "$(as ed n4s "/articles/$art")" 200
expect_contains "定时发布" "$WORK/n4s" "定时发布"
# Its time comes with nothing written: the cached column page must change.
sqlite3 "$db" "UPDATE articles SET published_at = strftime('%s', 'now') + 3 WHERE id = $art"
fetch_html c1 "$BASE/news/c/$COL" >/dev/null
expect_not_contains "column page before the time" "$WORK/c1" "/news/$art\""
sleep 4
fetch_html c2 "$BASE/news/c/$COL" >/dev/null
expect_contains "column page after the time (cache renewed)" "$WORK/c2" "/news/$art\""
expect_eq "unpublish" "$(post_as ed r "/articles/$art/unpublish")" 303
expect_eq "unpublished: gone" "$(fetch_html n5 "$BASE/news/$art")" 404
expect_eq "admin reads the audit" "$(as root audit2.csv /audit.csv)" 200
for a in news.create news.edit news.publish news.unpublish; do
	expect_contains "audit CSV has $a" "$WORK/audit2.csv" "ed,127.0.0.1,$a,article:$art"
done

# --- accounts in the console (administrators) ---------------------------------------
expect_eq "staff: no accounts page" "$(as alice x /users)" 403
expect_eq "staff: cannot add an account" "$(post_as alice x /users name=eve role=admin password=eve-pass-00001)" 403
expect_eq "supervisor: cannot add an account" "$(post_as sup x /users name=eve role=admin password=eve-pass-00001)" 403
expect_eq "accounts page" "$(as root users /users)" 200
expect_contains "lists alice" "$WORK/users" 'id="user-alice"'
expect_not_contains "no password hash shown" "$WORK/users" 'argon2'
expect_eq "add without its CSRF token: 403" "$(as root x /users --data 'name=eve&role=admin&password=eve-pass-00001')" 403
expect_eq "root adds dora" "$(post_as root x /users name=dora role=staff "units=$A, $C" password=dora-pass-0008)" 303
expect_eq "dora is bound to two units" "$(sqlite3 "$db" "SELECT group_concat(unit_id) FROM (SELECT unit_id FROM user_units JOIN users ON users.id = user_id WHERE name = 'dora' ORDER BY unit_id)")" "$A,$C"
expect_eq "a short password: 400" "$(post_as root x /users name=frank role=editor password=short)" 400
expect_eq "a staff account without units: 400" "$(post_as root x /users name=frank role=staff password=frank-pass-001)" 400
expect_eq "dora logs in" "$(staff_login dora dora-pass-0008)" 303
expect_eq "root disables dora" "$(post_as root x /users/dora/disable)" 303
expect_eq "dora's session ended" "$(as dora x /)" 303
expect_eq "root cannot disable himself" "$(post_as root x /users/root/disable)" 409
expect_eq "unknown account: 404" "$(post_as root x /users/nobody/enable)" 404
expect_eq "root enables dora" "$(post_as root x /users/dora/enable)" 303
expect_eq "root sets dora's password" "$(post_as root x /users/dora/passwd password=dora-new-pass-9)" 303
expect_eq "the new password works" "$(staff_login dora dora-new-pass-9)" 303
expect_eq "admin reads the audit" "$(as root audit3.csv /audit.csv)" 200
for a in user.add user.disable user.enable user.passwd; do
	expect_contains "audit: root's $a" "$WORK/audit3.csv" "root,127.0.0.1,$a,user:dora"
done
expect_not_contains "no password in the log" "$WORK/audit3.csv" "dora-new-pass-9"

# --- logout and disabled accounts ------------------------------------------------------
cp "$WORK/jar.alice" "$WORK/jar.old"
expect_eq "logout" "$(post_as alice x /logout)" 303
expect_eq "the old session is gone" "$(as old x /)" 303
"$QIAO_BIN" user disable bob --db "$db" >/dev/null
expect_eq "a disabled account's session ends" "$(as bob x /)" 303
expect_eq "and it cannot log in" "$(staff_login bob bob-pass-000002)" 403

# --- throttling ----------------------------------------------------------------------
for i in 1 2 3 4 5; do staff_login ted wrong-password-$i >/dev/null; done
expect_eq "after 5 failures even the right password is refused" "$(staff_login ted ted-pass-000007)" 429
expect_contains "the same generic message" "$WORK/login.ted.out" "用户名或密码不正确，或尝试次数过多"
expect_eq "an unknown account fails the same way" "$(staff_login nobody whatever-password)" 403
expect_contains "same message" "$WORK/login.nobody.out" "用户名或密码不正确，或尝试次数过多"
expect_eq "another account is not locked by ted's" "$(staff_login sup sup-pass-000004)" 303
# Per address: 20 failures from one address over any names.
for i in $(seq 1 20); do staff_login "guess$i" wrong-password >/dev/null; done
expect_eq "after 20 failures from the address: refused" "$(staff_login sup sup-pass-000004)" 429

# Behind a TLS proxy the cookies are Secure.
stop_server || fail "server exits cleanly"
staff_start "$db" --staff-secure-cookies || { fail "server starts again"; finish; }
fetch lsec "$STAFF/login" >/dev/null
sc=$(grep -i '^set-cookie:' "$WORK/lsec.h" | tr -d '\r')
case "$sc" in *HttpOnly*SameSite=Strict*Secure*) ok ;; *) fail "--staff-secure-cookies: Secure cookies: $sc" ;; esac
stop_server || fail "server exits cleanly"
finish
