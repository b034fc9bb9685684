#!/bin/sh
# layout.sh - the module rules of docs/architecture.md that a grep can see:
# http/ includes nothing from pages/ or store/, nothing includes evhttp,
# the build links libevent's core only, and what differs by dialect is
# read from the dialect table (render/dialect.[ch]) rather than switched on
# outside it (device detection chooses a profile; check/ is a client that
# knows each markup's elements).
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
for f in src/http/*.c src/render/page.c src/render/dialect.c src/device/*.c src/app/*.c src/core/uri.c src/pages/*.c; do
	[ -f "$f" ] || continue
	n=$(wc -l <"$f")
	[ "$n" -le 700 ] || big="$big $f:$n"
done
expect_eq "no file of http/, app/, pages/, device/ or the page renderer over 700 lines" "$big" ""

finish
