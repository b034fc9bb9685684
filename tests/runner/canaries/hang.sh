#!/bin/sh
# Canary: never ends (the runner's time limit must stop it).
. "$QIAO_TOP/tests/e2e/lib.sh"
ok
sleep 600
finish
