#!/bin/sh
# headers.sh - every response header (Date left out) and a hash of every
# body, for a fixed list of requests each asked twice (the first fills
# the rendered-page cache, the second is a hit), so two builds can be
# shown to answer byte for byte alike:
#
#   bench/headers.sh BIN ROOT DB PORT OUT
#   (once per build, each on its own copy of one database, then diff the OUTs)
#
# The requests: the home page, a column, the services, a search, the API
# and a missing page as a WAP 1.x phone (WML, gzip, WMLC), a WAP 2.0 phone
# with and without x-wap-profile, a smartphone with and without gzip,
# ?view=html / ?view=wml (the view cookie), HEAD; then for each
# representation a 304 by If-None-Match (alone and in a list, GET and
# HEAD), by If-Modified-Since, and the other representation's tag (200).
set -u
bin=$1 root=$2 db=$3 port=$4 out=$5
"$bin" serve --workers 1 --listen "127.0.0.1:$port" --db "$db" --root "$root" 2>/dev/null &
pid=$!
n=0; until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do n=$((n+1)); [ $n -lt 200 ] || { kill $pid; exit 1; }; sleep 0.05; done
U="http://127.0.0.1:$port"
WML='Nokia7110/1.0 (05.01)'
XH='SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1'
IP='Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
: > "$out"
req() { # name curl-args...
	label=$1; shift
	for t in miss hit; do
		echo "== $label ($t)" >> "$out"
		curl -s -D - -o "$out.body" "$@" | grep -v '^Date:' >> "$out"
		echo "body $(grep -av "^Date:" "$out.body" | md5sum | cut -c1-32) $(wc -c < "$out.body")" >> "$out"
	done
}
etag() { curl -s -D - -o /dev/null "$@" | sed -n 's/^ETag: //p' | tr -d '\r'; }
for path in / /news /services '/services/search?q=%E7%A4%BE%E4%BF%9D' /api/v1/news /nosuchpage; do
	req "wml $path" -A "$WML" -H 'Accept: text/vnd.wap.wml' "$U$path"
	req "wml gz $path" -A "$WML" -H 'Accept: text/vnd.wap.wml' -H 'Accept-Encoding: gzip' "$U$path"
	req "wmlc $path" -A "$WML" -H 'Accept: application/vnd.wap.wmlc' "$U$path"
	req "xhtml $path" -A "$XH" -H 'Accept: application/vnd.wap.xhtml+xml' "$U$path"
	req "xhtml prof $path" -A "$XH" -H 'Accept: application/vnd.wap.xhtml+xml' -H 'x-wap-profile: "http://wap.sonyericsson.com/UAprof/K750iR101.xml"' "$U$path"
	req "iphone gz $path" -A "$IP" -H 'Accept: text/html' -H 'Accept-Encoding: gzip' "$U$path"
	req "iphone $path" -A "$IP" -H 'Accept: text/html' "$U$path"
	req "view=html $path" -A "$WML" "$U$path?view=html"
	req "view=html gz $path" -A "$WML" -H 'Accept-Encoding: gzip' "$U$path?view=html"
	req "view=wml cookie $path" -A "$IP" -H 'Cookie: qiao_view=html' "$U$path?view=wml"
	req "cookie html $path" -A "$WML" -H 'Cookie: qiao_view=html' -H 'Accept-Encoding: gzip' "$U$path"
	req "HEAD iphone gz $path" -I -A "$IP" -H 'Accept-Encoding: gzip' "$U$path"
	req "HEAD wml $path" -I -A "$WML" "$U$path"
done
# 304s by If-None-Match on each representation, and the wrong one's tag.
for v in "wml|$WML|text/vnd.wap.wml|" "wmlc|$WML|application/vnd.wap.wmlc|" "xhtml|$XH|application/vnd.wap.xhtml+xml|" "iphone|$IP|text/html|" "iphone-gz|$IP|text/html|gzip" "viewhtml|$WML|*/*||?view=html" "viewhtml-gz|$WML|*/*|gzip|?view=html"; do
	IFS='|' read -r name ua acc enc q <<X
$v
X
	for path in / /news /api/v1/news; do
		set -- -A "$ua" -H "Accept: $acc"
		[ -n "$enc" ] && set -- "$@" -H "Accept-Encoding: $enc"
		tag=$(etag "$@" "$U$path$q")
		req "304 $name $path $tag" "$@" -H "If-None-Match: $tag" "$U$path$q"
		req "304 list $name $path" "$@" -H "If-None-Match: \"x\", W/$tag" "$U$path$q"
		req "HEAD 304 $name $path" -I "$@" -H "If-None-Match: $tag" "$U$path$q"
		req "IMS $name $path" "$@" -H "If-Modified-Since: Sun, 06 Dec 2037 00:00:00 GMT" "$U$path$q"
		other=$(printf %s "$tag" | sed 's/-gz"$/"/; t; s/"$/-gz"/')
		req "wrong tag $name $path $other" "$@" -H "If-None-Match: $other" "$U$path$q"
	done
done
kill $pid; wait $pid 2>/dev/null
rm -f "$out.body"
grep -c '^==' "$out"
