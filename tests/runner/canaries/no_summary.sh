#!/bin/sh
# Canary: exits 0 without a summary line.
echo "all fine, trust me"
exit 0
