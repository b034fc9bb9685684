#!/bin/sh
# backup.sh - `qiao backup DEST` while letters are being posted: every copy
# passes SQLite's integrity check and holds a whole number of letters, and
# the last one, restored the documented way (server stopped, file copied
# over, -wal and -shm removed), holds every letter acknowledged.
. "$(dirname "$0")/lib.sh"

CT='Content-Type: application/x-www-form-urlencoded'
pct() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }
token_of() { grep -o 'name="token" value="[A-Z0-9]*"' "$WORK/$1" | sed 's/.*value="//; s/"$//'; }
code_of() { grep -o '查询码[:：]<b>[A-Z0-9]*</b>' "$WORK/$1" | sed 's/.*<b>//; s/<.*//'; }

mkdir -p "$WORK/live" "$WORK/bk"
db=$WORK/live/qiao.db
cp "$QIAO_DEMO_DB" "$db"
sqlite3 "$db" "UPDATE msg_settings SET value = 1000 WHERE key = 'posts_per_hour'"
before=$(sqlite3 "$db" "SELECT count(*) FROM messages")
unit=$(sqlite3 "$db" "SELECT id FROM units ORDER BY id LIMIT 1")
start_server "$db" || { fail "server starts"; finish; }

N=30
poster() {
	i=1
	while [ $i -le $N ]; do
		fetch_wml "f$i" "$BASE/messages/new?unit=$unit" >/dev/null
		fetch_wml "p$i" "$BASE/messages" -H "$CT" --data-binary \
			"type=$(pct 咨询)&unit=$unit&title=$(pct "备份测试$i")&body=$(pct 正文)&name=&phone=&anonymous=0&token=$(token_of "f$i")" >/dev/null
		code_of "p$i" >> "$WORK/codes"
		i=$((i + 1))
	done
}
: > "$WORK/codes"
poster &
ppid=$!
k=0
while kill -0 $ppid 2>/dev/null && [ $k -lt 20 ]; do
	k=$((k + 1))
	if "$QIAO_BIN" backup --db "$db" "$WORK/bk/during$k.db" > "$WORK/bk.out" 2>&1; then
		ok
	else
		fail "backup $k while posting: $(cat "$WORK/bk.out")"
		continue
	fi
	expect_eq "backup $k passes integrity_check" "$(sqlite3 "$WORK/bk/during$k.db" 'PRAGMA integrity_check')" ok
	n=$(sqlite3 "$WORK/bk/during$k.db" "SELECT count(*) FROM messages")
	check "backup $k holds between $before and $((before + N)) letters ($n)" test "$n" -ge "$before" -a "$n" -le $((before + N))
done
wait $ppid
check "at least one backup ran while posting ($k)" test "$k" -ge 1
expect_eq "every post acknowledged with a code" "$(grep -c . "$WORK/codes")" $N
"$QIAO_BIN" backup --db "$db" "$WORK/bk/final.db" > "$WORK/bk.out" 2>&1
expect_eq "the final backup while serving" $? 0
check "the backup is private (mode 600)" test "$(stat -c %a "$WORK/bk/final.db")" = 600
"$QIAO_BIN" backup --db "$db" "$WORK/bk/final.db" > "$WORK/bk2.out" 2>&1
expect_eq "an existing DEST is refused" $? 1
expect_contains "... with --force as the way" "$WORK/bk2.out" "use --force"
"$QIAO_BIN" backup --db "$db" "$db" > "$WORK/bk3.out" 2>&1
expect_eq "the database itself as DEST is refused" $? 1
"$QIAO_BIN" backup --db "$db" > /dev/null 2>&1
expect_eq "no DEST: usage error" $? 2
stop_server

# Restore as qiao(8) says, onto an emptied place, and serve it.
rm -f "$db" "$db-wal" "$db-shm"
cp "$WORK/bk/final.db" "$db"
expect_eq "the restored database has every letter" "$(sqlite3 "$db" "SELECT count(*) FROM messages")" $((before + N))
missing=0
while read -r code; do
	[ "$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE code = '$code'")" = 1 ] || missing=$((missing + 1))
done < "$WORK/codes"
expect_eq "every acknowledged code is in the restored database" $missing 0
start_server "$db" || { fail "the restored database serves"; finish; }
last=$(tail -n 1 "$WORK/codes")
expect_eq "the last letter's lookup answers" "$(fetch_html look "$BASE/messages/lookup?code=$last")" 200
expect_not_contains "... and finds it" "$WORK/look" "没有找到"
expect_contains "... the letter itself" "$WORK/look" "备份测试$N"
stop_server
finish
