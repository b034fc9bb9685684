#!/bin/sh
# canaries.sh - the runner's own test: tests/run.sh is fed suites that
# must each make the run fail (tests/runner/canaries/: no summary, a FAIL
# line with status 0, failures in a pipeline and a subshell, a hang, a
# crash, two summaries, a hand-written summary, a listed suite that is
# missing), a skip that must fail only in strict mode, and a good suite
# that must pass.  The canaries are not suites of the real run.
. "$(dirname "$0")/../e2e/lib.sh"

C=tests/runner/canaries
build=$(dirname "$QIAO_BIN")
# run_list NAME LINE [ENV...]: run the runner on a one-line list; sets
# RST (its status) and leaves its output in $WORK/NAME.out.
run_list() {
	_n=$1 _l=$2; shift 2
	printf '%s\n' "$_l" > "$WORK/$_n.list"
	env QIAO_SUITES="$WORK/$_n.list" QIAO_STRICT= CI= "$@" sh "$QIAO_TOP/tests/run.sh" "$build" >"$WORK/$_n.out" 2>&1
	RST=$?
}
final() { tail -n 1 "$WORK/$1.out"; }

for c in no_summary fail_line pipeline hang crash two_summaries hand_summary; do
	run_list "$c" "sh $C/$c.sh 3"
	check "canary $c fails the run" test "$RST" -ne 0
	check "canary $c: final line says failed" sh -c "tail -n 1 '$WORK/$c.out' | grep -qE '^[0-9]+ passed, [1-9][0-9]* failed, [0-9]+ skipped\$'"
	expect_contains "canary $c named in the report" "$WORK/$c.out" "  $c.sh: "
done
expect_contains "no summary: says so" "$WORK/no_summary.out" "no summary line"
expect_contains "FAIL line: says so" "$WORK/fail_line.out" "printed a FAIL line"
expect_eq "pipeline and subshell failures all counted" "$(final pipeline)" "1 passed, 3 failed, 0 skipped"
expect_contains "hang: stopped by the time limit" "$WORK/hang.out" "timed out after 3s"
expect_contains "crash: the signal named" "$WORK/crash.out" "killed by signal"
expect_contains "two summaries: caught" "$WORK/two_summaries.out" "2 summary lines"

run_list missing "sh $C/no_such_suite.sh 3"
check "a listed suite that is missing fails the run" test "$RST" -ne 0
expect_contains "the missing suite is named" "$WORK/missing.out" "no_such_suite.sh: listed but missing"

run_list skip "sh $C/skip.sh 10"
check "a skip alone passes when not strict" test "$RST" -eq 0
expect_eq "the skip is counted" "$(final skip)" "1 passed, 0 failed, 1 skipped"
expect_contains "the skipped check is named with its reason" "$WORK/skip.out" "skip.sh: [skip] a required check: its tool is not installed"
run_list skip_strict "sh $C/skip.sh 10" QIAO_STRICT=1
check "a skip fails the run when strict" test "$RST" -ne 0
expect_contains "strict: the skipped check is named" "$WORK/skip_strict.out" "a required check (skipped"
run_list skip_ci "sh $C/skip.sh 10" CI=true
check "a skip fails the run with CI=true" test "$RST" -ne 0

run_list good "sh $C/good.sh 10"
check "a good suite passes" test "$RST" -eq 0
expect_eq "a good suite's count" "$(final good)" "2 passed, 0 failed, 0 skipped"
finish
