#!/bin/sh
# run.sh - build the libFuzzer target for h1_parse() and run it.
#
#   tests/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]   (default 60 s)
#
# Needs clang with libFuzzer (Debian: clang + libclang-rt-dev).  Seeds are in
# tests/fuzz/corpus (committed); new inputs go to build/fuzz/corpus so the
# committed seeds stay small.  A crash leaves crash-* files in build/fuzz:
# add the input to tests/fuzz/corpus once fixed, so test_h1_parse replays it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
secs=${1:-60}
[ $# -gt 0 ] && shift
out=build/fuzz
mkdir -p "$out/corpus"
CC=${FUZZ_CC:-clang}
# shellcheck disable=SC2046
$CC -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Isrc \
	-o "$out/fuzz_h1_parse" tests/fuzz/fuzz_h1_parse.c src/http/h1_parse.c src/core/*.c \
	$(pkg-config --cflags libevent_core)
cd "$out"
exec ./fuzz_h1_parse -max_total_time="$secs" -max_len=9000 -print_final_stats=1 \
	"$@" corpus "$top/tests/fuzz/corpus"
