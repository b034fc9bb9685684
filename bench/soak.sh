#!/bin/sh
# soak.sh - the server under a long mixed load, in its sanitizer build
# (issue 15): SLOW slowloris clients, IDLE idle keep-alive connections, a
# stream of letters posted through the form, `qiao import services` of a
# large file over and over, and a normal client whose latency is measured,
# all at once for SECONDS.  Not a test of make test (it takes minutes);
# bench/RESULTS.md records its runs.
#
#   bench/soak.sh [SECONDS]          (default 600; SOAK_SECS too)
#   SOAK_IDLE=10000 SOAK_SLOW=1000 SOAK_ITEMS=20000 SOAK_RATE=20 SOAK_POST_RATE=5 bench/soak.sh 600
#   (RATE: the normal client's requests a second; POST_RATE: letters a second)
#   SOAK_BIN=/path/to/qiao bench/soak.sh 180   (another build; no make)
#   SOAK_IMPORT_NICE=10 bench/soak.sh 600  (the imports under nice -n 10, as
#     docs/operations.md advises for imports on the serving machine)
#   SOAK_IMPORTS=0 bench/soak.sh 180       (no import: to tell its cost)
#
# Passes (exit 0) when, at the end:
#   - no sanitizer report (ASan, UBSan, LeakSanitizer) in the server's stderr
#     and the server exits 0 on SIGTERM;
#   - no lost letter: every code the server acknowledged is stored with the
#     title and body that were posted;
#   - the normal client's p99 is under 50 ms (SOAK_P99_MS), with no error;
#   - slow clients are closed by the head timeout (10 s): none lived over
#     12 s;
#   - every import run finished (exit 0).
# Numbers go to build/soak/summary.txt (and the JSON files beside it).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
secs=${1:-${SOAK_SECS:-600}}
idle=${SOAK_IDLE:-10000}
slow=${SOAK_SLOW:-1000}
items=${SOAK_ITEMS:-20000}
rate=${SOAK_RATE:-20}
post_rate=${SOAK_POST_RATE:-5}
p99_max=${SOAK_P99_MS:-50}
imports=${SOAK_IMPORTS:-1}
import_nice=${SOAK_IMPORT_NICE:-0}
out=$top/build/soak
rm -rf "$out"
mkdir -p "$out"
bin=${SOAK_BIN:-$top/build/test/qiao}

if [ -z "${SOAK_BIN:-}" ]; then
	echo "== building the sanitizer flavour (make test-build)"
	make --no-print-directory test-build >"$out/build.log" 2>&1 || { tail -n 20 "$out/build.log"; exit 1; }
fi
command -v python3 >/dev/null || { echo "soak.sh: needs python3"; exit 1; }
command -v sqlite3 >/dev/null || { echo "soak.sh: needs sqlite3"; exit 1; }

db=$out/soak.db
echo "== demo database ($db)"
"$bin" init --demo --db "$db" >/dev/null || exit 1
# Many letters from one gateway: the hourly limit is not what this measures.
sqlite3 "$db" "UPDATE msg_settings SET value = 1000000 WHERE key = 'posts_per_hour'"
unit=$(sqlite3 "$db" "SELECT id FROM units WHERE region_id = 2 ORDER BY sort, id LIMIT 1")
python3 bench/soak.py services "$out/svc-a.xml" "$items" A
python3 bench/soak.py services "$out/svc-b.xml" "$items" B
echo "services file: $items items, $(wc -c <"$out/svc-a.xml") bytes"

# A free port: let the kernel pick one, then use it.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --trusted-gateway 127.0.0.1 \
	--access-log /dev/null 2>"$out/server.err" &
spid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "soak.sh: the server did not start"; cat "$out/server.err"; kill $spid; exit 1; }
	sleep 0.2
done
echo "== soak: ${secs}s on port $port: $idle idle, $slow slow, $post_rate letters/s, imports of $items items (SOAK_IMPORTS=$imports, nice $import_nice), normal client at $rate/s"

python3 bench/soak.py conns "$port" "$idle" "$slow" "$secs" "$out/conns.json" 2>"$out/conns.err" &
cpid=$!
sleep 5   # let the connections build up before measuring
python3 bench/soak.py posts "$port" "$((secs - 10))" "$unit" "$out/letters.tsv" "$out/posts.json" "$post_rate" 2>"$out/posts.err" &
ppid=$!
python3 bench/soak.py normal "$port" "$((secs - 10))" "$rate" "$out/normal.json" 2>"$out/normal.err" &
npid=$!
# Imports, one after another, alternating two versions (every row changes).
(
	end=$(( $(date +%s) + secs - 15 ))
	n=0 bad=0
	[ "$imports" = 0 ] && end=0
	while [ "$(date +%s)" -lt "$end" ]; do
		n=$((n + 1))
		f=$out/svc-a.xml; [ $((n % 2)) -eq 0 ] && f=$out/svc-b.xml
		t0=$(date +%s)
		if nice -n "$import_nice" "$bin" import services "$f" --db "$db" >>"$out/import.log" 2>&1; then
			echo "import $n ok $(( $(date +%s) - t0 ))s" >>"$out/imports.txt"
		else
			bad=$((bad + 1))
			echo "import $n FAILED $(( $(date +%s) - t0 ))s" >>"$out/imports.txt"
		fi
	done
) &
ipid=$!

