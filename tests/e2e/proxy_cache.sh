#!/bin/sh
# proxy_cache.sh - qiao behind a real shared cache (Varnish, with the VCL
# in tests/fixtures/varnish/): every phone gets its own variant of the
# same URL (Vary names every header detection reads), each representation
# has its own ETag (dialect, content type, WML or WBXML, gzip or not) and
# revalidates with a 304 of its own, and a response that sets the view
# cookie is private, so the proxy never keeps it.
. "$(dirname "$0")/lib.sh"

if ! command -v varnishd >/dev/null 2>&1 && [ ! -x /usr/sbin/varnishd ]; then
	skip "a shared cache in front" "varnishd not installed (tools/deps.sh test installs varnish)"
	finish
fi
VARNISHD=$(command -v varnishd || echo /usr/sbin/varnishd)

VPID=
VDIR=
stop_varnish() {
	if [ -n "$VPID" ]; then
		kill -TERM "$VPID" 2>/dev/null
		wait "$VPID" 2>/dev/null
		VPID=
	fi
	[ -n "$VDIR" ] && rm -rf "$VDIR"
	VDIR=
}
trap 'stop_varnish; cleanup' EXIT

db=$(demo_db portal.db)
start_server "$db" --access-log "$WORK/access.log" || { fail "server starts"; finish; }

# --- the phones ---------------------------------------------------------------
# One URL, seven requests that must each get their own answer.
U=/news
SOME='SomePhone/1.0'
ACC_GEN='application/xhtml+xml,text/html;q=0.9,*/*;q=0.8'
PROF='"http://uaprof.example.test/qiao/unknown.xml"'
# name | what it is | curl arguments (eval'd)
phones='wap1|a WAP 1.x phone|-A "$UA_NOKIA7110" -H "Accept: $ACCEPT_WML"
wmlc|a WAP 1.x phone that prefers WBXML|-A "$UA_NOKIA7110" -H "Accept: application/vnd.wap.wmlc, text/vnd.wap.wml;q=0.5"
wap2p|a WAP 2.0 phone with x-wap-profile|-A "$SOME" -H "Accept: $ACC_GEN" -H "x-wap-profile: $PROF"
wap2|the same phone without x-wap-profile|-A "$SOME" -H "Accept: $ACC_GEN"
wapmp|the same phone listing the WAP XHTML type|-A "$SOME" -H "Accept: application/vnd.wap.xhtml+xml"
ip|an iPhone without gzip|-A "$UA_IPHONE" -H "Accept: $ACCEPT_HTML"
ipgz|an iPhone with gzip|-A "$UA_IPHONE" -H "Accept: $ACCEPT_HTML" -H "Accept-Encoding: gzip"'

# get NAME PREFIX BASE [extra curl args]: fetch $U as phone NAME into
# $WORK/PREFIX-NAME; prints the status.
get() {
	_args=$(printf '%s\n' "$phones" | awk -F'|' -v n="$1" '$1 == n { print $3 }')
	_name=$2-$1 _base=$3
	shift 3
	eval "fetch \"\$_name\" \"\$_base\$U\" $_args \"\$@\""
}
names=$(printf '%s\n' "$phones" | cut -d'|' -f1)

# --- straight from qiao: what each phone should get -------------------------
for n in $names; do
	expect_eq "direct $n: 200" "$(get "$n" d "$BASE")" 200
done
expect_eq "WAP 1.x phone: WML" "$(header d-wap1 Content-Type)" "text/vnd.wap.wml; charset=utf-8"
expect_eq "WBXML phone: WMLC" "$(header d-wmlc Content-Type)" "application/vnd.wap.wmlc"
expect_eq "WAP 2.0 phone with a profile: XHTML-MP under the generic XHTML type" "$(header d-wap2p Content-Type)" "application/xhtml+xml; charset=utf-8"
expect_contains "  and an XHTML-MP body" "$WORK/d-wap2p" '//DTD XHTML Mobile 1.0//EN'
expect_eq "the same phone without a profile: HTML5" "$(header d-wap2 Content-Type)" "text/html; charset=utf-8"
expect_not_contains "  and no XHTML-MP body" "$WORK/d-wap2" '//DTD XHTML Mobile 1.0//EN'
expect_eq "listing the WAP XHTML type: the WAP content type" "$(header d-wapmp Content-Type)" "application/vnd.wap.xhtml+xml; charset=utf-8"
expect_eq "iPhone: HTML5" "$(header d-ip Content-Type)" "text/html; charset=utf-8"
expect_eq "iPhone without gzip: identity" "$(header d-ip Content-Encoding)" ""
expect_eq "iPhone with gzip: gzip" "$(header d-ipgz Content-Encoding)" gzip
check "  which is the same page" sh -c "gzip -dc '$WORK/d-ipgz' | cmp -s - '$WORK/d-ip'"

