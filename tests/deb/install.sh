#!/bin/sh
# install.sh - the Debian package in a fresh Debian 12: debootstrap a
# minimal bookworm tree (once; kept in build/deb-test/root), install the
# .deb with apt (its dependencies from Debian's archive), check what the
# package set up (user, directories, conffile, database, unit, man pages),
# start the service's command as the unit does (a chroot has no systemd as
# PID 1: the unit's ExecStart, as User=qiao), fetch /, stop it, purge the
# package and check that nothing is left.  Needs root.  `make deb-test`.
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
	debootstrap --variant=minbase bookworm "$root" > "$base/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$base/debootstrap.log"; exit 1; }
fi
# A pristine copy for each run: the tree stays fresh.
run=$base/run
rm -rf "$run"
cp -a "$root" "$run"
root=$run
cleanup() {
	[ -n "${spid:-}" ] && kill "$spid" 2>/dev/null
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
if in_root apt-get purge -y -qq qiao >> "$base/apt.log" 2>&1; then ok; else fail "apt-get purge"; fi
check "purged: binary gone" test ! -e "$root/usr/sbin/qiao"
check "purged: /etc/qiao gone" test ! -e "$root/etc/qiao"
check "purged: /var/lib/qiao gone" test ! -e "$root/var/lib/qiao"
check "purged: /var/log/qiao gone" test ! -e "$root/var/log/qiao"
check "purged: the unit is no longer enabled" test ! -e "$root/etc/systemd/system/multi-user.target.wants/qiao.service"
echo "deb: $passes passed, $fails failed, 0 skipped"
[ "$fails" = 0 ]