# Sample the server's memory and descriptors once a minute.
(
	while kill -0 $spid 2>/dev/null; do
		for p in $(pgrep -P $spid) $spid; do
			printf '%s pid %s rss_kb %s fds %s\n' "$(date +%H:%M:%S)" "$p" \
				"$(awk '/VmRSS/ {print $2}' /proc/$p/status 2>/dev/null)" \
				"$(ls /proc/$p/fd 2>/dev/null | wc -l)"
		done
		sleep 60
	done
) >"$out/memory.txt" 2>/dev/null &
mpid=$!

wait $ppid $npid $ipid
wait $cpid
kill $mpid 2>/dev/null
kill -TERM $spid
wait $spid
sst=$?

python3 bench/soak.py verify "$db" "$out/letters.tsv" "$out/verify.json"
vst=$?

# --- the verdict -------------------------------------------------------------
fails=0
verdict() {  # verdict OK? TEXT
	if [ "$1" = 0 ]; then echo "  ok    $2"; else echo "  FAIL  $2"; fails=$((fails + 1)); fi
}
jget() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@" 2>/dev/null; }
{
echo "soak of $(date -u '+%Y-%m-%d %H:%M UTC'), ${secs}s, nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "connections: $(cat "$out/conns.json" 2>/dev/null | tr -d '\n ' )"
echo "posts:       $(cat "$out/posts.json" 2>/dev/null | tr -d '\n ')"
echo "normal:      $(cat "$out/normal.json" 2>/dev/null | tr -d '\n ')"
echo "letters:     $(cat "$out/verify.json" 2>/dev/null | tr -d '\n ')"
echo "imports:     $(grep -c ' ok ' "$out/imports.txt" 2>/dev/null) ok, $(grep -c FAILED "$out/imports.txt" 2>/dev/null) failed; times: $(awk '{print $4}' "$out/imports.txt" 2>/dev/null | tr '\n' ' ')"
echo "memory:      $(tail -n 3 "$out/memory.txt" | tr '\n' ';')"
san=$(grep -cE '==[0-9]+==ERROR: |SUMMARY: [A-Za-z]*Sanitizer|runtime error:' "$out/server.err")
verdict "$san" "no sanitizer report in the server's stderr ($san lines)"
verdict "$sst" "server exits 0 on SIGTERM (status $sst)"
verdict "$vst" "no lost letter: $(jget "$out/verify.json" 'd["acknowledged_checked"]') acknowledged codes checked, $(jget "$out/verify.json" 'd["missing"]') missing, $(jget "$out/verify.json" 'd["changed"]') changed"
p99=$(jget "$out/normal.json" 'd["ms_p99"]')
nerr=$(jget "$out/normal.json" 'd["errors"]')
verdict "$(python3 -c "print(0 if ${p99:-1e9} < $p99_max and ${nerr:-1} == 0 else 1)")" "normal client p99 ${p99:-?} ms < $p99_max ms, ${nerr:-?} errors"
slowmax=$(jget "$out/conns.json" 'd["slow_life_max_s"]')
verdict "$(python3 -c "print(0 if ${slowmax:-1e9} <= 12 else 1)")" "slow clients closed by the head timeout: longest lived ${slowmax:-?} s (<= 12)"
nimp_bad=$(grep -c FAILED "$out/imports.txt" 2>/dev/null)
nimp_ok=$(grep -c ' ok ' "$out/imports.txt" 2>/dev/null)
if [ "$imports" = 0 ]; then
	echo "  --    no import (SOAK_IMPORTS=0): not a full soak"; fails=$((fails + 1))
else
	verdict "$([ "${nimp_bad:-1}" -eq 0 ] && [ "${nimp_ok:-0}" -gt 0 ] && echo 0 || echo 1)" "every import finished: ${nimp_ok:-0} ok, ${nimp_bad:-?} failed"
fi
echo "soak: $fails failed"
} | tee "$out/summary.txt"
[ "$(grep -c '^  FAIL' "$out/summary.txt")" -eq 0 ]
