#!/bin/sh
# h1_vs_nginx.sh - requests/s of the h1 layer alone (bench/h1_static) and of
# nginx serving the same 3 KB page from a file, plus the h1 server's resident
# memory with many idle keep-alive connections.
#
#   bench/h1_vs_nginx.sh [DURATION=10s] [IDLE_CONNS=10000] [ROUNDS=3]
#
# The two servers alternate, ROUNDS times, and the median of the per-round
# ratios is printed: on a shared machine that is steadier than one run.
#
# Servers are pinned to CPU 0 and wrk (1 thread, 50 keep-alive connections)
# to CPU 1.  nginx runs one worker as root from a temporary prefix.  Needs
# wrk, nginx (nginx-light) and taskset; prints results, writes no files in
# the tree except the binaries under build/bench.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
dur=${1:-10s}
idle=${2:-10000}
rounds=${3:-3}
H1_PORT=${H1_PORT:-18081}
NGX_PORT=${NGX_PORT:-18082}
out=build/bench
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/h1bench.XXXXXX")
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

CC=${CC:-cc}
# shellcheck disable=SC2046
$CC -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Isrc -o "$out/h1_static" bench/h1_static.c \
	src/http/h1.c src/http/h1_out.c src/http/h1_parse.c src/core/*.c $(pkg-config --cflags --libs libevent_core libxml-2.0 zlib)
$CC -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Isrc -o "$out/idle_conns" bench/idle_conns.c src/core/*.c $(pkg-config --cflags --libs libxml-2.0 zlib)

# The page: 3072 bytes of plain HTML, the same for both servers.
mkdir -p "$tmp/html" "$tmp/logs"
{
	printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>bench</title></head><body>\n'
	i=0
	while [ $i -lt 60 ]; do printf '<p>line %03d of the benchmark page, lorem ipsum</p>\n' $i; i=$((i + 1)); done
} | head -c 3058 > "$tmp/html/page.html"
printf '\n</body></html>\n' | head -c $((3072 - $(wc -c < "$tmp/html/page.html"))) >> "$tmp/html/page.html"
size=$(wc -c < "$tmp/html/page.html")

cat > "$tmp/nginx.conf" <<CONF
user root;
worker_processes 1;
error_log $tmp/logs/error.log warn;
pid $tmp/nginx.pid;
events { worker_connections 20000; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	keepalive_requests 100000000;
	open_file_cache max=100 inactive=60s;
	default_type text/html;
	server {
		listen 127.0.0.1:$NGX_PORT;
		root $tmp/html;
		location / { }
	}
}
CONF

wait_port() {
	n=0
	while ! curl -sf -o /dev/null "http://127.0.0.1:$1/page.html"; do
		n=$((n + 1)); [ $n -lt 50 ] || { echo "server on port $1 did not start" >&2; exit 1; }
		sleep 0.1
	done
}

run_wrk() {  # run_wrk PORT -> prints requests/s
	taskset -c 1 wrk -t1 -c50 -d2s "http://127.0.0.1:$1/page.html" >/dev/null
	taskset -c 1 wrk -t1 -c50 -d"$dur" "http://127.0.0.1:$1/page.html" > "$tmp/wrk.txt"
	grep -E 'Non-2xx|Socket errors' "$tmp/wrk.txt" >&2 || true
	awk '/Requests\/sec/ { print $2 }' "$tmp/wrk.txt"
}

taskset -c 0 "$out/h1_static" "$H1_PORT" "$tmp/html/page.html" &
h1pid=$!; pids="$pids $h1pid"
taskset -c 0 nginx -p "$tmp" -c "$tmp/nginx.conf" -g 'daemon off;' &
ngxpid=$!; pids="$pids $ngxpid"
wait_port "$H1_PORT"
wait_port "$NGX_PORT"
curl -s "http://127.0.0.1:$H1_PORT/page.html" | cmp - "$tmp/html/page.html"
curl -s "http://127.0.0.1:$NGX_PORT/page.html" | cmp - "$tmp/html/page.html"

echo "page: $size bytes; wrk -t1 -c50 -d$dur; servers on CPU 0, wrk on CPU 1"
round=1
: > "$tmp/ratios"
while [ $round -le "$rounds" ]; do
	if [ $((round % 2)) -eq 1 ]; then
		h1=$(run_wrk "$H1_PORT"); ngx=$(run_wrk "$NGX_PORT")
	else
		ngx=$(run_wrk "$NGX_PORT"); h1=$(run_wrk "$H1_PORT")
	fi
	ratio=$(awk -v a="$h1" -v b="$ngx" 'BEGIN { printf "%.2f", a / b }')
	echo "$ratio" >> "$tmp/ratios"
	echo "round $round: h1_static $h1 req/s, nginx $ngx req/s, h1/nginx $ratio"
	round=$((round + 1))
done
echo "median h1/nginx: $(sort -n "$tmp/ratios" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"

rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
echo "h1_static RSS before idle test: $(rss "$h1pid") kB"
"$out/idle_conns" "$H1_PORT" "$idle" 15 > "$tmp/idle.txt" &
idlepid=$!; pids="$pids $idlepid"
n=0
while ! grep -q ready "$tmp/idle.txt" 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 600 ] || break
	sleep 0.1
done
sleep 1
echo "idle keep-alive connections: $(cat "$tmp/idle.txt"); h1_static RSS: $(rss "$h1pid") kB"
wait "$idlepid" || true
