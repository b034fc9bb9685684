#!/bin/sh
# http.sh - qiao against nginx on the same bytes, memory with idle
# connections, and start-up time (issue 8's benchmark).
#
#   [ONLY=PAGE] bench/http.sh [DB] [DURATION=10s] [ROUNDS=2]
#
# For each page (the home page as each of the three phones, an article, a
# service guide, a search) qiao answers from its rendered-page cache; the
# exact bytes it sends (gzip'd where the client accepts gzip) are saved and
# nginx serves them as static files with the same content type and
# encoding.  qiao runs one worker and nginx one worker process, both pinned
# to CPU 0; wrk (one thread, keep-alive) is pinned to CPU 1.  The two
# servers alternate ROUNDS times per page and connection count; the
# per-round ratios' median is reported.  Then: qiao's resident memory with
# 10,000 idle keep-alive connections, and the time from start to the first
# answer.  Prints a Markdown table for bench/RESULTS.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/bench
mkdir -p "$out"
db=${1:-$out/demo.db}
dur=${2:-10s}
rounds=${3:-2}
QP=${QP:-18090}
NP=${NP:-18091}
[ -x ./qiao ] || { echo "http.sh: build ./qiao first (make)"; exit 1; }
[ -f "$db" ] || ./qiao init --demo --db "$db"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qiaobench.XXXXXX")
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sleep 0.3
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o "$out/idle_conns" bench/idle_conns.c src/core/*.c $(pkg-config --cflags --libs libxml-2.0 zlib)

UA_WML='Nokia7110/1.0 (05.01)'
UA_XHTML='SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1'
UA_HTML='Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
article=$(sqlite3 "$db" "SELECT id FROM articles WHERE deleted = 0 AND length(body) BETWEEN 800 AND 3000 ORDER BY id LIMIT 1")
guide=$(sqlite3 "$db" "SELECT id FROM items ORDER BY id LIMIT 1 OFFSET 100")
sb=%E7%A4%BE%E4%BF%9D

# name|path|User-Agent|Accept
pages="home-html|/|$UA_HTML|text/html
home-xhtml|/|$UA_XHTML|application/vnd.wap.xhtml+xml
home-wml|/|$UA_WML|text/vnd.wap.wml
article-html|/news/$article|$UA_HTML|text/html
guide-html|/services/$guide|$UA_HTML|text/html
search-html|/services/search?q=$sb|$UA_HTML|text/html"
# ONLY=name measures one page (the others are still saved for nginx).
only=${ONLY:-}

taskset -c 0 ./qiao serve --workers 1 --listen "127.0.0.1:$QP" --db "$db" --root "$top" 2>"$tmp/qiao.err" &
qpid=$!; pids="$pids $qpid"
n=0
until curl -sf -o /dev/null "http://127.0.0.1:$QP/healthz"; do
	n=$((n + 1)); [ $n -lt 100 ] || { cat "$tmp/qiao.err"; exit 1; }
	sleep 0.05
done

# The bytes qiao sends, as nginx's files.
mkdir -p "$tmp/root" "$tmp/logs"
locations=
echo "$pages" | while IFS='|' read -r name path ua acc; do
	curl -s -D "$tmp/$name.h" -o "$tmp/root/$name" -A "$ua" -H "Accept: $acc" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$QP$path"
done
for name in $(echo "$pages" | cut -d'|' -f1); do
	ct=$(grep -i '^Content-Type:' "$tmp/$name.h" | cut -d' ' -f2- | tr -d '\r')
	enc=$(grep -i '^Content-Encoding:' "$tmp/$name.h" | cut -d' ' -f2- | tr -d '\r')
	locations="$locations
		location = /$name { default_type \"$ct\"; ${enc:+add_header Content-Encoding $enc;} add_header Vary \"User-Agent, Accept, Accept-Encoding, Cookie\"; add_header Cache-Control \"public, max-age=60\"; }"
done
cat > "$tmp/nginx.conf" <<CONF
user root;
worker_processes 1;
worker_rlimit_nofile 65536;
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
	etag on;
	server {
		listen 127.0.0.1:$NP;
		root $tmp/root;
		$locations
	}
}
CONF
taskset -c 0 nginx -p "$tmp" -c "$tmp/nginx.conf" -g 'daemon off;' &
pids="$pids $!"
n=0
until curl -sf -o /dev/null "http://127.0.0.1:$NP/home-wml"; do
	n=$((n + 1)); [ $n -lt 100 ] || { cat "$tmp/logs/error.log"; exit 1; }
	sleep 0.05
done

wrk_run() {  # wrk_run URL CONNS UA ACCEPT -> "req/s p99ms"
	taskset -c 1 wrk -t1 -c"$2" -d"$dur" --latency -H "User-Agent: $3" -H "Accept: $4" -H 'Accept-Encoding: gzip' "$1" > "$tmp/wrk.txt" 2>&1
	grep -qE 'Non-2xx|Socket errors' "$tmp/wrk.txt" && grep -E 'Non-2xx|Socket errors' "$tmp/wrk.txt" >&2
	rps=$(awk '/Requests\/sec/ { print $2 }' "$tmp/wrk.txt")
	p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }' "$tmp/wrk.txt")
	echo "$rps $p99"
}

echo "== machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t1 -d$dur, keep-alive; qiao --workers 1 and nginx 1 worker on CPU 0, wrk on CPU 1; $rounds alternating rounds, medians"
echo
echo "| page | bytes sent | conns | qiao req/s | qiao p99 ms | nginx req/s | nginx p99 ms | qiao/nginx |"
echo "|---|---|---|---|---|---|---|---|"
echo "$pages" | while IFS='|' read -r name path ua acc; do
	[ -z "$only" ] || [ "$only" = "$name" ] || continue
	bytes=$(wc -c <"$tmp/root/$name" | tr -d ' ')
	for c in 50 1000; do
		: > "$tmp/q"; : > "$tmp/n"; : > "$tmp/r"
		r=1
		while [ $r -le "$rounds" ]; do
			if [ $((r % 2)) -eq 1 ]; then
				q=$(wrk_run "http://127.0.0.1:$QP$path" $c "$ua" "$acc"); x=$(wrk_run "http://127.0.0.1:$NP/$name" $c "$ua" "$acc")
			else
				x=$(wrk_run "http://127.0.0.1:$NP/$name" $c "$ua" "$acc"); q=$(wrk_run "http://127.0.0.1:$QP$path" $c "$ua" "$acc")
			fi
			echo "$q" >> "$tmp/q"; echo "$x" >> "$tmp/n"
			awk -v a="${q%% *}" -v b="${x%% *}" 'BEGIN { printf "%.2f\n", a / b }' >> "$tmp/r"
			r=$((r + 1))
		done
		med() { sort -n -k"$2" "$1" | awk -v k="$2" '{ a[NR] = $k } END { print a[int((NR + 1) / 2)] }'; }
		printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$bytes" "$c" \
			"$(med "$tmp/q" 1)" "$(med "$tmp/q" 2)" "$(med "$tmp/n" 1)" "$(med "$tmp/n" 2)" "$(med "$tmp/r" 1)"
	done
done

rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
echo
before=$(rss "$qpid")
"$out/idle_conns" "$QP" 10000 20 > "$tmp/idle.txt" 2>&1 &
ipid=$!; pids="$pids $ipid"
n=0
while ! grep -q ready "$tmp/idle.txt" 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 600 ] || break
	sleep 0.1
done
sleep 1
echo "idle keep-alive connections: $(cat "$tmp/idle.txt" | tr '\n' ' '); qiao RSS $before kB before, $(rss "$qpid") kB with them"
kill "$ipid" 2>/dev/null || true
kill "$qpid"; wait "$qpid" 2>/dev/null || true

# Start-up: exec to the first answer, five times.
for i in 1 2 3 4 5; do
	t0=$(date +%s%N)
	./qiao serve --workers 1 --listen "127.0.0.1:$QP" --db "$db" --root "$top" 2>/dev/null &
	p=$!
	until curl -sf -o /dev/null "http://127.0.0.1:$QP/"; do sleep 0.005; done
	t1=$(date +%s%N)
	echo "start-up to first answer (home page): $(( (t1 - t0) / 1000000 )) ms"
	kill $p; wait $p 2>/dev/null || true
done
