#!/bin/sh
# api.sh - the API against the pages it mirrors: the same page as HTML
# and as JSON from /api/v1, both from the rendered-page cache, in
# alternating wrk rounds (bench/RESULTS.md, section "API").
#
#   bench/api.sh DB [SECONDS] [ROUNDS] [CONNS]
#
# qiao --workers 1 pinned to CPU 0, wrk -t1 on CPU 1 (when taskset is
# there); both requests accept gzip, as browsers and apps do.
set -eu
db=${1:?usage: bench/api.sh DB [SECONDS] [ROUNDS] [CONNS]}
secs=${2:-8}
rounds=${3:-3}
conns=${4:-50}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/qiao
[ -x "$bin" ] || { echo "bench/api.sh: build ./qiao first (make)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench/api.sh: wrk missing (tools/deps.sh bench)" >&2; exit 1; }
pin0= pin1=
if command -v taskset >/dev/null 2>&1; then pin0="taskset -c 0"; pin1="taskset -c 1"; fi

log=$(mktemp)
tmp=$(mktemp -d)/r
$pin0 "$bin" serve --listen 127.0.0.1:0 --db "$db" --root "$top" --workers 1 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$log" "${tmp%/r}"' EXIT
port=
i=0
while [ -z "$port" ] && [ $i -lt 200 ]; do
	port=$(sed -nE 's|.*on http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$log" | tail -n 1)
	sleep 0.05
	i=$((i + 1))
done
[ -n "$port" ] || { echo "server did not start: $(cat "$log")" >&2; exit 1; }
base=http://127.0.0.1:$port
art=$(sqlite3 "$db" "SELECT id FROM articles ORDER BY published_at DESC LIMIT 1")
UA='Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'

run() {  # run URL -> "req/s p99ms"
	out=$($pin1 wrk -t1 -c"$conns" -d"${secs}s" --latency -H "User-Agent: $UA" -H 'Accept-Encoding: gzip' "$1")
	rps=$(printf '%s\n' "$out" | sed -nE 's/^Requests\/sec:[[:space:]]+([0-9.]+).*/\1/p')
	p99=$(printf '%s\n' "$out" | sed -nE 's/^[[:space:]]+99%[[:space:]]+([0-9.]+)(us|ms|s).*/\1 \2/p' |
		awk '{ v = $1; if ($2 == "us") v /= 1000; if ($2 == "s") v *= 1000; printf "%.2f", v }')
	echo "$rps $p99"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "| page | as | bytes sent (gzip) | conns | req/s | p99 ms |"
echo "|---|---|---|---|---|---|"
for page in "home:/" "article:/news/$art"; do
	name=${page%%:*} path=${page#*:}
	api_path=/api/v1$path
	[ "$path" = / ] && api_path=/api/v1
	: > $tmp.html; : > $tmp.json
	# Warm the cache, then alternate.
	curl -s -o /dev/null -A "$UA" -H 'Accept-Encoding: gzip' "$base$path"
	curl -s -o /dev/null -H 'Accept-Encoding: gzip' "$base$api_path"
	r=0
	while [ $r -lt "$rounds" ]; do
		run "$base$path" >> $tmp.html
		run "$base$api_path" >> $tmp.json
		r=$((r + 1))
	done
	for kind in html json; do
		if [ $kind = html ]; then u=$base$path; else u=$base$api_path; fi
		bytes=$(curl -s -A "$UA" -H 'Accept-Encoding: gzip' "$u" | wc -c)
		rps=$(cut -d' ' -f1 $tmp.$kind | median)
		p99=$(cut -d' ' -f2 $tmp.$kind | median)
		echo "| $name | $kind | $bytes | $conns | $rps | $p99 |"
	done
done
rm -f $tmp.html $tmp.json
