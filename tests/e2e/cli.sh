#!/bin/sh
# cli.sh - the command line: help, version, usage errors, init, migrate.
. "$(dirname "$0")/lib.sh"

latest=$(ls "$QIAO_TOP"/db/migrations/ | sed -nE 's/^0*([0-9]+)-.*\.sql$/\1/p' | sort -n | tail -n 1)
q() { timeout 60 "$QIAO_BIN" "$@" >"$WORK/out" 2>"$WORK/err"; echo $?; }
one_line_err() { [ "$(wc -l <"$WORK/err")" -eq 1 ] && grep -q '^qiao: ' "$WORK/err"; }

expect_eq "no command is a usage error" "$(q)" 2
expect_eq "--help" "$(q --help)" 0
expect_contains "--help lists serve" "$WORK/out" "serve"
expect_eq "--version" "$(q --version)" 0
expect_contains "--version prints the version" "$WORK/out" "qiao 0."
for cmd in serve init migrate; do
	expect_eq "$cmd --help" "$(q $cmd --help)" 0
	expect_contains "$cmd --help shows usage" "$WORK/out" "usage: qiao $cmd"
done

expect_eq "unknown command" "$(q frobnicate)" 2
check "unknown command: one line naming it" one_line_err
expect_contains "unknown command named" "$WORK/err" "frobnicate"
expect_eq "unknown global flag" "$(q --frob)" 2
expect_eq "unknown serve flag" "$(q serve --frob)" 2
check "unknown flag: one line" one_line_err
expect_contains "unknown flag named" "$WORK/err" "--frob"
expect_eq "missing value" "$(q serve --listen)" 2
check "missing value: one line" one_line_err
expect_contains "missing value named" "$WORK/err" "--listen"
expect_eq "stray argument" "$(q init --db "$WORK/x.db" extra)" 2
expect_eq "bad listen spec" "$(q serve --listen nonsense --db "$WORK/none.db")" 2
# --scale (the load-test catalogue) needs --demo and a whole number 1-20;
# refused before anything is created.
expect_eq "--scale without --demo" "$(q init --scale 2 --db "$WORK/sc.db")" 2
check "--scale without --demo: one line" one_line_err
expect_contains "--scale without --demo named" "$WORK/err" "--demo"
for bad in 0 21 -3 2x "" 99999999999999999999; do
	expect_eq "--scale '$bad' refused" "$(q init --demo --scale "$bad" --db "$WORK/sc.db")" 2
done
expect_contains "--scale range named" "$WORK/err" "1 to 20"
check "no database for a refused --scale" test ! -e "$WORK/sc.db"

# init: creates, refuses to overwrite, --force replaces.
expect_eq "init creates" "$(q init --db "$WORK/new.db")" 0
check "database file exists" test -f "$WORK/new.db"
expect_eq "schema version is latest" "$(sqlite3 "$WORK/new.db" 'PRAGMA user_version')" "$latest"
expect_eq "WAL mode" "$(sqlite3 "$WORK/new.db" 'PRAGMA journal_mode')" wal
expect_eq "regions seeded" "$(sqlite3 "$WORK/new.db" 'SELECT count(*) FROM regions')" 138
expect_eq "topics seeded" "$(sqlite3 "$WORK/new.db" 'SELECT count(*) FROM topics')" 13
expect_eq "no demo content without --demo" "$(sqlite3 "$WORK/new.db" 'SELECT count(*) FROM items')" 0
expect_eq "init refuses to overwrite" "$(q init --db "$WORK/new.db")" 1
check "refusal: one line" one_line_err
expect_contains "refusal says --force" "$WORK/err" "--force"
sqlite3 "$WORK/new.db" "INSERT INTO columns (id, level, name) VALUES (999, 1, 'marker')"
expect_eq "init --force replaces" "$(q init --force --db "$WORK/new.db")" 0
expect_eq "replaced database is fresh" "$(sqlite3 "$WORK/new.db" 'SELECT count(*) FROM columns')" 0
expect_eq "QIAO_DB is the default" "$(QIAO_DB="$WORK/env.db" "$QIAO_BIN" init >/dev/null 2>&1; echo $?)" 0
check "QIAO_DB file created" test -f "$WORK/env.db"
expect_eq "init into a missing directory fails" "$(q init --db "$WORK/no/such/dir/x.db")" 1
check "missing directory: one line" one_line_err
check "no temporary file left behind" sh -c "! ls '$WORK'/*.init-* 2>/dev/null"

