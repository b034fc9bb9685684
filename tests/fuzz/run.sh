#!/bin/sh
# run.sh - build a libFuzzer target and run it: h1_parse() (default) or,
# with FUZZ=uri, uri_decode() and uri_split(); FUZZ=config, config_parse().
#
#   [FUZZ=h1_parse|uri|config] tests/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]   (default 60 s)
#
# Needs clang with libFuzzer (Debian: clang + libclang-rt-dev).  Seeds are in
# tests/fuzz/corpus_TARGET (committed); new inputs go to build/fuzz/corpus_TARGET so the
# committed seeds stay small.  A crash leaves crash-* files in build/fuzz:
# add the input to tests/fuzz/corpus_TARGET once fixed, so make test replays it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
secs=${1:-60}
[ $# -gt 0 ] && shift
target=${FUZZ:-h1_parse}
case "$target" in
h1_parse) srcs="src/http/h1_parse.c"; seeds=corpus_h1_parse ;;
uri) srcs=""; seeds=corpus_uri ;;
config) srcs=""; seeds=corpus_config ;;
*) echo "run.sh: unknown FUZZ target '$target' (h1_parse, uri or config)" >&2; exit 2 ;;
esac
out=build/fuzz
mkdir -p "$out/corpus_$target"
CC=${FUZZ_CC:-clang}
# shellcheck disable=SC2046,SC2086
$CC -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Isrc \
	-o "$out/fuzz_$target" "tests/fuzz/fuzz_$target.c" $srcs src/core/*.c \
	$(pkg-config --cflags --libs libevent_core libxml-2.0 zlib)
cd "$out"
exec "./fuzz_$target" -max_total_time="$secs" -max_len=9000 -print_final_stats=1 \
	"$@" "corpus_$target" "$top/tests/fuzz/$seeds"
