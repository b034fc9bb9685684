#!/bin/sh
# run.sh - the services benchmarks (make bench).  Not a test: it prints
# numbers to copy into bench/RESULTS.md.
#
#   bench/run.sh [DB]
#
# DB defaults to build/bench/demo.db, created with `qiao init --demo` when
# missing (the demo portal: 51,638 items).  Measures:
#   1. search latency inside the process (bench/search_bench.c, built here
#      against the release objects): 200 fixed queries, p50/p90/p99;
#   2. browse and search page latency over HTTP (curl, loopback);
#   3. bench/http.sh: requests/s and p99 of cached pages (the home page in
#      three dialects, an article, a guide, a search) against nginx serving
#      the same bytes, memory with 10,000 idle connections, start-up time;
#   4. bench/import_search.sh: searches while `qiao import services` runs.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/bench
mkdir -p "$out"
db=${1:-$out/demo.db}
[ -x ./qiao ] || { echo "run.sh: build ./qiao first (make)"; exit 1; }
if [ ! -f "$db" ]; then
	echo "== building the demo database ($db)"
	./qiao init --demo --db "$db"
fi

echo "== machine"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "nproc: $(nproc)"
lscpu | head -n 15
echo "sqlite: $(sqlite3 --version | cut -d' ' -f1)  items: $(sqlite3 "$db" 'SELECT count(*) FROM items')"

echo "== 1. search latency in the process (svc_search, page 1, 10 rows)"
# the libraries the Makefile links (its PKGS line)
pkgs=$(sed -n 's/^PKGS *:= *//p' Makefile)
objs=$(find build/release/src -name '*.o' ! -name main.o | sort)
# shellcheck disable=SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc $(pkg-config --cflags $pkgs) -o "$out/search_bench" \
	bench/search_bench.c $objs build/release/gen/migrations.o build/release/gen/seeds.o build/release/gen/pinyin.o build/release/gen/catalogs.o $(pkg-config --libs $pkgs) -lm
"$out/search_bench" "$db" bench/queries.txt 5
# The citizens' queries of the relevance set, same pipeline (issue 13).
grep -v '^#' tests/data/search-relevance.tsv | tail -n +2 | cut -f1 > "$out/relevance-queries.txt"
"$out/search_bench" "$db" "$out/relevance-queries.txt" 5

echo "== 1b. search relevance (tests/data/search-relevance.tsv: success@3, MRR)"
# shellcheck disable=SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc -Itests/unit $(pkg-config --cflags $pkgs) -o "$out/relevance" \
	tests/unit/test_search_relevance.c $objs build/release/gen/migrations.o build/release/gen/seeds.o build/release/gen/pinyin.o build/release/gen/catalogs.o $(pkg-config --libs $pkgs) -lm
echo "catalogue db/demo/services.tsv (in-process store):"
QIAO_TOP="$top" "$out/relevance" 2>/dev/null | grep '^relevance:'
echo "the demo database $db:"
QIAO_TOP="$top" QIAO_RELEVANCE_DB="$db" "$out/relevance" 2>/dev/null | grep '^relevance:'

echo "== 2. page latency over HTTP (loopback, 200 requests each)"
./qiao serve --listen 127.0.0.1:0 --db "$db" --root "$top" 2>"$out/server.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT INT TERM
port=
for _ in $(seq 1 100); do
	port=$(sed -nE 's|.*on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$out/server.err" | tail -n 1)
	[ -n "$port" ] && break
	sleep 0.05
done
[ -n "$port" ] || { echo "server did not start"; cat "$out/server.err"; exit 1; }
base="http://127.0.0.1:$port"
sb=%E7%A4%BE%E4%BF%9D   # 社保
lat() {  # lat NAME URL UA: p50/p99 of time_total over 200 sequential requests
	for _ in $(seq 1 200); do
		curl -s -o /dev/null -A "$3" -w '%{time_total}\n' "$1"
	done | sort -n | awk -v name="$2" '{ a[NR] = $1 } END { printf "  %-34s p50 %.2f ms  p99 %.2f ms\n", name, a[int(NR*0.5)]*1000, a[int(NR*0.99)]*1000 }'
}
wml='Nokia7110/1.0 (05.01)'
html='Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)'
lat "$base/services" "entry (html)" "$html"
lat "$base/services/region/2" "region 长沙市 (wml)" "$wml"
lat "$base/services/unit/100" "unit (html)" "$html"
lat "$base/services/topic/2?region=2" "topic 社保 in 长沙市 (html)" "$html"
lat "$base/services/100" "guide (wml)" "$wml"
lat "$base/services/search?q=$sb" "search 社保 (html)" "$html"
lat "$base/services/search?q=$sb&page=50" "search 社保 page 50 (wml)" "$wml"

kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
trap - EXIT INT TERM

echo "== 3. qiao against nginx on the same bytes, idle connections, start-up (bench/http.sh)"
bench/http.sh "$db" "${BENCH_DURATION:-10s}" "${BENCH_ROUNDS:-2}"

echo "== 4. searches while the catalogue is imported (bench/import_search.sh)"
bench/import_search.sh 20000
