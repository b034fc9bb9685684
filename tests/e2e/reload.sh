#!/bin/sh
# reload.sh - SIGHUP reloads the configuration file without a restart:
# a changed trusted-proxy range and access-log path take effect in the
# running workers (same processes); a restart-only key changed is named in
# the log as needing a restart; a bad file (or a log that cannot be
# opened) is refused in one log line, the server keeps its settings and
# still reopens its logs; a keep-alive connection open across a reload is
# served before and after it; systemd hears RELOADING=1, then READY=1 with a
# STATUS= line that says which.  Both with a supervisor (--workers 2) and
# in one process (--workers 1).
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
conf=$WORK/qiao.conf
# The address the server logged for the last request in FILE.
last_addr() { tail -n 1 "$1" | cut -d' ' -f1; }
# wait_log N: until the server has finished its Nth reload (5 s at most).
wait_log() {
	_i=0
	while [ "$(grep -cE 'SIGHUP: ([0-9]+ of [0-9]+ workers took the settings|access logs reopened)' "$WORK/server.err")" -lt "$1" ] &&
		[ $_i -lt 100 ]; do sleep 0.05; _i=$((_i + 1)); done
}
# Six requests from "203.0.113.9" behind the proxy (several connections:
# the kernel spreads them over the workers).
six() { for _k in 1 2 3 4 5 6; do fetch "x$_k" "$BASE/healthz" -H 'X-Forwarded-For: 203.0.113.9' >/dev/null; done; sleep 0.2; }
# Every address in FILE is ADDR.
all_from() { test -s "$1" && test "$(cut -d' ' -f1 "$1" | sort -u)" = "$2"; }

# systemd's side: a datagram socket that records what it is told.
sock=$WORK/notify.sock
python3 - "$sock" "$WORK/notified" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(0.5)
end = time.time() + 60
with open(sys.argv[2], "w") as out:
    while time.time() < end:
        try:
            msg = s.recv(4096).decode()
        except socket.timeout:
            continue
        out.write(msg.replace("\n", " ") + "\n")
        out.flush()
PY
lpid=$!
i=0
while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done

for workers in 2 1; do
	w="$workers worker(s)"
	a=$WORK/a$workers.log b=$WORK/b$workers.log
	cat > "$conf" <<EOC
workers = $workers
access-log = $a
trusted-proxy = 10.9.9.9
EOC
	: > "$WORK/notified"
	NOTIFY_SOCKET=$sock start_server "$db" --config "$conf" || { fail "$w: server starts"; continue; }
	kids=$(pgrep -P "$SERVER_PID" | sort | tr '\n' ' ')
	six
	check "$w: before: the proxy is not trusted, its address is logged" all_from "$a" 127.0.0.1

	# A good file: a new range, a new log, and a restart-only key changed.
	cat > "$conf" <<EOC
workers = $workers
access-log = $b
trusted-proxy = 127.0.0.0/8
cache-size = 8
EOC
	kill -HUP "$SERVER_PID"
	wait_log 1
	lines_a=$(wc -l < "$a")
	six
	check "$w: after SIGHUP the new log is written" test -s "$b"
	check "$w: ... with the client behind the newly trusted proxy" all_from "$b" 203.0.113.9
	expect_eq "$w: ... and the old log gets nothing more" "$(wc -l < "$a")" "$lines_a"
	expect_contains "$w: a restart-only key is named" "$WORK/server.err" "SIGHUP: cache-size changed in $conf: needs a restart"
	expect_contains "$w: the reload is logged" "$WORK/server.err" "SIGHUP: settings read from $conf: 2 reloadable keys changed"
	check "$w: the same server process" kill -0 "$SERVER_PID"
	expect_eq "$w: the same workers (none replaced)" "$(pgrep -P "$SERVER_PID" | sort | tr '\n' ' ')" "$kids"
	expect_contains "$w: systemd heard RELOADING=1" "$WORK/notified" "RELOADING=1"
	expect_contains "$w: ... then READY=1 with what needs a restart" "$WORK/notified" \
		"READY=1 STATUS=settings reloaded from $conf; restart needed for: cache-size"

	# A connection open across a reload is served before and after it.
	python3 - "$PORT" "$SERVER_PID" > "$WORK/keepalive.out" 2>&1 <<'EOP'
import os, signal, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])
c = socket.create_connection(("127.0.0.1", port), timeout=10)
f = c.makefile("rb")
def get():
    c.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    status = f.readline().split()[1].decode()
    length = 0
    while True:
        line = f.readline().strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    f.read(length)
    return status
first = get()
os.kill(pid, signal.SIGHUP)
time.sleep(1)
print(first, get())
EOP
	expect_eq "$w: a keep-alive connection across SIGHUP: served before and after" "$(cat "$WORK/keepalive.out")" "200 200"
	wait_log 2

	# A bad file: one line in the log, the old settings stay, the logs are
	# still reopened (logrotate's SIGHUP must work whatever the file says).
	printf 'workers = %s\naccess-log = %s\ntrusted-proxy = 10.9.9.9\nno-such-key = 1\n' "$workers" "$WORK/c.log" > "$conf"
	mv "$b" "$b.1"
	kill -HUP "$SERVER_PID"
	wait_log 3
	expect_eq "$w: a bad file: one log line" \
		"$(grep -c "SIGHUP: $conf:4: unknown key 'no-such-key': still running on the previous settings" "$WORK/server.err")" 1
	six
	check "$w: ... the running log was reopened" all_from "$b" 203.0.113.9
	check "$w: ... the proxy is still trusted" all_from "$b" 203.0.113.9
	check "$w: ... the bad file's log is not used" test ! -e "$WORK/c.log"
	expect_contains "$w: ... systemd's status says so" "$WORK/notified" \
		"READY=1 STATUS=reload failed: $conf:4: unknown key 'no-such-key'; running on the previous settings"

	# A log that cannot be opened is refused the same way.
	printf 'workers = %s\naccess-log = %s\ntrusted-proxy = 10.9.9.9\n' "$workers" "$WORK/no/such/dir/d.log" > "$conf"
	kill -HUP "$SERVER_PID"
	wait_log 4
	expect_contains "$w: an access log that cannot be opened is refused" "$WORK/server.err" \
		"SIGHUP: cannot open access log $WORK/no/such/dir/d.log"
	six
	check "$w: ... and the old settings stay" all_from "$b" 203.0.113.9
	expect_eq "$w: still serving" "$(fetch h "$BASE/healthz")" 200
	stop_server
done
kill $lpid 2>/dev/null
wait $lpid 2>/dev/null
finish
