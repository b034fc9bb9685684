#!/bin/sh
# fuzz_short.sh - a short libFuzzer run of every target in tests/fuzz
# (clang), as CI does it: QIAO_FUZZ_SECS seconds each (10 by default).
# make test replays each target's committed corpus anyway (the `fuzz`
# lines of tests/suites.list, gcc); this runs the fuzzers themselves, so
# it needs clang and libFuzzer (tools/deps.sh test installs them).
#
# Runs under CI=true or STRICT=1, or when QIAO_FUZZ_SECS is set; otherwise
# it is skipped by name (`make fuzz` is the longer run for a workstation).
# Each run starts from seed QIAO_FUZZ_SEED (1), so it is reproducible.
# A crash fails the target's check and leaves its input in
# build/fuzz/crashes_T/ (see tests/fuzz/run.sh).
. "$(dirname "$0")/lib.sh"
cd "$QIAO_TOP" || exit 2

secs=${QIAO_FUZZ_SECS:-10}
targets=
for f in tests/fuzz/fuzz_*.c; do targets="$targets $(basename "$f" .c)"; done

if ! strict && [ -z "${QIAO_FUZZ_SECS:-}" ]; then
	skip "short libFuzzer runs" "only with CI=true, STRICT=1 or QIAO_FUZZ_SECS=N (make fuzz runs them longer)"
	finish
	exit 0
fi
if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
	skip "short libFuzzer runs" "no clang (tools/deps.sh test installs clang and libclang-rt-14-dev)"
	finish
	exit 0
fi
# libFuzzer itself: a one-line target must link with -fsanitize=fuzzer.
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$WORK/probe.c"
if ! "${FUZZ_CC:-clang}" -fsanitize=fuzzer -o "$WORK/probe" "$WORK/probe.c" >"$WORK/probe.log" 2>&1; then
	skip "short libFuzzer runs" "clang cannot link libFuzzer: $(head -n 1 "$WORK/probe.log")"
	finish
	exit 0
fi

if ! make --no-print-directory fuzz-build >"$WORK/build.log" 2>&1; then
	fail "the libFuzzer flavour builds (make fuzz-build)"
	tail -n 20 "$WORK/build.log" | sed 's/^/      /' >&2
	finish
	exit 0
fi
ok
for t in $targets; do
	# A fixed seed: the run explores the same inputs on every machine, so a
	# green run here stays green in CI, and a find is a reproducible
	# regression rather than luck.  make fuzz is the random, longer search.
	if FUZZ=$t tests/fuzz/run.sh "$secs" -seed="${QIAO_FUZZ_SEED:-1}" >"$WORK/$t.out" 2>&1; then
		ok
		sed 's/^/  /' "$WORK/$t.out"
	else
		fail "$t runs ${secs} s without a crash"
		sed 's/^/      /' "$WORK/$t.out" | tail -n 8 >&2
	fi
done
finish
