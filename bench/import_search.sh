#!/bin/sh
# import_search.sh - what a citizen's search costs while staff import the
# service catalogue (bench/RESULTS.md 15).
#
#   bench/import_search.sh [ITEMS]      (default 20000)
#
# Serves a copy of the demo database with the release binary (./qiao, built
# here; one worker), then searches every 50 ms, each time with a new query
# string so no cache answers, in three phases: 10 s on the quiet server,
# during `qiao import services` of ITEMS new items (bench/soak.py services,
# distinct names: the lexicon grows by ITEMS names), and 10 s after it.
# Prints, per phase, the searches' p50 / p99 / max and the number over
# 100 ms.  Needs python3 and curl.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
items=${1:-20000}
make --no-print-directory qiao >/dev/null
out=$top/build/bench/import_search
rm -rf "$out"
mkdir -p "$out"
db=$out/demo.db
./qiao init --demo --db "$db" >/dev/null
python3 bench/soak.py services "$out/svc.xml" "$items" a
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./qiao serve --db "$db" --listen "127.0.0.1:$port" --workers 1 --access-log /dev/null 2>"$out/server.err" &
spid=$!
trap 'kill $spid 2>/dev/null || true' EXIT INT TERM
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do
	i=$((i + 1))
	[ $i -lt 100 ] || { echo "import_search.sh: the server did not start"; cat "$out/server.err"; exit 1; }
	sleep 0.2
done

# searcher PHASE SECONDS|FILE: one search every 50 ms for SECONDS, or until
# FILE exists; one latency (ms) a line to $out/PHASE.ms.
searcher() {
	python3 - "$port" "$1" "$2" "$out/$1.ms" <<'PY'
import http.client, os, sys, time, urllib.parse
port, phase, until, path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
qs = ["身份证", "驾驶证换证", "社保卡", "营业执照", "公积金提取", "出生医学证明"]
end = time.monotonic() + float(until) if until.isdigit() else None
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
n = 0
with open(path, "w") as f:
    while (time.monotonic() < end) if end else not os.path.exists(until):
        n += 1
        q = urllib.parse.quote(qs[n % len(qs)])
        t0 = time.monotonic()
        c.request("GET", "/services/search?q=%s&n=%s%d" % (q, phase, n),
                  headers={"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"})
        r = c.getresponse()
        r.read()
        f.write("%.1f\n" % (1000 * (time.monotonic() - t0)))
        time.sleep(0.05)
PY
}
report() {
	python3 - "$1" "$out/$1.ms" <<'PY'
import sys
v = sorted(float(x) for x in open(sys.argv[2]))
pct = lambda p: v[min(len(v) - 1, int(p / 100 * len(v)))]
print("%-7s %4d searches  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  over 100 ms: %d"
      % (sys.argv[1], len(v), pct(50), pct(99), v[-1], sum(x > 100 for x in v)))
PY
}

searcher before 10
searcher during "$out/import.done" &
qpid=$!
t0=$(date +%s)
./qiao import services "$out/svc.xml" --db "$db" >"$out/import.log" 2>&1
echo "import of $items items: $(( $(date +%s) - t0 )) s"
touch "$out/import.done"
wait $qpid
searcher after 10
report before
report during
report after
