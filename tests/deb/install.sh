#!/bin/sh
# install.sh - the Debian package in a fresh Debian 12: debootstrap a
# minimal bookworm tree (once; kept in build/deb-test/root), install the
# .deb with apt (its dependencies from Debian's archive), check what the
# package set up (user, directories, conffile, database, unit, man pages),
# start the service's command as the unit does in a chroot (the unit's
# ExecStart, as User=qiao), fetch /, stop it; then boot the tree with
# systemd-nspawn (systemd as PID 1, the unit as installed: Type=notify,
# hardening), check that the service came up READY and healthy, reload it
# with systemctl (a new trusted proxy takes effect, a restart-only key is
# named, a bad file is refused and the server keeps running), stop it, shut
# the container down; finally purge the package and check that nothing is
# left.  Needs root.  `make deb-test`.  NSPAWN=no skips the boot.
#
#   tests/deb/install.sh build/deb/qiao_VERSION_ARCH.deb
set -eu
deb=$(readlink -f "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
base=$top/build/deb-test
root=$base/root
fails=0 passes=0
ok() { passes=$((passes + 1)); }
fail() { fails=$((fails + 1)); echo "  FAIL [deb] $*" >&2; }
check() { _d=$1; shift; if "$@" >/dev/null 2>&1; then ok; else fail "$_d"; fi; }
in_root() { chroot "$root" "$@"; }

[ "$(id -u)" = 0 ] || { echo "install.sh: needs root (debootstrap, chroot)" >&2; exit 2; }
if [ ! -x "$root/usr/bin/apt-get" ]; then
	rm -rf "$root"
	mkdir -p "$base"
	echo "deb-test: debootstrap bookworm into $root (a few minutes, once)"
	debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm "$root" > "$base/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$base/debootstrap.log"; exit 1; }
fi
# A pristine copy for each run: the tree stays fresh.
run=$base/run
rm -rf "$run"
cp -a "$root" "$run"
root=$run
cleanup() {
	[ -n "${spid:-}" ] && kill "$spid" 2>/dev/null
	[ -n "${npid:-}" ] && kill -KILL "$npid" 2>/dev/null
	umount "$root/proc" 2>/dev/null || true
}
trap cleanup EXIT
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp "$deb" "$root/tmp/qiao.deb"

export DEBIAN_FRONTEND=noninteractive
in_root apt-get update -qq > "$base/apt.log" 2>&1 || { tail "$base/apt.log"; exit 1; }
if in_root apt-get install -y -qq --no-install-recommends /tmp/qiao.deb curl >> "$base/apt.log" 2>&1; then ok; else
	fail "apt-get install the package"; tail -n 30 "$base/apt.log" >&2; exit 1
fi
check "the qiao system user exists" in_root getent passwd qiao
check "/usr/sbin/qiao is installed" test -x "$root/usr/sbin/qiao"
check "templates in /usr/share/qiao" test -f "$root/usr/share/qiao/wml/layout.wml"
check "the conffile /etc/qiao/qiao.conf" grep -qx /etc/qiao/qiao.conf "$root/var/lib/dpkg/info/qiao.conffiles"
check "the database was created" test -s "$root/var/lib/qiao/qiao.db"
check "... owned by qiao" test "$(in_root stat -c %U /var/lib/qiao/qiao.db)" = qiao
check "/var/log/qiao exists" test -d "$root/var/log/qiao"
check "the unit is installed" test -f "$root/usr/lib/systemd/system/qiao.service" -o -f "$root/lib/systemd/system/qiao.service"
check "the unit is enabled" test -L "$root/etc/systemd/system/multi-user.target.wants/qiao.service"
check "logrotate file" test -f "$root/etc/logrotate.d/qiao"
check "qiao(8) installed" test -f "$root/usr/share/man/man8/qiao.8.gz"
check "qiao.conf(5) installed" test -f "$root/usr/share/man/man5/qiao.conf.5.gz"
check "the Kannel example installed" test -f "$root/usr/share/doc/qiao/examples/kannel.conf"
check "config check passes on the installed file" in_root /usr/sbin/qiao config check

