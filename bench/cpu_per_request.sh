#!/bin/sh
# cpu_per_request.sh - CPU time of qiao's worker per cached request, for
# builds compared side by side on a loaded machine (wall-clock ratios
# swing with other load; the server's own CPU time swings less).
#
#   bench/cpu_per_request.sh ROUNDS NAME:BIN:ROOT:DB[:PATH] [NAME:BIN:ROOT:DB[:PATH]...]
#
# PATH is the page asked for (default /, the home page; e.g. /zh-hant/
# for the home page in 繁體).
# Each build serves its own copy of a demo database (a newer build
# migrates it) with its own templates; qiao --workers 1 on CPU 0, wrk on
# CPU 1, 50 keep-alive connections for 4 s on the home page as a WAP 1.x
# phone and as a smartphone, the builds alternating ROUNDS times.  Prints
# µs of utime + stime per request, with wrk's requests/s in brackets (the /proc clock ticks are 10 ms, so a
# run needs about a second of CPU to be read to a few per cent).
set -u
rounds=$1; shift
port=${QP:-18395}
UA_WML='Nokia7110/1.0 (05.01)'
UA_HTML='Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qiaocpu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
one() { # bin root db ua accept path
	taskset -c 0 "$1" serve --workers 1 --listen "127.0.0.1:$port" --db "$3" --root "$2" 2>/dev/null &
	pid=$!
	n=0
	until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
		n=$((n + 1)); [ $n -lt 100 ] || { kill $pid; echo "?"; return; }
		sleep 0.05
	done
	w=$(pgrep -P $pid | head -1); [ -n "$w" ] || w=$pid
	curl -s -o /dev/null -A "$4" -H "Accept: $5" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$6"
	t0=$(awk '{print $14 + $15}' "/proc/$w/stat")
	taskset -c 1 wrk -t1 -c50 -d4s -H "User-Agent: $4" -H "Accept: $5" -H 'Accept-Encoding: gzip' \
		"http://127.0.0.1:$port$6" > "$tmp/wrk.txt" 2>&1
	t1=$(awk '{print $14 + $15}' "/proc/$w/stat")
	reqs=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
	rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$tmp/wrk.txt")
	kill $pid; wait $pid 2>/dev/null
	echo "$t0 $t1 $reqs $rps" | awk '{ printf "%.2f(%d/s)", ($2 - $1) * 10000 / $3, $4 }'
}
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M) UTC"
for page in wml html; do
	if [ $page = wml ]; then ua=$UA_WML; acc=text/vnd.wap.wml; else ua=$UA_HTML; acc=text/html; fi
	for b in "$@"; do : > "$tmp/$(echo "$b" | cut -d: -f1)"; done
	i=0
	while [ $i -lt "$rounds" ]; do
		for b in "$@"; do
			IFS=: read -r name bin root db path <<X
$b
X
			printf ' %s' "$(one "$bin" "$root" "$db" "$ua" "$acc" "${path:-/}")" >> "$tmp/$name"
		done
		i=$((i + 1))
	done
	for b in "$@"; do name=$(echo "$b" | cut -d: -f1); echo "home-$page $name µs/request:$(cat "$tmp/$name")"; done
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M) UTC"
