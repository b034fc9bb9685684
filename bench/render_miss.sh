#!/bin/sh
# render_miss.sh - CPU time of qiao's worker per UNcached request (the
# rendered-page cache off: every request runs the handler, the store and
# the templates), for builds compared side by side on a loaded machine.
# Made for issue 17's interface strings ({{_ }} tags looked up in the
# request language's catalog), it measures any render-path change.
#
#   bench/render_miss.sh ROUNDS NAME:BIN:ROOT:DB [NAME:BIN:ROOT:DB...]
#
# PATHS (default "/ /news/c/2") are fetched as a WAP 1.x phone, a WAP 2.0
# phone and a smartphone: qiao --workers 1 --cache-size 0 on CPU 0, wrk on
# CPU 1, 10 connections for 3 s each, the builds alternating ROUNDS times.
# Prints µs of utime + stime per request and requests/s, per run.
set -u
rounds=$1; shift
port=${QP:-18296}
paths=${PATHS:-"/ /news/c/2"}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qiaomiss.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ua_of() {
	case $1 in
	wml) echo 'Nokia7110/1.0 (05.01)' ;;
	xhtml) echo 'SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1' ;;
	*) echo 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1' ;;
	esac
}
one() { # bin root db ua path
	taskset -c 0 "$1" serve --workers 1 --cache-size 0 --listen "127.0.0.1:$port" --db "$3" --root "$2" 2>/dev/null &
	pid=$!
	n=0
	until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do
		n=$((n + 1)); [ $n -lt 100 ] || { kill $pid; echo "?"; return; }
		sleep 0.05
	done
	w=$(pgrep -P $pid | head -1); [ -n "$w" ] || w=$pid
	curl -s -o /dev/null -A "$4" "http://127.0.0.1:$port$5"
	t0=$(awk '{print $14 + $15}' "/proc/$w/stat")
	taskset -c 1 wrk -t1 -c10 -d3s -H "User-Agent: $4" "http://127.0.0.1:$port$5" > "$tmp/wrk.txt" 2>&1
	t1=$(awk '{print $14 + $15}' "/proc/$w/stat")
	reqs=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
	rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$tmp/wrk.txt")
	kill $pid; wait $pid 2>/dev/null
	echo "$t0 $t1 $reqs $rps" | awk '{ printf "%.0fus/%dr/s", ($2 - $1) * 10000 / $3, $4 }'
}
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M) UTC"
for path in $paths; do
	for d in wml xhtml html; do
		ua=$(ua_of $d)
		for b in "$@"; do : > "$tmp/$(echo "$b" | cut -d: -f1)"; done
		i=0
		while [ $i -lt "$rounds" ]; do
			for b in "$@"; do
				IFS=: read -r name bin root db <<X
$b
X
				printf ' %s' "$(one "$bin" "$root" "$db" "$ua" "$path")" >> "$tmp/$name"
			done
			i=$((i + 1))
		done
		for b in "$@"; do name=$(echo "$b" | cut -d: -f1); echo "$path $d $name:$(cat "$tmp/$name")"; done
	done
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M) UTC"
