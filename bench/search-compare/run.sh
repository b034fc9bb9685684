#!/bin/sh
# run.sh - qiao's service search against an off-the-shelf build (issue 13:
# jieba word segmentation + a BM25 index, MiniSearch, over name,
# department, region and conditions) on the same relevance set and the
# same catalogue.  A benchmark, not a test: it prints the numbers recorded
# in bench/RESULTS.md section 8.
#
#   make && bench/search-compare/run.sh [DB]
#
# DB defaults to build/bench/demo.db (`qiao init --demo` when missing, as
# bench/run.sh does).  Two catalogues are scored, each by both systems:
#   - the demo database DB (what `qiao init --demo` builds);
#   - the in-process store of qiao's scorer (tests/unit/test_search_relevance.c
#     fills it from db/demo/services.tsv; kept here to export it).
# qiao is scored by that scorer itself; the other system by compare.mjs,
# which applies the scorer's definitions (first ten results, rank of the
# first item whose name fnmatches an expected pattern, success@3, MRR).
# The catalogue goes to node through the sqlite3 CLI (-json).  The npm
# packages (jieba-wasm, minisearch, versions pinned in package-lock.json)
# are installed here, under bench/search-compare/node_modules, by `npm ci`
# the first time; nothing is installed globally.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
out=build/bench
mkdir -p "$out"
db=${1:-$out/demo.db}
[ -x ./qiao ] || { echo "run.sh: build ./qiao first (make)" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "run.sh: node is needed (Debian: nodejs)" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "run.sh: the sqlite3 CLI is needed" >&2; exit 1; }
if [ ! -f "$db" ]; then
	echo "== building the demo database ($db)"
	./qiao init --demo --db "$db"
fi
if [ ! -d "$here/node_modules/minisearch" ] || [ ! -d "$here/node_modules/jieba-wasm" ]; then
	echo "== npm ci (bench/search-compare)"
	(cd "$here" && npm ci --no-audit --no-fund)
fi

# qiao's scorer, built as bench/run.sh builds it (release objects, -O2),
# with the libraries the Makefile links (its PKGS line).
pkgs=$(sed -n 's/^PKGS *:= *//p' Makefile)
objs=$(find build/release/src -name '*.o' ! -name main.o | sort)
# shellcheck disable=SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc -Itests/unit $(pkg-config --cflags $pkgs) -o "$out/relevance" \
	tests/unit/test_search_relevance.c $objs build/release/gen/migrations.o build/release/gen/seeds.o \
	build/release/gen/pinyin.o build/release/gen/catalogs.o $(pkg-config --libs $pkgs) -lm

export_items() {  # export_items DB FILE: the catalogue as JSON rows
	sqlite3 -json "$1" "SELECT i.id AS id, i.name AS name, u.name AS department, r.name AS region,
		i.conditions AS conditions FROM items i JOIN units u ON u.id = i.unit_id
		JOIN regions r ON r.id = u.region_id ORDER BY i.id" >"$2"
}

set_file=tests/data/search-relevance.tsv
echo "== the demo database $db ($(sqlite3 "$db" 'SELECT count(*) FROM items') items)"
printf 'qiao svc_search: '
QIAO_TOP="$top" QIAO_RELEVANCE_DB="$db" "$out/relevance" 2>/dev/null | grep '^relevance:' || true
export_items "$db" "$out/compare-demo.json"
node "$here/compare.mjs" "$out/compare-demo.json" "$set_file"

echo "== the scorer's own store (db/demo/services.tsv in every region of its levels)"
printf 'qiao svc_search: '
QIAO_TOP="$top" QIAO_RELEVANCE_KEEP=1 "$out/relevance" 2>"$out/relevance.err" | grep '^relevance:' || true
kept=$(sed -n 's/^  kept //p' "$out/relevance.err" | tail -n 1)
if [ -n "$kept" ] && [ -f "$kept" ]; then
	export_items "$kept" "$out/compare-catalogue.json"
	node "$here/compare.mjs" "$out/compare-catalogue.json" "$set_file"
	rm -f "$kept" "$kept-wal" "$kept-shm"
	rmdir "$(dirname "$kept")" 2>/dev/null || true
else
	echo "run.sh: the scorer did not keep its store (see $out/relevance.err)" >&2
	exit 1
fi
