#!/bin/sh
# Canary: passes a check, then dies of a signal before finishing.
. "$QIAO_TOP/tests/e2e/lib.sh"
ok
kill -SEGV $$
finish
