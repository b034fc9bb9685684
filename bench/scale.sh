#!/bin/sh
# scale.sh - search latency and sizes on the demo at several catalogue
# sizes (issue 13 item 7).  Not a test and not part of `make test`: the
# ten-fold build takes minutes and over a gigabyte.  `make bench-scale`.
#
#   bench/scale.sh [N ...]        (default: 1 2 10 14)
#
# For each N: `qiao init --demo --scale N` into build/bench/scale-N.db
# (kept; rebuilt when missing or older than ./qiao), its build time (wall
# and CPU), item and unit counts, file size and the largest tables and
# indexes (sqlite dbstat); then bench/search_bench.c (the whole search
# pipeline, query rewriting included, page 1 of 10 rows) with
# bench/queries.txt and with the relevance set's citizens' queries.
# With the demo's 51,638 items, N = 2 (103,276) is the first size over the
# 63,891 of issue 13's first target and N = 13 (671,294) the first over its
# ten-times target of 638,910.  Prints numbers to copy into RESULTS.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/bench
mkdir -p "$out"
[ -x ./qiao ] || { echo "scale.sh: build ./qiao first (make)"; exit 1; }
[ $# -gt 0 ] || set -- 1 2 10 13

echo "== machine"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')  nproc: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -m1 'model name' /proc/cpuinfo || true
echo "sqlite: $(sqlite3 --version | cut -d' ' -f1)"

# the libraries the Makefile links (its PKGS line), as bench/run.sh does
pkgs=$(sed -n 's/^PKGS *:= *//p' Makefile)
objs=$(find build/release/src -name '*.o' ! -name main.o | sort)
# shellcheck disable=SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc $(pkg-config --cflags $pkgs) -o "$out/search_bench" \
	bench/search_bench.c $objs build/release/gen/migrations.o build/release/gen/seeds.o build/release/gen/pinyin.o build/release/gen/catalogs.o \
	$(pkg-config --libs $pkgs) -lm
grep -v '^#' tests/data/search-relevance.tsv | tail -n +2 | cut -f1 > "$out/relevance-queries.txt"

for n in "$@"; do
	db=$out/scale-$n.db
	echo "== scale $n"
	if [ ! -f "$db" ] || [ ./qiao -nt "$db" ]; then
		rm -f "$db"
		/usr/bin/time -f "build: %e s wall, %U s user + %S s system CPU, %M KB max RSS" \
			./qiao init --demo --scale "$n" --db "$db" 2>&1 | grep -v '^qiao: created'
	else
		echo "build: (kept $db)"
	fi
	echo "load after build: $(cut -d' ' -f1-3 /proc/loadavg)"
	sqlite3 "$db" "SELECT 'items ' || (SELECT count(*) FROM items) || ', units ' || (SELECT count(*) FROM units)
		|| ', names ' || (SELECT count(DISTINCT name) FROM items)"
	echo "file: $(($(stat -c %s "$db") / 1048576)) MiB"
	sqlite3 "$db" "SELECT printf('  %-26s %8.1f MiB', name, sum(pgsize) / 1048576.0) FROM dbstat
		GROUP BY name ORDER BY sum(pgsize) DESC LIMIT 8"
	echo "-- bench/queries.txt"
	"$out/search_bench" "$db" bench/queries.txt 5
	echo "-- relevance set queries"
	"$out/search_bench" "$db" "$out/relevance-queries.txt" 5
done
