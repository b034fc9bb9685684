#!/bin/sh
# service.sh - running as a service: the unit file passes systemd-analyze
# verify; the packaged qiao.conf passes config check; qiao tells systemd
# READY=1 once it serves (and RELOADING=1/READY=1 around SIGHUP) on
# $NOTIFY_SOCKET; --user drops root after binding, and the workers serve
# as that user.
. "$(dirname "$0")/lib.sh"

"$QIAO_BIN" config check --config "$QIAO_TOP/debian/qiao.conf" > "$WORK/conf.out" 2>&1
expect_eq "the packaged qiao.conf passes config check" $? 0
expect_contains "... with the packaged database path" "$WORK/conf.out" "db = /var/lib/qiao/qiao.db"

if command -v systemd-analyze >/dev/null 2>&1; then
	# The unit as installed, but with this binary (verify wants it to exist).
	sed "s|/usr/sbin/qiao|$QIAO_BIN|" "$QIAO_TOP/debian/qiao.service" > "$WORK/qiao.service"
	systemd-analyze verify --man=no "$WORK/qiao.service" > "$WORK/verify.out" 2>&1
	expect_eq "systemd-analyze verify: the unit is clean" "$?:$(cat "$WORK/verify.out")" "0:"
	for key in Type=notify ProtectSystem=strict "ReadWritePaths=/var/lib/qiao /var/log/qiao" NoNewPrivileges=yes PrivateTmp=yes User=qiao; do
		expect_contains "the unit sets $key" "$QIAO_TOP/debian/qiao.service" "$key"
	done
else
	skip "systemd-analyze verify" "systemd is not installed"
fi

# sd_notify: a datagram socket that records what it is told.
db=$(demo_db portal.db)
sock=$WORK/notify.sock
python3 - "$sock" "$WORK/notified" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(0.5)
end = time.time() + 20
with open(sys.argv[2], "w") as out:
    while time.time() < end:
        try:
            msg = s.recv(4096).decode()
        except socket.timeout:
            continue
        out.write(msg.replace("\n", " ") + "\n")
        out.flush()
        if "STOPPING=1" in msg:
            break
PY
lpid=$!
i=0
while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
for workers in 1 2; do
	: > "$WORK/notified"
	NOTIFY_SOCKET=$sock start_server "$db" --workers $workers || { fail "server starts"; continue; }
	i=0
	while ! grep -q READY=1 "$WORK/notified" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	expect_contains "$workers worker(s): READY=1 once serving" "$WORK/notified" "READY=1"
	kill -HUP "$SERVER_PID"
	i=0
	while ! grep -q RELOADING=1 "$WORK/notified" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	expect_contains "$workers worker(s): RELOADING=1 on SIGHUP" "$WORK/notified" "RELOADING=1"
	# READY=1 follows once every worker has taken the settings (several
	# workers answer in their own time)
	i=0
	while [ "$(grep -c READY=1 "$WORK/notified")" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	check "$workers worker(s): READY=1 again after the reload" test "$(grep -c READY=1 "$WORK/notified")" -ge 2
	expect_eq "$workers worker(s): still serving after SIGHUP" "$(fetch h "$BASE/healthz")" 200
	stop_server
	sleep 0.2
	expect_contains "$workers worker(s): STOPPING=1 on the way out" "$WORK/notified" "STOPPING=1"
	if [ $workers = 1 ]; then
		# the listener stopped at STOPPING=1; start another for the next round
		wait $lpid 2>/dev/null
		rm -f "$sock"
		python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(0.5)
end = time.time() + 20
out = open(sys.argv[2], "a")
while time.time() < end:
    try: msg = s.recv(4096).decode()
    except socket.timeout: continue
    out.write(msg.replace("\n", " ") + "\n"); out.flush()
    if "STOPPING=1" in msg: break
' "$sock" "$WORK/notified" &
		lpid=$!
		i=0
		while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	fi
done
kill $lpid 2>/dev/null; wait $lpid 2>/dev/null

# --user: only root can change user.
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$WORK"
	mkdir -p "$WORK/u"
	cp "$db" "$WORK/u/qiao.db"
	chown -R nobody "$WORK/u"
	start_server "$WORK/u/qiao.db" --workers 2 --user nobody --access-log "$WORK/u/access.log" \
		|| { fail "serve --user nobody starts"; finish; }
	expect_eq "as nobody: the portal answers" "$(fetch r "$BASE/")" 200
	expect_contains "the log says so" "$WORK/server.err" "running as user nobody"
	uids=$(for p in $(pgrep -P "$SERVER_PID") "$SERVER_PID"; do awk '/^Uid:/ { print $2 }' "/proc/$p/status"; done | sort -u | tr '\n' ' ')
	expect_eq "supervisor and workers run as nobody" "$uids" "65534 "
	check "the access log belongs to nobody" test "$(stat -c %U "$WORK/u/access.log")" = nobody
	stop_server
	"$QIAO_BIN" serve --user no-such-user-here --listen 127.0.0.1:0 --db "$db" > "$WORK/nouser.out" 2>&1
	expect_eq "an unknown --user: status 1" $? 1
	expect_contains "... named" "$WORK/nouser.out" "no such user 'no-such-user-here'"
else
	skip "serve --user" "needs root to change user"
fi
finish
