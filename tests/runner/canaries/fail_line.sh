#!/bin/sh
# Canary: prints a FAIL line by hand, then a clean summary and status 0.
. "$QIAO_TOP/tests/e2e/lib.sh"
ok
echo "  FAIL [canary] something broke"
finish
