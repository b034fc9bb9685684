#!/bin/sh
# client_addr.sh - the client's real address behind trusted proxies: only
# from --trusted-proxy ranges, X-Forwarded-For or Forwarded (RFC 7239) name
# the client in the access log and for the hourly letter limit; a trusted
# WAP gateway (a CIDR range) behind the proxy has its phone-number headers
# believed (X-WAP-Network-Client-MSISDN too); 429 carries Retry-After.
. "$(dirname "$0")/lib.sh"

CT='Content-Type: application/x-www-form-urlencoded'
pct() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }
token_of() { grep -o 'name="token" value="[A-Z0-9]*"' "$WORK/$1" | sed 's/.*value="//; s/"$//'; }

db=$WORK/qiao.db
cp "$QIAO_DEMO_DB" "$db"
sqlite3 "$db" "UPDATE msg_settings SET value = 2 WHERE key = 'posts_per_hour'"
unit=$(sqlite3 "$db" "SELECT id FROM units ORDER BY id LIMIT 1")
log=$WORK/access.log
# the last access-log line's address
last_addr() { sleep 0.1; tail -n 1 "$log" | cut -d' ' -f1; }

start_server "$db" --access-log "$log" --workers 1 --trusted-proxy 127.0.0.0/8 \
	--trusted-gateway 198.51.100.0/24 || { fail "server starts"; finish; }
fetch a1 "$BASE/" -H 'X-Forwarded-For: 203.0.113.9' >/dev/null
expect_eq "X-Forwarded-For from a trusted proxy names the client in the log" "$(last_addr)" 203.0.113.9
fetch a2 "$BASE/" -H 'X-Forwarded-For: 6.6.6.6, 203.0.113.10, 127.0.0.5' >/dev/null
expect_eq "... the rightmost hop that is not a trusted proxy" "$(last_addr)" 203.0.113.10
fetch a3 "$BASE/" -H 'Forwarded: for="[2001:db8::7]:4711";proto=https' >/dev/null
expect_eq "Forwarded (RFC 7239) names the client" "$(last_addr)" 2001:db8::7
fetch a4 "$BASE/" -H 'X-Forwarded-For: <script>' >/dev/null
expect_eq "garbage leaves the proxy's own address" "$(last_addr)" 127.0.0.1

# The hourly limit counts real clients, not the proxy (a post without a
# valid token would only get the form again: every post here has one).
post() {  # post NAME XFF [more curl args]: a form, then a post; prints the status
	pn=$1 px=$2; shift 2
	fetch_xhtml "$pn.f" "$BASE/messages/new?unit=$unit" -H "X-Forwarded-For: $px" "$@" >/dev/null
	fetch_xhtml "$pn" "$BASE/messages" -H "X-Forwarded-For: $px" "$@" --data-urlencode "token=$(token_of "$pn.f")" \
		--data-urlencode "type=咨询" --data-urlencode "unit=$unit" --data-urlencode "title=地址$pn" --data-urlencode "body=正文"
}
expect_eq "client A: first post" "$(post pa1 203.0.113.1)" 200
expect_eq "client A: second post" "$(post pa2 203.0.113.1)" 200
expect_contains "... acknowledged with a code" "$WORK/pa2" "查询码"
expect_eq "client A: third post is over the limit" "$(post pa3 203.0.113.1)" 429
expect_eq "429 carries Retry-After" "$(header pa3 Retry-After)" 3600
expect_eq "client B behind the same proxy is not limited by A" "$(post pb1 203.0.113.2)" 200
expect_contains "... acknowledged with a code" "$WORK/pb1" "查询码"

# A WAP gateway in the trusted range, behind the proxy: one limit per phone.
expect_eq "phone 1 via the gateway: first" "$(post g1 198.51.100.9 -H 'X-WAP-Network-Client-MSISDN: 8613800000001')" 200
expect_eq "phone 1 via the gateway: second" "$(post g2 198.51.100.9 -H 'X-WAP-Network-Client-MSISDN: 8613800000001')" 200
expect_eq "phone 1 via the gateway: third is 429" "$(post g3 198.51.100.9 -H 'X-WAP-Network-Client-MSISDN: 8613800000001')" 429
expect_eq "phone 2 via the same gateway is its own client" "$(post g4 198.51.100.9 -H 'X-WAP-Network-Client-MSISDN: 8613800000002')" 200
expect_contains "... acknowledged with a code" "$WORK/g4" "查询码"
# A client outside the gateway range cannot claim a number.
expect_eq "outside the range: first" "$(post n1 203.0.113.3 -H 'X-WAP-Network-Client-MSISDN: 8613800000003')" 200
expect_eq "outside the range: second" "$(post n2 203.0.113.3 -H 'X-WAP-Network-Client-MSISDN: 8613800000004')" 200
expect_eq "outside the range: a new number does not help" "$(post n3 203.0.113.3 -H 'X-WAP-Network-Client-MSISDN: 8613800000005')" 429
stop_server

# Without --trusted-proxy the headers are ignored: the peer is the client.
start_server "$db" --access-log "$log" --workers 1 || { fail "server starts"; finish; }
fetch b1 "$BASE/" -H 'X-Forwarded-For: 203.0.113.9' -H 'Forwarded: for=203.0.113.9' >/dev/null
expect_eq "an untrusted peer's X-Forwarded-For is ignored" "$(last_addr)" 127.0.0.1
stop_server

"$QIAO_BIN" serve --trusted-proxy 10.0.0.0/99 --listen 127.0.0.1:0 --db "$db" > "$WORK/bad.out" 2>&1
expect_eq "a bad --trusted-proxy is a usage error" $? 2
expect_contains "... that names the option" "$WORK/bad.out" "--trusted-proxy needs an IPv4 or IPv6 address or range"
finish
