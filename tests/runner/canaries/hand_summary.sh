#!/bin/sh
# Canary: a summary written by hand, then status 1.
echo "hand_summary: 1 passed, 0 failed, 0 skipped"
exit 1
