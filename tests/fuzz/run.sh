#!/bin/sh
# run.sh - build the libFuzzer targets of tests/fuzz with clang (make
# fuzz-build: build/fuzz/bin/fuzz_T) and run each for a set time, one
# after the other.  `make fuzz` calls it; so does the short CI run
# (tests/e2e/fuzz_short.sh).
#
#   [FUZZ="h1_parse uri ..."] tests/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]
#
# SECONDS is per target (default 60); FUZZ names targets (fuzz_T or T;
# default: every tests/fuzz/fuzz_*.c).  Needs clang with libFuzzer (Debian:
# clang, libclang-rt-14-dev).  Seeds are tests/fuzz/corpus_T (committed);
# new inputs go to build/fuzz/corpus_T, so the committed seeds stay small.
# A crash leaves its input in build/fuzz/crashes_T/ and makes the run fail;
# once fixed, add the input to tests/fuzz/corpus_T so make test replays it.
# One line per target: "fuzz_T: N execs in S s (E/s), cov C, ft F, corpus K: ok|CRASH".
# Extra flags go to every target, e.g. -runs=10000000 to stop at 10 M
# executions (the long run of tests/fuzz/RESULTS.md).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=
for t in ${FUZZ:-}; do targets="$targets fuzz_${t#fuzz_}"; done
if [ -z "$targets" ]; then
	for f in tests/fuzz/fuzz_*.c; do targets="$targets $(basename "$f" .c)"; done
fi
for t in $targets; do
	[ -f "tests/fuzz/$t.c" ] || { echo "run.sh: no target tests/fuzz/$t.c" >&2; exit 2; }
done
bins=
for t in $targets; do bins="$bins build/fuzz/bin/$t"; done
# shellcheck disable=SC2086
make --no-print-directory $bins >/dev/null
out=$top/build/fuzz
export QIAO_TOP="$top"
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
bad=0
for t in $targets; do
	name=${t#fuzz_}
	mkdir -p "$out/corpus_$name" "$out/crashes_$name"
	log=$out/$t.log
	st=0
	t0=$(date +%s)
	# shellcheck disable=SC2086
	"$out/bin/$t" -max_total_time="$secs" -max_len=9000 -print_final_stats=1 -timeout=20 \
		-rss_limit_mb=2048 -artifact_prefix="$out/crashes_$name/" "$@" \
		"$out/corpus_$name" "$top/tests/fuzz/corpus_$name" > "$log" 2>&1 || st=$?
	took=$(( $(date +%s) - t0 ))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
	ncorp=$(find "$out/corpus_$name" -type f | wc -l | tr -d ' ')
	verdict=ok
	if [ "$st" -ne 0 ]; then
		verdict="CRASH (exit $st; see $log and $out/crashes_$name/)"
		bad=$((bad + 1))
		grep -E 'ERROR|broken promise|runtime error|SUMMARY' "$log" | head -n 3 | sed 's/^/    /'
	fi
	echo "$t: ${execs:-?} execs in ${took} s (${rate:-?}/s), cov ${cov:-?}, ft ${ft:-?}, corpus $ncorp: $verdict"
done
[ "$bad" -eq 0 ]
