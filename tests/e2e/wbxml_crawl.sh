#!/bin/sh
# wbxml_crawl.sh - binary WML for every deck of a crawl: qiao check lists
# the WML pages of the demo portal; each is fetched as text and, by a phone
# that prefers it, as application/vnd.wap.wmlc; Debian's wbxml2xml decodes
# the binary deck, which must be the same element tree with the same text.
. "$(dirname "$0")/lib.sh"

if ! command -v wbxml2xml >/dev/null 2>&1; then
	skip "every WML deck of a crawl round-trips through WBXML" "wbxml2xml not installed (libwbxml2-utils)"
	finish
fi
db=$(demo_db portal.db)
start_server "$db" || { fail "server starts"; finish; }

"$QIAO_BIN" check --base "$BASE" --max-pages 250 --format json > "$WORK/crawl.json" 2>"$WORK/crawl.err"
check "the crawl passes" test $? -eq 0
python3 -c '
import json, sys
for p in json.load(open(sys.argv[1]))["pages"]:
    if p["profile"] == "wml" and p.get("status") == 200 and not p["path"].startswith("/messages/new"):
        print(p["path"])
' "$WORK/crawl.json" | sort -u > "$WORK/paths"
n=$(wc -l <"$WORK/paths" | tr -d ' ')
check "the crawl found WML decks" test "$n" -ge 100

bad=0 wrongtype=0 i=0
while read -r path; do
	i=$((i + 1))
	curl -s -o "$WORK/t$i.wml" -A "$UA_NOKIA7110" -H 'Accept: text/vnd.wap.wml' "$BASE$path"
	ct=$(curl -s -o "$WORK/b$i.wmlc" -w '%{content_type}' -A "$UA_NOKIA7110" \
		-H 'Accept: application/vnd.wap.wmlc, text/vnd.wap.wml;q=0.5' "$BASE$path")
	[ "$ct" = "application/vnd.wap.wmlc" ] || { wrongtype=$((wrongtype + 1)); continue; }
	if ! wbxml2xml -m 0 -o "$WORK/d$i.xml" "$WORK/b$i.wmlc" >/dev/null 2>&1; then
		bad=$((bad + 1)); echo "  $path: wbxml2xml could not decode it"; continue
	fi
	echo "$path|$WORK/t$i.wml|$WORK/d$i.xml" >> "$WORK/pairs"
done < "$WORK/paths"
expect_eq "every deck answered as binary WML to a phone that prefers it" "$wrongtype" 0
expect_eq "every binary deck decodes" "$bad" 0

# Same elements, attributes and text (whitespace collapsed as a gateway
# does; "$$" in the source is the literal "$" the binary deck carries;
# the crawl reaches the search and lookup forms, whose $(var) references
# the binary deck marks as no conversion).
differ=$(python3 - "$WORK/pairs" <<'PY'
import re, sys, xml.etree.ElementTree as ET
def norm(s):
    # $(name) is "no conversion", which the binary deck says outright
    # (EXT_I_2) and wbxml2xml prints as $(name:noesc).
    s = re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", r"$(\1:noesc)", s or "")
    return " ".join(s.replace("$$", "$").split())
def canon(e):
    out = [e.tag, sorted((k, norm(v)) for k, v in e.attrib.items()), norm(e.text)]
    for c in e:
        out.append(canon(c))
        out.append(norm(c.tail))
    return out
def squash(c):
    # drop empty text pieces so that whitespace-only nodes compare equal
    return [squash(x) if isinstance(x, list) else x for x in c if x != ""]
bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    path, src, dec = line.rstrip("\n").split("|")
    a = squash(canon(ET.parse(src).getroot()))
    b = squash(canon(ET.parse(dec).getroot()))
    if a != b:
        bad += 1
        print("  differs:", path, file=sys.stderr)
print(bad)
PY
)
expect_eq "every decoded deck equals its source deck" "$differ" 0
echo "wbxml_crawl: $(wc -l <"$WORK/pairs" | tr -d ' ') decks of the crawl round-tripped through WBXML"
stop_server
finish
