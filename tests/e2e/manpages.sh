#!/bin/sh
# manpages.sh - qiao(8) and qiao.conf(5): man --warnings finds nothing; each
# command's options in `qiao COMMAND --help` are those its section of
# qiao(8) lists, and the README's command-line summary has them all; the
# keys of qiao.conf(5) are the keys qiao knows (config check prints).
. "$(dirname "$0")/lib.sh"

for page in qiao.8 qiao.conf.5; do
	if ! command -v man >/dev/null 2>&1; then skip "man --warnings $page" "man-db is not installed"; continue; fi
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$QIAO_TOP/docs/$page" > "$WORK/$page.txt" 2> "$WORK/$page.warn"
	expect_eq "man renders $page" $? 0
	check "man --warnings: nothing for $page" test ! -s "$WORK/$page.warn"
	[ -s "$WORK/$page.warn" ] && sed 's/^/      /' "$WORK/$page.warn" >&2
	check "$page renders to text" test -s "$WORK/$page.txt"
done

opts() { grep -oE -- '--[a-z][a-z-]*[a-z]' | grep -vx -- '--help' | sort -u; }
# The options of one command's section of the roff source.
man_opts() {
	awk -v want=".SS \"qiao $1\"" '$0 == want { on = 1; next } on && /^\.S[SH] / { on = 0 } on' \
		"$QIAO_TOP/docs/qiao.8" | sed 's/\\-/-/g' | opts
}
readme_opts() {
	awk '/^## Command line/ { on = 1 } on && /^```$/ { n++; if (n == 2) exit } on' "$QIAO_TOP/README.md" \
		| grep -E "^qiao $1( |$)|^             " | opts
}
for cmd in serve config init migrate backup import check messages device; do
	"$QIAO_BIN" "$cmd" --help 2>&1 | opts > "$WORK/help.$cmd"
	man_opts "$cmd" > "$WORK/man.$cmd"
	check "qiao $cmd --help lists options" test -s "$WORK/help.$cmd" -o "$cmd" = migrate
	if cmp -s "$WORK/help.$cmd" "$WORK/man.$cmd"; then ok; else
		fail "qiao $cmd: --help and qiao(8) differ (< help, > man): $(diff "$WORK/help.$cmd" "$WORK/man.$cmd" | grep '^[<>]' | tr '\n' ' ')"
	fi
done
# The README block: every option of every command appears in it.
awk '/^## Command line/ { on = 1 } on && /^```$/ { n++; if (n == 2) exit } on' "$QIAO_TOP/README.md" | opts > "$WORK/readme"
cat "$WORK"/help.* | sort -u > "$WORK/help.all"
missing=$(comm -23 "$WORK/help.all" "$WORK/readme" | tr '\n' ' ')
expect_eq "README's command line has every option" "$missing" ""

# qiao.conf(5): the KEYS section is exactly what config check prints.
"$QIAO_BIN" config check --config /dev/null | sed -E 's/^# //; s/ = .*//' | sort > "$WORK/keys.qiao"
awk '/^\.SH KEYS/ { on = 1; next } on && /^\.SH / { on = 0 } on && prev == ".TP" { print } { prev = $0 }' \
	"$QIAO_TOP/docs/qiao.conf.5" | sed 's/^\.B //; s/\\-/-/g' | sort > "$WORK/keys.man"
check "qiao.conf(5) documents some keys" test -s "$WORK/keys.man"
if cmp -s "$WORK/keys.qiao" "$WORK/keys.man"; then ok; else
	fail "qiao.conf(5) keys differ from qiao's (< qiao, > man): $(diff "$WORK/keys.qiao" "$WORK/keys.man" | grep '^[<>]' | tr '\n' ' ')"
fi
# Every serve option but --config is a key.
sed 's/^--//' "$WORK/help.serve" | grep -vx config > "$WORK/serve.keys"
missing=$(comm -23 "$WORK/serve.keys" "$WORK/keys.qiao" | tr '\n' ' ')
expect_eq "every serve option has a key" "$missing" ""
finish