# Start the unit's command as its user, on a free port instead of 8080.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/qiao.service" "$root/usr/lib/systemd/system/qiao.service" 2>/dev/null | head -n 1)
# shellcheck disable=SC2086
chroot --userspec=qiao:qiao "$root" $exec_start --listen "127.0.0.1:$port" --workers 2 > "$base/serve.log" 2>&1 &
spid=$!
i=0
while ! grep -q "serving" "$base/serve.log" && [ $i -lt 100 ] && kill -0 "$spid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
status=$(curl -s -o "$base/home.html" -w '%{http_code}' -A 'Mozilla/5.0 (iPhone)' "http://127.0.0.1:$port/" || true)
[ "$status" = 200 ] && ok || { fail "GET / from the installed service: $status"; cat "$base/serve.log" >&2; }
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
[ "$status" = 200 ] && ok || fail "GET /healthz: $status"
check "the access log is written as qiao" test "$(in_root stat -c %U /var/log/qiao/access.log)" = qiao
kill -TERM "$spid"
wait "$spid" && ok || fail "the service stops with status 0"
spid=
rm -f "$root/var/log/qiao/access.log"

# --- under systemd: boot the tree ----------------------------------------
npid= cpid=
in_ct() { nsenter -t "$cpid" -a "$@"; }
# wait_for SECONDS COMMAND...: until COMMAND succeeds.
wait_for() {
	_n=$(($1 * 10)); shift
	while [ $_n -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; _n=$((_n - 1)); done
	return 1
}
status_text() { in_ct systemctl show -p StatusText --value qiao; }
boot_test() {
	# The package did not pull systemd in: an older tree may lack it.
	if [ ! -x "$root/lib/systemd/systemd" ]; then
		in_root apt-get install -y -qq --no-install-recommends systemd systemd-sysv dbus >> "$base/apt.log" 2>&1 ||
			{ fail "install systemd into the tree"; return; }
	fi
	umount "$root/proc"
	# The container shares this machine's network: qiao on a free port.
	sed -i "s|^listen = .*|listen = 127.0.0.1:$port|" "$root/etc/qiao/qiao.conf"
	# nspawn keeps its propagation directories under /run/systemd/nspawn and
	# refuses to clean them up unless that is a tmpfs (here /run is not).
	mkdir -p /run/systemd/nspawn
	mountpoint -q /run/systemd/nspawn || mount -t tmpfs -o mode=755 tmpfs /run/systemd/nspawn
	# No systemd on this side: no machine registration, no scope unit.
	systemd-nspawn -q -D "$root" --register=no --keep-unit --boot --console=read-only > "$base/boot.log" 2>&1 &
	npid=$!
	wait_for 30 pgrep -P "$npid" || { fail "systemd-nspawn boots the tree: $(tail -n 5 "$base/boot.log")"; return; }
	cpid=$(pgrep -P "$npid" | head -n 1)
	if wait_for 90 sh -c "nsenter -t $cpid -a systemctl is-system-running | grep -qE '^(running|degraded)$'"; then ok; else
		fail "systemd in the container reaches multi-user: $(in_ct systemctl is-system-running 2>&1)"
	fi
	# Enabled by the package: started at boot; Type=notify is active only
	# once qiao said READY=1.
	if wait_for 30 sh -c "nsenter -t $cpid -a systemctl is-active qiao | grep -qx active"; then ok; else
		fail "qiao.service active at boot: $(in_ct systemctl status --no-pager qiao 2>&1 | tail -n 15)"
		return
	fi
	check "the unit is Type=notify" test "$(in_ct systemctl show -p Type --value qiao)" = notify
	check "it runs as qiao" test "$(in_ct systemctl show -p User --value qiao)" = qiao
	mainpid=$(in_ct systemctl show -p MainPID --value qiao)
	status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
	[ "$status" = 200 ] && ok || fail "GET /healthz under systemd: $status"
	curl -s -o /dev/null -H 'X-Forwarded-For: 203.0.113.7' "http://127.0.0.1:$port/" || true
	check "before the reload the proxy's header is not believed" \
		sh -c "tail -n 1 '$root/var/log/qiao/access.log' | grep -q '^127\.0\.0\.1 '"
	# systemctl reload: a new trusted proxy, a restart-only key changed.
	printf 'trusted-proxy = 127.0.0.1\ncache-size = 8\n' >> "$root/etc/qiao/qiao.conf"
	# (ExecReload runs /bin/kill: procps, a dependency; a minimal Debian
	# has no kill otherwise.)
	in_ct systemctl reload qiao && ok || fail "systemctl reload qiao: $(in_ct journalctl -u qiao --no-pager | tail -n 5)"
	if wait_for 10 sh -c "nsenter -t $cpid -a systemctl show -p StatusText --value qiao | grep -q 'settings reloaded'"; then ok; else
		fail "after reload the status says settings reloaded: $(status_text)"
	fi
	check "... and names the restart-only key" sh -c "nsenter -t $cpid -a systemctl show -p StatusText --value qiao | grep -q 'restart needed for: cache-size'"
	check "the journal has the reload" sh -c "nsenter -t $cpid -a journalctl -u qiao --no-pager | grep -q 'SIGHUP: settings read from /etc/qiao/qiao.conf'"
	curl -s -o /dev/null -H 'X-Forwarded-For: 203.0.113.7' "http://127.0.0.1:$port/" || true
	check "after the reload the client behind the proxy is logged" \
		sh -c "tail -n 1 '$root/var/log/qiao/access.log' | grep -q '^203\.0\.113\.7 '"
	check "the same main process (reloaded, not restarted)" test "$(in_ct systemctl show -p MainPID --value qiao)" = "$mainpid"
	# A bad file: refused, still running, systemd's status says so.
	echo 'no-such-key = 1' >> "$root/etc/qiao/qiao.conf"
	in_ct systemctl reload qiao && ok || fail "systemctl reload qiao (bad file)"
	if wait_for 10 sh -c "nsenter -t $cpid -a systemctl show -p StatusText --value qiao | grep -q 'reload failed'"; then ok; else
		fail "a bad file: the status says reload failed: $(status_text)"
	fi
	check "... still active" test "$(in_ct systemctl is-active qiao)" = active
	status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
	[ "$status" = 200 ] && ok || fail "GET /healthz after a bad reload: $status"
	sed -i '/^no-such-key/d' "$root/etc/qiao/qiao.conf"
	in_ct systemctl stop qiao && ok || fail "systemctl stop qiao"
	check "stopped: inactive" test "$(in_ct systemctl is-active qiao)" = inactive
	check "stopped cleanly (status 0)" test "$(in_ct systemctl show -p ExecMainStatus --value qiao)" = 0
}
shutdown_ct() {
	[ -n "$npid" ] || return 0
	[ -n "$cpid" ] && in_ct systemctl poweroff --no-block >/dev/null 2>&1
	wait_for 60 sh -c "! kill -0 $npid" || kill -KILL "$npid" 2>/dev/null || true
	wait "$npid" 2>/dev/null || true
	npid=
}
if [ "${NSPAWN:-yes}" = no ]; then
	echo "deb-test: NSPAWN=no: not booting the tree"
elif ! command -v systemd-nspawn >/dev/null 2>&1 || ! command -v nsenter >/dev/null 2>&1; then
	fail "systemd-nspawn is not installed (package systemd-container: tools/deps.sh deb)"
else
	boot_test
	shutdown_ct
	mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
fi
if in_root apt-get purge -y -qq qiao >> "$base/apt.log" 2>&1; then ok; else fail "apt-get purge"; fi
check "purged: binary gone" test ! -e "$root/usr/sbin/qiao"
check "purged: /etc/qiao gone" test ! -e "$root/etc/qiao"
check "purged: /var/lib/qiao gone" test ! -e "$root/var/lib/qiao"
check "purged: /var/log/qiao gone" test ! -e "$root/var/log/qiao"
check "purged: the unit is no longer enabled" test ! -e "$root/etc/systemd/system/multi-user.target.wants/qiao.service"
echo "deb: $passes passed, $fails failed, 0 skipped"
[ "$fails" = 0 ]
