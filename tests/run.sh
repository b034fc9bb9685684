#!/bin/sh
# run.sh - run every test: the unit-test binaries, then the end-to-end
# scripts, and print one closing "N passed, N failed" line.
#
#   tests/run.sh BUILD_DIR        (make test calls it with build/test)
set -u
build=${1:-build/test}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
export QIAO_BIN="$top/$build/qiao"
export QIAO_TOP="$top"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0 failed=0 failed_suites=
tally() {  # tally OUTPUT_FILE SUITE STATUS
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\2/p')
	f=$(printf '%s\n' "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\3/p')
	[ -n "$p" ] || p=0
	[ -n "$f" ] || f=0
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi  # crashed or exited non-zero
	passed=$((passed + p)); failed=$((failed + f))
	[ "$f" -eq 0 ] || failed_suites="$failed_suites $2"
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$build"/tests/unit/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$out" 2>&1
	st=$?
	cat "$out"
	tally "$out" "$(basename "$t")" $st
done
# One demo database at seed scale, shared (read-only or copied) by the
# end-to-end scripts.
demo_dir=$(mktemp -d "${TMPDIR:-/tmp}/qiao-demo.XXXXXX")
trap 'rm -f "$out"; rm -rf "$demo_dir"' EXIT
export QIAO_DEMO_DB="$demo_dir/demo.db"
start=$(date +%s)
if ! "$QIAO_BIN" init --demo --db "$QIAO_DEMO_DB" >/dev/null; then
	echo "demo database: qiao init --demo failed"
	failed=$((failed + 1))
	failed_suites="$failed_suites init-demo"
fi
echo "demo database built in $(( $(date +%s) - start ))s"
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	sh "$t" >"$out" 2>&1
	st=$?
	cat "$out"
	tally "$out" "$(basename "$t")" $st
done
[ -z "$failed_suites" ] || echo "failing suites:$failed_suites"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
