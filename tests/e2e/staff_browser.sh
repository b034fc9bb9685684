#!/bin/sh
# staff_browser.sh - headless Chromium walks the staff console as two
# departments and a supervisor: log in, reply (draft, publish), withdraw,
# transfer, answer after the transfer, extend, reject, log out; the public
# pages show each step, and the audit log holds every step.
# (tests/fixtures/staff/walk.py drives Chromium over the DevTools pipe.)
. "$(dirname "$0")/lib.sh"
. "$QIAO_TOP/tests/fixtures/staff/staff_lib.sh"

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	skip "the console in headless Chromium" "chromium not installed (tools/deps.sh test installs it)"
	finish
fi

db=$(demo_db browser.db)
free_units="SELECT id FROM units WHERE id NOT IN (SELECT unit_id FROM messages) ORDER BY id"
A=$(sqlite3 "$db" "$free_units LIMIT 1")
B=$(sqlite3 "$db" "$free_units LIMIT 1 OFFSET 1")
B_name=$(sqlite3 "$db" "SELECT name FROM units WHERE id = $B")
staff_user "$db" alice staff 'alice-pass-0001' --unit "$A"
staff_user "$db" bob staff 'bob-pass-000002' --unit "$B"
staff_user "$db" sup supervisor 'sup-pass-000004'
L1=$(new_letter "$db" "$A" 路灯不亮)
L2=$(new_letter "$db" "$A" 需要转办的留言)
L3=$(new_letter "$db" "$A" 需要延期的留言)
L4=$(new_letter "$db" "$A" 不予公开的留言)
# The extended and rejected letters are public only through their code;
# L1 and L2 are published with their replies.
code3=$(sqlite3 "$db" "SELECT code FROM messages WHERE id = $L3")
code4=$(sqlite3 "$db" "SELECT code FROM messages WHERE id = $L4")

python3 - "$WORK/plan.json" <<PY
import json, sys
json.dump({
    "users": {"alice": "alice-pass-0001", "bob": "bob-pass-000002", "sup": "sup-pass-000004"},
    "letters": {"reply": $L1, "transfer": $L2, "extend": $L3, "reject": $L4},
    "codes": {"extend": "$code3", "reject": "$code4"},
    "titles": {"transfer": "需要转办的留言"},
    "unit_b": $B, "unit_b_name": "$B_name",
}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY

staff_start "$db" || { fail "server starts: $(cat "$WORK/server.err")"; finish; }
timeout 300 python3 "$QIAO_TOP/tests/fixtures/staff/walk.py" "$CHROME" "$WORK/chrome" "$STAFF" "$BASE" "$WORK/plan.json" >"$WORK/walk.out" 2>"$WORK/walk.err"
st=$?
[ $st -eq 0 ] && ok || fail "walk.py exits 0 (status $st): $(tail -n 5 "$WORK/walk.err")"
n=$(grep -c '^pass' "$WORK/walk.out")
[ "$n" -ge 30 ] && ok || fail "the walk made its checks (only $n passed): $(tail -n 3 "$WORK/walk.err" "$WORK/chrome.err" 2>/dev/null)"
while IFS='	' read -r res what; do
	case "$res" in
	pass) ok ;;
	fail) fail "browser: $what" ;;
	esac
done <"$WORK/walk.out"

# The audit log holds every step, by whom.
audit() { sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE user_name = '$1' AND action = '$2' AND object = '$3'"; }
expect_eq "audit: alice logged in" "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE user_name = 'alice' AND action = 'login'")" 1
expect_eq "audit: alice's draft" "$(audit alice reply.draft "message:$L1")" 1
expect_eq "audit: alice published" "$(audit alice reply.publish "message:$L1")" 1
rid=$(sqlite3 "$db" "SELECT id FROM replies WHERE message_id = $L1")
expect_eq "audit: alice withdrew" "$(audit alice reply.withdraw "reply:$rid")" 1
expect_eq "audit: alice transferred" "$(audit alice message.transfer "message:$L2")" 1
expect_eq "audit: bob answered" "$(audit bob reply.publish "message:$L2")" 1
expect_eq "audit: sup extended" "$(audit sup message.extend "message:$L3")" 1
expect_eq "audit: alice rejected" "$(audit alice message.reject "message:$L4")" 1
expect_eq "audit: alice logged out" "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE user_name = 'alice' AND action = 'logout'")" 1
expect_eq "audit: the address is recorded" "$(sqlite3 "$db" "SELECT DISTINCT address FROM audit_log WHERE user_name = 'bob'")" 127.0.0.1

stop_server || fail "server exits cleanly"
finish
