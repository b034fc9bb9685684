#!/bin/sh
# Canary: its only failures happen in a `| while` loop and a subshell.
. "$QIAO_TOP/tests/e2e/lib.sh"
ok
printf 'a\nb\n' | while read -r x; do fail "inside a pipeline ($x)"; done
( fail "inside a subshell" )
finish
