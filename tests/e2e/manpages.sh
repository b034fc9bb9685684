#!/bin/sh
# manpages.sh - qiao(8) and qiao.conf(5), generated from their scdoc sources
# and this binary (tools/manpage.sh, as `make man` does): man --warnings
# finds nothing; each command's options in `qiao COMMAND --help` are those
# its section of qiao(8) lists, and the README's command-line summary has
# them all; the keys of qiao.conf(5) are the keys qiao knows (config check
# prints), each marked as applied by SIGHUP or needing a restart.
. "$(dirname "$0")/lib.sh"

command -v scdoc >/dev/null 2>&1 || sh "$QIAO_TOP/tools/deps.sh" build >/dev/null 2>&1 || true
for page in qiao.8 qiao.conf.5; do
	if ! command -v scdoc >/dev/null 2>&1; then skip "build $page" "scdoc is not installed"; continue; fi
	sh "$QIAO_TOP/tools/manpage.sh" "$QIAO_BIN" "$QIAO_TOP/docs/$page.scd" > "$WORK/$page" 2> "$WORK/$page.gen"
	expect_eq "tools/manpage.sh builds $page" "$?:$(cat "$WORK/$page.gen")" "0:"
	if ! command -v man >/dev/null 2>&1; then skip "man --warnings $page" "man-db is not installed"; continue; fi
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$WORK/$page" > "$WORK/$page.txt" 2> "$WORK/$page.warn"
	expect_eq "man renders $page" $? 0
	check "man --warnings: nothing for $page" test ! -s "$WORK/$page.warn"
	[ -s "$WORK/$page.warn" ] && sed 's/^/      /' "$WORK/$page.warn" >&2
	check "$page renders to text" test -s "$WORK/$page.txt"
done

opts() { grep -oE -- '--[a-z][a-z-]*[a-z]' | grep -vx -- '--help' | sort -u; }
# The options of one command's section of the roff.
man_opts() {
	awk -v want=".SS qiao $1" '$0 == want { on = 1; next } on && /^\.S[SH] / { on = 0 } on' \
		"$WORK/qiao.8" | sed 's/\\-/-/g; s/\\&//g' | opts
}
for cmd in serve config init migrate backup import check messages user device; do
	"$QIAO_BIN" "$cmd" --help 2>&1 | opts > "$WORK/help.$cmd"
	man_opts "$cmd" > "$WORK/man.$cmd"
	check "qiao $cmd --help lists options" test -s "$WORK/help.$cmd" -o "$cmd" = migrate
	if cmp -s "$WORK/help.$cmd" "$WORK/man.$cmd"; then ok; else
		fail "qiao $cmd: --help and qiao(8) differ (< help, > man): $(diff "$WORK/help.$cmd" "$WORK/man.$cmd" | grep '^[<>]' | tr '\n' ' ')"
	fi
done
# A term of the help is a term of the page (the generator keeps each).
expect_contains "qiao(8): serve's --trusted-proxy with its argument" "$WORK/qiao.8" '\fB--trusted-proxy\fR \fIADDR[/BITS]\fR'
expect_contains "qiao(8): messages' reply line" "$WORK/qiao.8" '\fBreply\fR \fIID\fR'
# The README block: every option of every command appears in it.
awk '/^## Command line/ { on = 1 } on && /^```$/ { n++; if (n == 2) exit } on' "$QIAO_TOP/README.md" | opts > "$WORK/readme"
cat "$WORK"/help.* | sort -u > "$WORK/help.all"
missing=$(comm -23 "$WORK/help.all" "$WORK/readme" | tr '\n' ' ')
expect_eq "README's command line has every option" "$missing" ""

# qiao.conf(5): the KEYS section is exactly what config check prints, and
# each key says whether SIGHUP applies it, as config keys says.
"$QIAO_BIN" config check --config /dev/null | sed -E 's/^# //; s/ = .*//' | sort > "$WORK/keys.qiao"
awk '/^\.SH KEYS/ { on = 1; next } on && /^\.SH / { on = 0 } on && /^\\fB[a-z-]*\\fR = / { print }' \
	"$WORK/qiao.conf.5" > "$WORK/keys.roff"
sed 's/^\\fB\([a-z-]*\)\\fR.*/\1/' "$WORK/keys.roff" | sort > "$WORK/keys.man"
check "qiao.conf(5) documents some keys" test -s "$WORK/keys.man"
if cmp -s "$WORK/keys.qiao" "$WORK/keys.man"; then ok; else
	fail "qiao.conf(5) keys differ from qiao's (< qiao, > man): $(diff "$WORK/keys.qiao" "$WORK/keys.man" | grep '^[<>]' | tr '\n' ' ')"
fi
"$QIAO_BIN" config keys | awk -F '\t' '{ print $1, $3 }' | sort > "$WORK/reload.qiao"
# The page's words for each key: "SIGHUP ... applies" or "needs a restart".
awk '/^\.SH KEYS/ { on = 1; next } on && /^\.SH / { on = 0 } on && /^\\fB[a-z-]*\\fR = / { k = $0; sub(/^\\fB/, "", k); sub(/\\fR.*/, "", k) }
	on && k != "" && /applies a change/ { print k, "reload"; k = "" } on && k != "" && /needs a restart/ { print k, "restart"; k = "" }' \
	"$WORK/qiao.conf.5" | sort > "$WORK/reload.man"
expect_eq "qiao.conf(5) marks each key reloadable or restart-only as config keys does" \
	"$(diff "$WORK/reload.qiao" "$WORK/reload.man" | grep '^[<>]' | tr '\n' ' ')" ""
check "... and both kinds occur" sh -c "grep -q ' reload$' '$WORK/reload.man' && grep -q ' restart$' '$WORK/reload.man'"
# Every serve option but --config is a key.
sed 's/^--//' "$WORK/help.serve" | grep -vx config > "$WORK/serve.keys"
missing=$(comm -23 "$WORK/serve.keys" "$WORK/keys.qiao" | tr '\n' ' ')
expect_eq "every serve option has a key" "$missing" ""
finish