# Unreadable or foreign databases.
expect_eq "migrate on a missing database" "$(q migrate --db "$WORK/missing.db")" 1
check "missing database: one line" one_line_err
expect_contains "missing database named" "$WORK/err" "missing.db"
printf 'this is not sqlite, just text padded to look like a file header....\n%.0s' 1 2 3 4 5 6 7 8 9 10 > "$WORK/junk.db"
expect_eq "migrate on a non-database" "$(q migrate --db "$WORK/junk.db")" 1
check "non-database: one line" one_line_err
expect_eq "serve on a non-database" "$(q serve --db "$WORK/junk.db" --listen 127.0.0.1:0 --root "$QIAO_TOP")" 1
check "serve non-database: one line" one_line_err

# Migrations: a version-1 database (built from 001 alone, as an older qiao
# made it) is brought forward with its content kept.
sqlite3 "$WORK/v1.db" < "$QIAO_TOP/db/migrations/001-initial.sql"
sqlite3 "$WORK/v1.db" "PRAGMA user_version = 1; INSERT INTO columns (id, level, name) VALUES (1, 1, '湖南概况'); INSERT INTO articles (column_id, title, published_at, body) VALUES (1, '旧文章', 1700000000, '正文');"
expect_eq "migrate an old database" "$(q migrate --db "$WORK/v1.db")" 0
expect_contains "migrate reports the version" "$WORK/out" "schema version $latest"
expect_eq "user_version advanced" "$(sqlite3 "$WORK/v1.db" 'PRAGMA user_version')" "$latest"
expect_eq "content kept" "$(sqlite3 "$WORK/v1.db" "SELECT title FROM articles")" "旧文章"
expect_eq "new table present" "$(sqlite3 "$WORK/v1.db" "SELECT count(*) FROM meta WHERE key = 'generation'")" 1
sqlite3 "$WORK/v1.db" "UPDATE articles SET title = '新标题'"
expect_eq "new triggers bump the generation" "$(sqlite3 "$WORK/v1.db" "SELECT value FROM meta WHERE key = 'generation'")" 2
expect_eq "migrate again is a no-op" "$(q migrate --db "$WORK/v1.db")" 0
sqlite3 "$WORK/v1.db" "PRAGMA user_version = 99"
expect_eq "a newer database is refused" "$(q migrate --db "$WORK/v1.db")" 1
expect_contains "newer database explained" "$WORK/err" "newer"

