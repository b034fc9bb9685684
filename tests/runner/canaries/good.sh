#!/bin/sh
# Canary (control): two checks pass, one of them in a pipeline.
. "$QIAO_TOP/tests/e2e/lib.sh"
ok
echo x | while read -r _; do ok; done
finish
