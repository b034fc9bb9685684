#!/bin/sh
# manpage.sh - a manual page from its scdoc source (docs/*.scd) and the
# program itself: `make man` runs it for qiao(8) and qiao.conf(5).
#
#   tools/manpage.sh QIAO_BINARY docs/qiao.8.scd > build/man/qiao.8
#
# The source is scdoc(5) text with three kinds of placeholder lines, each
# replaced by what the binary prints, so that the page cannot disagree with
# it:
#   @HELP COMMAND@   `qiao COMMAND --help`: its usage as a literal block,
#                    its paragraphs, and each "  TERM  description" line
#                    (continued on deeper-indented lines) as a definition
#   @KEYS@           `qiao config keys`: every key of qiao.conf with its
#                    value's form, what it means and whether SIGHUP applies it
#   @VERSION@        (anywhere) the first two words of `qiao --version`
# scdoc (a small, maintained man page compiler in Debian) turns the result
# into roff; we write no roff ourselves.
set -eu
qiao=$1
src=$2
command -v scdoc >/dev/null 2>&1 || {
	echo "manpage.sh: scdoc is not installed (tools/deps.sh build installs it)" >&2
	exit 1
}
version=$("$qiao" --version | cut -d' ' -f1-2)

# `qiao COMMAND --help` as scdoc.
help_scd() {
	"$qiao" "$1" --help | awk '
	function esc(s) { gsub(/\*/, "\\*", s); gsub(/_/, "\\_", s); return s }
	# a term: upper-case words (metavariables) underlined, the rest bold
	function term(t,   n, w, i, out, x) {
		n = split(t, w, " ")
		out = ""
		for (i = 1; i <= n; i++) {
			x = w[i]
			if (x ~ /^[[(]*[A-Z][A-Z0-9:\/|.[\]-]*[])]*(\.\.\.)?$/ && x ~ /[A-Z][A-Z]/)
				x = "_" x "_"
			else
				x = "*" esc(x) "*"
			out = out (i > 1 ? " " : "") x
		}
		return out
	}
	function flush_entry() {
		if (entry != "") { printf "%s\n\t%s\n\n", term(entry), esc(desc) }
		entry = ""; desc = ""
	}
	function flush_para() {
		if (para != "") { printf "%s\n\n", esc(para) }
		para = ""
	}
	function flush_usage() {
		if (usage != "") { printf "```\n%s```\n\n", usage }
		usage = ""
	}
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
	/^usage:/ { usage = usage $0 "\n"; inusage = 1; next }
	inusage && /^ / && !/^  [^ ]/ { usage = usage $0 "\n"; next }
	inusage { flush_usage(); inusage = 0 }
	/^[ \t]*$/ { flush_entry(); flush_para(); next }
	/^  [^ ]/ {
		flush_entry(); flush_para()
		line = substr($0, 3)
		if (match(line, /  +/)) {
			entry = substr(line, 1, RSTART - 1)
			desc = trim(substr(line, RSTART + RLENGTH))
		} else {
			entry = trim(line); desc = ""
		}
		next
	}
	/^   / && entry != "" { desc = desc (desc == "" ? "" : " ") trim($0); next }
	{ flush_entry(); para = para (para == "" ? "" : " ") trim($0) }
	END { flush_usage(); flush_entry(); flush_para() }
	'
}

# `qiao config keys` as scdoc definitions.
keys_scd() {
	"$qiao" config keys | awk -F '\t' '
	function esc(s) { gsub(/\*/, "\\*", s); gsub(/_/, "\\_", s); return s }
	{
		value = $2 == "-" ? "*yes* | *no*" : "_" $2 "_"
		when = $3 == "reload" ? "SIGHUP (systemctl reload) applies a change." : "A change needs a restart."
		printf "*%s* = %s\n\t%s.  %s\n\n", $1, value, esc($4), when
	}'
}

awk -v version="$version" '{ gsub(/@VERSION@/, version); print }' "$src" | while IFS= read -r line; do
	case $line in
	@HELP\ *@) cmd=${line#@HELP }; help_scd "${cmd%@}" ;;
	@KEYS@) keys_scd ;;
	*) printf '%s\n' "$line" ;;
	esac
done | scdoc