# Vary names every header detection may read, on every detected page.
vary=$(nonempty "Vary" "$(header d-wap1 Vary)")
for h in User-Agent Accept Accept-Encoding X-Wap-Profile Profile Wap-Profile X-WAP-Client-SDU-Size \
	X-OperaMini-Phone-UA X-UCBrowser-UA Device-Stock-UA Cookie; do
	check "Vary names $h" sh -c "printf '%s\n' '$vary' | tr ',' '\n' | sed 's/^ *//' | grep -qx '$h'"
done
for n in $names; do
	expect_eq "$n: the same Vary" "$(header "d-$n" Vary)" "$vary"
	expect_eq "$n: public" "$(header "d-$n" Cache-Control)" "public, max-age=60"
done

# One ETag per representation: two answers share a tag exactly when
# their bytes, content type and encoding are the same (the smartphone
# page for SomePhone and for the iPhone is one representation).
for n in $names; do
	nonempty "$n has an ETag" "$(header "d-$n" ETag)" >/dev/null
	printf '%s|%s|%s\t%s\n' "$(cksum <"$WORK/d-$n")" "$(header "d-$n" Content-Type)" \
		"$(header "d-$n" Content-Encoding)" "$(header "d-$n" ETag)" >>"$WORK/reps"
done
expect_eq "as many ETags as representations" "$(cut -f2 "$WORK/reps" | sort -u | wc -l | tr -d ' ')" \
	"$(cut -f1 "$WORK/reps" | sort -u | wc -l | tr -d ' ')"
expect_eq "one ETag per representation" "$(sort -u "$WORK/reps" | cut -f1 | sort | uniq -d)" ""
check "six representations among the seven phones" test "$(cut -f1 "$WORK/reps" | sort -u | wc -l)" -eq 6
# The same XHTML-MP markup under its two content types: two tags.
check "XHTML-MP under two content types: the same markup" cmp -s "$WORK/d-wap2p" "$WORK/d-wapmp"
check "  but two ETags" test "$(header d-wap2p ETag)" != "$(header d-wapmp ETag)"
gz=$(nonempty "gzip ETag" "$(header d-ipgz ETag)")
id=$(nonempty "identity ETag" "$(header d-ip ETag)")
expect_eq "the gzip body's tag is the identity tag with -gz" "$gz" "$(printf '%s' "$id" | sed 's/"$/-gz"/')"

# Conditional requests straight to qiao: each tag matches its own
# representation only; 304s repeat Vary, ETag and Cache-Control.
expect_eq "gzip tag, gzip client: 304" "$(get ipgz c1 "$BASE" -H "If-None-Match: $gz")" 304
expect_eq "  304 repeats the gzip ETag" "$(header c1-ipgz ETag)" "$gz"
expect_eq "  304 repeats Vary" "$(header c1-ipgz Vary)" "$vary"
expect_eq "  304 repeats Cache-Control" "$(header c1-ipgz Cache-Control)" "public, max-age=60"
check "  304 has no body" test ! -s "$WORK/c1-ipgz"
expect_eq "gzip tag, identity client: 200" "$(get ip c2 "$BASE" -H "If-None-Match: $gz")" 200
expect_eq "identity tag, gzip client: 200" "$(get ipgz c3 "$BASE" -H "If-None-Match: $id")" 200
expect_eq "identity tag, identity client: 304" "$(get ip c4 "$BASE" -H "If-None-Match: $id")" 304
expect_eq "both tags listed, gzip client: 304" "$(get ipgz c5 "$BASE" -H "If-None-Match: $id, W/$gz")" 304
expect_eq "WML tag from a WBXML phone: 200" "$(get wmlc c6 "$BASE" -H "If-None-Match: $(header d-wap1 ETag)")" 200
expect_eq "WAP-type XHTML-MP tag, generic-type phone: 200" "$(get wap2p c7 "$BASE" -H "If-None-Match: $(header d-wapmp ETag)")" 200

# The view cookie: set by ?view=, so private.
expect_eq "?view=html: 200" "$(fetch_html vh "$BASE$U?view=html")" 200
expect_contains "?view=html sets the view cookie" "$WORK/vh.h" "Set-Cookie: qiao_view=html"
expect_eq "?view=html: private" "$(header vh Cache-Control)" "private, max-age=60"
expect_eq "?view=wml on a phone without the cookie sets none: public" "$(fetch_wml vw "$BASE$U?view=wml"; header vw Cache-Control)" "200public, max-age=60"

