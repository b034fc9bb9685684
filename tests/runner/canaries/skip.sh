#!/bin/sh
# Canary: one pass and one skipped required check (fatal when strict).
. "$QIAO_TOP/tests/e2e/lib.sh"
ok
skip "a required check" "its tool is not installed"
finish
