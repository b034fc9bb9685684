#!/bin/sh
# run.sh - run every suite named in tests/suites.list and print one closing
# line, "N passed, M failed, K skipped", after the failed and skipped
# suites and checks by name.  The contract (tests/README.md):
#
#   - a suite's output ends with exactly one summary line,
#     "<suite>: N passed, N failed, N skipped" (printed by tests/e2e/lib.sh's
#     finish or tests/unit/harness.h's harness_done, never by hand);
#   - a suite fails when that line is missing, not the last line, or not
#     alone, when it reports a failure, when the suite prints a FAIL line,
#     exits non-zero, or runs past its time limit (the list's third field);
#   - every suite in the list must exist, and every suite on disk must be in
#     the list: a suite that goes missing fails the run;
#   - with CI=true or QIAO_STRICT=1 (make test STRICT=1) a skip is a failure.
#
#   tests/run.sh BUILD_DIR               (make test calls it with build/test)
#   QIAO_SUITES=LIST tests/run.sh BUILD  (another list, e.g. the canaries;
#                                         no check against the disk then)
set -u
build=${1:-build/test}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
case $build in /*) ;; *) build=$top/$build ;; esac
export QIAO_BIN="$build/qiao"
export QIAO_TOP="$top"
# No suite reads the machine's /etc/qiao/qiao.conf: an empty one instead.
export QIAO_CONFIG=/dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
[ "${CI:-}" = true ] && export QIAO_STRICT=1
strict=${QIAO_STRICT:-0}
list=${QIAO_SUITES:-$top/tests/suites.list}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qiao-run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
out=$tmp/out
: > "$tmp/failed"   # one line per failed suite or check
: > "$tmp/skipped"  # one line per skipped check
passed=0 failed=0 skipped=0
SUMMARY_RE='^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$'

suite_fail() {  # suite_fail SUITE REASON: a failure of the suite itself
	failed=$((failed + 1))
	echo "$1: $2" >> "$tmp/failed"
	echo "-- $1: FAILED: $2"
}

# run_suite NAME LIMIT COMMAND...: run it, show its output, judge it.
run_suite() {
	name=$1 limit=$2; shift 2
	t0=$(date +%s)
	timeout -k 10 "$limit" "$@" >"$out" 2>&1 </dev/null
	st=$?
	secs=$(( $(date +%s) - t0 ))
	cat "$out"
	echo "$name ${secs}s" >> "$tmp/times"
	nsum=$(grep -cE "$SUMMARY_RE" "$out")
	last=$(tail -n 1 "$out")
	p=0 f=0 s=0 bad=0
	if [ "$nsum" -eq 1 ] && printf '%s\n' "$last" | grep -qE "$SUMMARY_RE"; then
		set -- $(printf '%s\n' "$last" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/\1 \2 \3/')
		p=$1 f=$2 s=$3
	fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	# Checks by name, from the suite's FAIL and SKIP lines.
	grep -E '^[[:space:]]*FAIL[[:space:]]' "$out" | sed -E "s/^[[:space:]]*FAIL[[:space:]]+/$name: /" | head -n 50 >> "$tmp/failed"
	grep -E '^[[:space:]]*SKIP[[:space:]]' "$out" | sed -E "s/^[[:space:]]*SKIP[[:space:]]+/$name: /" >> "$tmp/skipped"
	if [ $st -eq 124 ] || [ $st -eq 137 ]; then
		suite_fail "$name" "timed out after ${limit}s"; bad=1
	elif [ $st -gt 128 ]; then
		suite_fail "$name" "killed by signal $((st - 128))"; bad=1
	fi
	if [ "$nsum" -eq 0 ]; then
		[ $bad -eq 1 ] || suite_fail "$name" "no summary line (exit status $st)"; bad=1
	elif [ "$nsum" -gt 1 ]; then
		suite_fail "$name" "$nsum summary lines, not one"; bad=1
	elif ! printf '%s\n' "$last" | grep -qE "$SUMMARY_RE"; then
		suite_fail "$name" "the summary is not the last line (last: $(printf '%.80s' "$last"))"; bad=1
	fi
	if [ $bad -eq 0 ] && [ "$f" -eq 0 ]; then
		if [ $st -ne 0 ]; then
			suite_fail "$name" "exit status $st with no failed check"
		elif grep -qE '^[[:space:]]*FAIL([[:space:]]|:|$)' "$out"; then
			suite_fail "$name" "printed a FAIL line but reported no failure"
		fi
	fi
	if [ "$strict" = 1 ] && [ "$s" -gt 0 ]; then
		suite_fail "$name" "$s skipped checks (skips are fatal with CI=true / STRICT=1)"
	fi
}

# The list: KIND NAME LIMIT per line (# comments).  unit: a binary of
# BUILD/tests/unit; fuzz: a harness of BUILD/tests/fuzz run over
# tests/fuzz/corpus_TARGET; sh: a script run with sh.
grep -vE '^[[:space:]]*(#|$)' "$list" > "$tmp/list" || { echo "run.sh: empty suite list $list"; exit 2; }
expected=$(wc -l < "$tmp/list" | tr -d ' ')

if [ -z "${QIAO_SUITES:-}" ]; then
	# Every suite on disk is listed (lib.sh is a library, not a suite).
	{ for f in tests/unit/test_*.c; do echo "unit $(basename "$f" .c)"; done
	  for f in tests/fuzz/fuzz_*.c; do echo "fuzz $(basename "$f" .c)"; done
	  for f in tests/e2e/*.sh tests/runner/*.sh; do
		  [ "$(basename "$f")" = lib.sh ] || echo "sh $f"; done; } > "$tmp/disk"
	while read -r kind name; do
		grep -qE "^$kind[[:space:]]+$name[[:space:]]" "$tmp/list" ||
			suite_fail "$name" "on disk but not in tests/suites.list"
	done < "$tmp/disk"
	# One demo database at seed scale, shared (read-only or copied) by the
	# end-to-end scripts.
	demo_dir=$tmp/demo
	mkdir -p "$demo_dir"
	export QIAO_DEMO_DB="$demo_dir/demo.db"
	start=$(date +%s)
	if ! "$QIAO_BIN" init --demo --db "$QIAO_DEMO_DB" >/dev/null; then
		suite_fail init-demo "qiao init --demo failed"
	fi
	echo "demo database built in $(( $(date +%s) - start ))s"
fi

ran=0
t_all=$(date +%s)
while read -r kind name limit; do
	case $kind in
	unit) path=$build/tests/unit/$name; set -- "$path" ;;
	fuzz) path=$build/tests/fuzz/$name; set -- "$path" "$top/tests/fuzz/corpus_${name#fuzz_}" ;;
	sh) path=$name; set -- sh "$path" ;;
	*) suite_fail "$name" "unknown kind '$kind' in the suite list"; continue ;;
	esac
	label=$(basename "$name")
	if [ ! -f "$path" ]; then
		suite_fail "$label" "listed but missing ($path)"
		continue
	fi
	ran=$((ran + 1))
	run_suite "$label" "${limit:-300}" "$@"
done < "$tmp/list"

echo "== $ran of $expected suites ran in $(( $(date +%s) - t_all ))s; slowest:"
sort -k2 -nr "$tmp/times" 2>/dev/null | head -n 5 | sed "s/^/   /"
[ "$ran" -eq "$expected" ] || suite_fail run "$ran of $expected listed suites ran"
if [ -s "$tmp/skipped" ]; then
	echo "skipped:"
	sed 's/^/  /' "$tmp/skipped"
fi
if [ -s "$tmp/failed" ]; then
	echo "failed:"
	sed 's/^/  /' "$tmp/failed"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