# --- the shared cache in front ----------------------------------------------
VDIR=$(mktemp -d "${TMPDIR:-/tmp}/qiao-varnish.XXXXXX")
chmod 755 "$VDIR"
vport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed "s/BACKEND_PORT/$PORT/" "$QIAO_TOP/tests/fixtures/varnish/shared-cache.vcl" >"$VDIR/qiao.vcl"
chmod 644 "$VDIR/qiao.vcl"
# http_gzip_support=off: Varnish neither rewrites Accept-Encoding nor
# compresses by itself, so the variants it keeps are qiao's.
"$VARNISHD" -F -n "$VDIR/n" -a "127.0.0.1:$vport" -f "$VDIR/qiao.vcl" -T none -s malloc,32m \
	-p http_gzip_support=off >"$WORK/varnish.log" 2>&1 &
VPID=$!
PROXY="http://127.0.0.1:$vport"
i=0
while [ $i -lt 200 ]; do
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$PROXY/healthz")" = 200 ] && break
	kill -0 "$VPID" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$PROXY/healthz")" != 200 ]; then
	fail "varnish starts in front of qiao: $(tail -n 5 "$WORK/varnish.log" | tr '\n' ' ')"
	finish
fi
ok

hits() { grep -c "\"GET $1 HTTP/1.1\" $2 " "$WORK/access.log"; }
before=$(hits "$U" 200)

# Round 1: the phones in turn; each is a miss (no phone is served another's
# variant), and gets what qiao gives it directly.  Round 2 at once (the
# fetches first, the checks after: the VCL keeps a variant fresh for 6 s):
# each a hit, still its own variant.
for n in $names; do get "$n" p1 "$PROXY" >/dev/null; done
for n in $names; do get "$n" p2 "$PROXY" >/dev/null; done
for n in $names; do
	expect_eq "proxy, round 1, $n: a miss" "$(header "p1-$n" X-Cache)" MISS
	expect_eq "proxy, round 1, $n: its content type" "$(header "p1-$n" Content-Type)" "$(header "d-$n" Content-Type)"
	expect_eq "proxy, round 1, $n: its encoding" "$(header "p1-$n" Content-Encoding)" "$(header "d-$n" Content-Encoding)"
	check "proxy, round 1, $n: its body" cmp -s "$WORK/p1-$n" "$WORK/d-$n"
	expect_eq "proxy, round 2, $n: a hit" "$(header "p2-$n" X-Cache)" HIT
	expect_eq "proxy, round 2, $n: its content type" "$(header "p2-$n" Content-Type)" "$(header "d-$n" Content-Type)"
	check "proxy, round 2, $n: its body" cmp -s "$WORK/p2-$n" "$WORK/d-$n"
done
expect_eq "qiao answered each variant once" "$(($(hits "$U" 200) - before))" 7

# The proxy answers a phone's own conditional request per variant.
expect_eq "proxy: gzip tag, gzip client: 304" "$(get ipgz p3 "$PROXY" -H "If-None-Match: $gz")" 304
expect_eq "proxy: gzip tag, identity client: 200" "$(get ip p3 "$PROXY" -H "If-None-Match: $gz")" 200

# A response that sets the cookie is never kept: the VCL stores anything
# Cache-Control allows, Set-Cookie or not.
vbefore=$(hits "$U?view=html" 200)
fetch_html pv1 "$PROXY$U?view=html" >/dev/null
fetch_html pv2 "$PROXY$U?view=html" >/dev/null
expect_eq "proxy: ?view=html twice, twice from qiao" "$(($(hits "$U?view=html" 200) - vbefore))" 2
expect_eq "proxy: second ?view=html not a hit" "$(header pv2 X-Cache)" MISS
expect_contains "proxy: each ?view=html answer sets the cookie" "$WORK/pv2.h" "Set-Cookie: qiao_view=html"
# A phone that sends the cookie gets its choice, not the iPhone's page.
get ip pc "$PROXY" -H 'Cookie: qiao_view=xhtml' >/dev/null
expect_eq "proxy: the view cookie's choice, not the stored HTML" "$(header pc-ip Content-Type)" "application/xhtml+xml; charset=utf-8"

# Revalidation: after its 6 fresh seconds the proxy asks qiao with the
# variant's ETag; qiao answers each with a 304 and the phone gets its page.
sleep 7
r304=$(hits "$U" 304)
r200=$(hits "$U" 200)
for n in $names; do
	expect_eq "revalidated $n: 200 to the phone" "$(get "$n" p4 "$PROXY")" 200
	expect_eq "revalidated $n: its content type" "$(header "p4-$n" Content-Type)" "$(header "d-$n" Content-Type)"
	check "revalidated $n: its body" cmp -s "$WORK/p4-$n" "$WORK/d-$n"
done
expect_eq "qiao answered each revalidation with a 304" "$(($(hits "$U" 304) - r304))" 7
expect_eq "and rendered nothing again" "$(($(hits "$U" 200) - r200))" 0

stop_varnish
check "varnish reported no VCL error" sh -c "! grep -qi 'VCL.*error\|Assert error' '$WORK/varnish.log'"
finish