# The demo database (built once by run.sh) from db/demo/: its counts follow
# from the data (db/demo/README.md, "Scale").
d=$QIAO_DEMO_DB
expect_eq "demo regions" "$(sqlite3 "$d" 'SELECT count(*) FROM regions')" 138
expect_eq "demo cities" "$(sqlite3 "$d" 'SELECT count(*) FROM regions WHERE level = 2')" 14
expect_eq "demo counties" "$(sqlite3 "$d" 'SELECT count(*) FROM regions WHERE level = 3')" 123
expect_eq "demo units" "$(sqlite3 "$d" 'SELECT count(*) FROM units')" 4732
expect_eq "demo items" "$(sqlite3 "$d" 'SELECT count(*) FROM items')" 51638
expect_eq "demo items by level" "$(sqlite3 "$d" 'SELECT group_concat(n, "/") FROM (SELECT r.level, count(*) n FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id GROUP BY r.level ORDER BY r.level)')" "49/5445/46144"
expect_eq "demo says it is demo data" "$(sqlite3 "$d" "SELECT value FROM meta WHERE key = 'demo'")" 1
expect_eq "every item has a topic" "$(sqlite3 "$d" 'SELECT count(*) FROM items WHERE id NOT IN (SELECT item_id FROM item_topics)')" 0
expect_eq "column tree 8/68/303" "$(sqlite3 "$d" "SELECT group_concat(n, '/') FROM (SELECT level, count(*) n FROM columns WHERE lang = 'zh' GROUP BY level ORDER BY level)")" "8/68/303"
expect_eq "foreign trees 7/20 each" "$(sqlite3 "$d" "SELECT group_concat(lang || ':' || n, ' ') FROM (SELECT lang, count(*) n FROM columns WHERE lang <> 'zh' GROUP BY lang ORDER BY lang)")" "en:27 fr:27 ja:27 ko:27"
expect_eq "eight sections in order" "$(sqlite3 "$d" "SELECT group_concat(name, ',') FROM (SELECT name FROM columns WHERE level = 1 AND lang = 'zh' ORDER BY sort, id)")" "湖南概况,政务公开,网上办事,公共服务,互动交流,湖南经济,湖南文化,湖南旅游"
check "thousands of articles" test "$(sqlite3 "$d" 'SELECT count(*) FROM articles')" -ge 2000
check "long articles (5,000+ characters)" test "$(sqlite3 "$d" 'SELECT count(*) FROM articles WHERE length(body) >= 5000')" -ge 10
check "hundreds of messages" test "$(sqlite3 "$d" 'SELECT count(*) FROM messages')" -ge 200
check "most messages published" test "$(sqlite3 "$d" "SELECT count(*) * 2 > (SELECT count(*) FROM messages) FROM messages WHERE state = 'published'")" -eq 1
check "most published messages replied" test "$(sqlite3 "$d" "SELECT count(DISTINCT message_id) * 2 > (SELECT count(*) FROM messages WHERE state = 'published') FROM replies")" -eq 1
expect_eq "foreign keys hold" "$(sqlite3 "$d" 'PRAGMA foreign_key_check' | wc -l)" 0
expect_eq "integrity" "$(sqlite3 "$d" 'PRAGMA integrity_check')" ok


# --- argument handling of every command: usage errors exit 2, runtime
# errors 1, each with one "qiao: " line on stderr.
adb=$(demo_db args.db)
while IFS='|' read -r want args; do
	# shellcheck disable=SC2086
	expect_eq "qiao $args" "$(q $args)" "$want"
	check "qiao $args: one line" one_line_err
done <<EOF
2|serve --workers 0 --db $adb
2|serve --workers 300 --db $adb
2|serve --workers x --db $adb
2|serve --cache-size -1 --db $adb
2|serve --cache-size abc --db $adb
2|serve --access-log
2|check --timeout 0
2|check --timeout x
2|check --max-pages x
2|check --format
2|messages --db $adb
2|messages frob --db $adb
2|messages show --db $adb
2|messages reply 1 --db $adb
2|messages reply 1 --unit 1 --db $adb
2|messages extend 1 --days x --db $adb
2|messages list --frob --db $adb
2|messages show abc --db $adb
2|messages list --state bogus --db $adb
2|serve --trusted-gateway garbage --listen 127.0.0.1:0 --db $adb
2|serve --trusted-gateway 10.0.0.300 --listen 127.0.0.1:0 --db $adb
1|messages show 99999999 --db $adb
1|messages publish 99999999 --db $adb
1|messages reply 1 --unit 1 --file $WORK/no-such-file --db $adb
1|messages list --db $WORK/no-such.db
1|check --base http://127.0.0.1:1/
EOF

