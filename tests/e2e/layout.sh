#!/bin/sh
# layout.sh - the module rules of docs/architecture.md that a grep can see:
# http/ includes nothing from pages/ or store/, nothing includes evhttp,
# the build links libevent's core only, and what differs by dialect is
# read from the dialect table (render/dialect.[ch]) rather than switched on
# outside it (device detection chooses a profile; check/ is a client that
# knows each markup's elements).  Also: store/ is SQL only (no XML, no
# UTF-8 decoding of its own), pure modules' tests link only the pure
# objects, no source file over 700 lines and no function over 80 (the
# HTTP parser's state machine excepted).
. "$(dirname "$0")/lib.sh"
cd "$QIAO_TOP" || exit 2

up=$(grep -rn '#include "\(pages\|store\|app\)/' src/http/ || true)
expect_eq "src/http includes no pages/, store/ or app/ header" "$up" ""

ev=$(grep -rln --include='*.[ch]' --include='*.sh' 'event2/http\.h\|evhttp_' src/ tests/unit tests/fuzz bench || true)
expect_eq "no evhttp anywhere" "$ev" ""
check "the Makefile asks pkg-config for libevent_core" grep -q '^PKGS .*libevent_core' Makefile
check "no plain libevent in the Makefile" sh -c '! grep -q "^PKGS .*libevent " Makefile'

sw=$(grep -rn 'PROFILE_\(WML\|XHTMLMP\|HTML\)' src/ | grep -v '^src/render/dialect\.[ch]:\|^src/device/\|^src/check/' |
	grep -v '^[^:]*:[0-9]*: \*' || true)
expect_eq "no dialect switch outside the table, device detection and check/" "$sw" ""
arr=$(grep -rn 'static const int [a-z_]*\[\] = {\|\[PROFILE_' src/pages src/http src/app || true)
expect_eq "no per-dialect arrays in pages/, http/, app/" "$arr" ""

big=
for f in src/*.c src/*/*.c; do
	[ -f "$f" ] || continue
	n=$(wc -l <"$f")
	[ "$n" -le 700 ] || big="$big $f:$n"
done
expect_eq "no source file over 700 lines" "$big" ""

# Function bodies: the style puts a function's braces alone in column 0,
# so a body runs from a line "{" to the next line "}".
long=$(awk 'FNR == 1 { open = 0 }
	/^[A-Za-z].*\(/ { last = $0 }
	$0 == "{" { open = FNR; name = last; next }
	$0 == "}" && open { if (FNR - open - 1 > 80) print FILENAME ":" open ": " FNR - open - 1 " lines: " name; open = 0 }' \
	src/*.c src/*/*.c | grep -v '^src/http/h1_parse\.c:[0-9]*: [0-9]* lines: .*h1_parse(' || true)
expect_eq "no function over 80 lines (h1_parse's state machine excepted)" "$long" ""
# ... and the counter does see functions (a canary for the awk above).
check "the function counter finds h1_parse's state machine" sh -c \
	"awk '\$0 == \"{\" { o = FNR } \$0 == \"}\" && o { if (FNR - o - 1 > 80) n++; o = 0 } END { exit !n }' src/http/h1_parse.c"

# store/ is SQL: every file uses SQLite, none parses XML or decodes UTF-8
# by hand (text folding is text/, decoding core/utf8, XML import/).
nosql=$(grep -L 'sqlite3' src/store/*.c || true)
expect_eq "every src/store file uses SQLite" "$nosql" ""
xml=$(grep -ln 'libxml\|core/xml\.h' src/store/* || true)
expect_eq "src/store includes no XML reader" "$xml" ""
dec=$(grep -n '& 0x[cC]0\|& 0x3[fF]\|0x[eE]0 |\|0x[fF]0 |' src/store/*.c || true)
expect_eq "src/store decodes no UTF-8 by hand" "$dec" ""
hand=$(grep -ln '& 0x[cC]0) != 0x80' src/*.c src/*/*.c | grep -v '^src/core/utf8\.c$' || true)
expect_eq "no code point counting outside core/utf8" "$hand" ""

# Pure modules' tests link only the pure objects (Makefile PURE_SRC), so a
# pure module that starts doing I/O fails to link: every unit test that
# includes only core/, render/, device/, text/ or http/h1_parse.h headers
# must be in PURE_TESTS, and no PURE_SRC file reaches SQLite, libevent or
# the layers above.
pure_list=" $(sed -n '/^PURE_TESTS :=/,/[^\\]$/p' Makefile | sed 's/^PURE_TESTS :=//' | tr -s '\\ \t\n' '   ') "
missing=
for t in tests/unit/test_*.c; do
	name=$(basename "$t" .c)
	other=$(grep -o '#include "[a-z0-9_]*/[a-z0-9_]*\.h"' "$t" | grep -v '"\(core\|render\|device\|text\)/\|"http/h1_parse\.h"' || true)
	[ -n "$other" ] && continue
	case "$pure_list" in *" $name "*) ;; *) missing="$missing $name" ;; esac
done
expect_eq "unit tests of pure modules are linked pure (PURE_TESTS)" "$missing" ""
impure=$(grep -ln 'sqlite3\|event2/\|#include "\(store\|pages\|app\|import\|demo\|letters\|check\)/' \
	src/core/*.c src/render/*.c src/device/*.c src/text/*.c src/http/h1_parse.c || true)
expect_eq "pure sources reach no SQLite, libevent or upper layer" "$impure" ""

finish