# --- issue 15, fault 8: errors that say what is wrong, bad input refused.
expect_eq "messages --db X (no command) is a usage error" "$(q messages --db "$adb")" 2
check "messages --db X: one line" one_line_err
check "messages --db X: says the command is missing" grep -q "missing command" "$WORK/err"
check "messages --db X: not 'unknown command --db'" sh -c "! grep -q \"unknown command '--db'\" '$WORK/err'"
mkdir -p "$WORK/adir"
for force in "" --force; do
	expect_eq "init --db DIR $force exits 1" "$(q init --db "$WORK/adir" $force)" 1
	check "init --db DIR $force: one line" one_line_err
	check "init --db DIR $force: says it is a directory" grep -q "is a directory" "$WORK/err"
done
# serve refuses at start, in one line, what it cannot use (a server that
# starts anyway is stopped by timeout: exit 124).
qs() { timeout 10 "$QIAO_BIN" serve --listen 127.0.0.1:0 --workers 1 "$@" >"$WORK/out" 2>"$WORK/err"; echo $?; }
expect_eq "serve --access-log in a missing directory exits 1" "$(qs --db "$adb" --access-log /nonexistent/dir/f)" 1
check "serve --access-log missing dir: one line" one_line_err
expect_contains "serve --access-log missing dir: names the file" "$WORK/err" "/nonexistent/dir/f"
: > "$WORK/empty.db"
expect_eq "serve --db on a 0-byte file exits 1" "$(qs --db "$WORK/empty.db")" 1
check "serve --db 0-byte: one line" one_line_err
expect_contains "serve --db 0-byte: says why" "$WORK/err" "empty"
expect_eq "the 0-byte file is left as it was" "$(wc -c <"$WORK/empty.db")" 0
expect_eq "messages list --db 0-byte exits 1" "$(q messages list --db "$WORK/empty.db")" 1

# --- serve --cache-size 0 and --access-log -: no cache (so no ETag, and an
# SQL change shows at once), the access log on standard output.
start_server "$adb" --cache-size 0 --access-log - --workers 1 >"$WORK/serve.out" || { fail "server starts"; finish; }
expect_eq "--cache-size 0: home 200" "$(fetch_html nc1 "$BASE/")" 200
expect_eq "--cache-size 0: no ETag (not from a cache)" "$(header nc1 ETag)" ""
expect_eq "--cache-size 0: If-None-Match is not answered 304" "$(fetch_html nc2 "$BASE/" -H 'If-None-Match: "x"')" 200
sqlite3 "$adb" "UPDATE articles SET title = '无缓存测试标题' WHERE id = (SELECT id FROM articles WHERE deleted = 0 ORDER BY published_at DESC, id DESC LIMIT 1)"
fetch_html nc3 "$BASE/" >/dev/null
expect_contains "--cache-size 0: a change shows at once" "$WORK/nc3" "无缓存测试标题"

# qiao check --all lists every page, --timeout stops the crawl and says so.
"$QIAO_BIN" check --base "$BASE" --max-pages 3 --all >"$WORK/all.txt" 2>&1
expect_eq "check --all: exit 0" "$?" 0
expect_eq "check --all: every page listed (3 per profile)" "$(grep -cE '^(wml|xhtmlmp|html) +200 .* ok +/' "$WORK/all.txt")" 9
"$QIAO_BIN" check --base "$BASE" --max-pages 3 >"$WORK/some.txt" 2>&1
expect_eq "check without --all: no passing page listed" "$(grep -cE ' ok +/' "$WORK/some.txt")" 0
"$QIAO_BIN" check --base "$BASE" --max-pages 100000 --timeout 1 >"$WORK/tl.txt" 2>&1
expect_contains "check --timeout: the report says the crawl is incomplete" "$WORK/tl.txt" "time limit reached"
stop_server
check "--access-log -: lines on standard output" grep -q '"GET / HTTP/1.1" 200 ' "$WORK/serve.out"

finish
