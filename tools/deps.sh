#!/bin/sh
# deps.sh - make sure the Debian packages a make target needs are installed.
#
#   tools/deps.sh build|test|bench|deb
#
# Checks each package with dpkg and installs the missing ones with apt-get
# (after apt-get update), saying what it installs.  Runs apt-get through
# sudo when not root.  Does nothing when everything is there.
set -eu

build="gcc make pkg-config libevent-dev libsqlite3-dev libxml2-dev zlib1g-dev unicode-data bzip2 libjansson-dev libsodium-dev libsystemd-dev scdoc"
test="$build curl libxml2-utils tidy kannel kannel-extras libwbxml2-utils sqlite3 procps python3 chromium fonts-wqy-microhei varnish nodejs clang libclang-rt-14-dev man-db groff-base nginx-light haproxy openssl"
bench="$build curl wrk nginx-light sqlite3 procps util-linux"
deb="$build debhelper dpkg-dev fakeroot lintian debootstrap systemd-container"

case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
bench) want=$bench ;;
deb) want=$deb ;;
*) echo "deps.sh: unknown set '$1' (build, test, bench or deb)" >&2; exit 2 ;;
esac

missing=
# The API's schema checks run npm tools (tests/api); Debian ships npm apart
# from nodejs, other node builds include it.
if [ "${1:-build}" = test ] && ! command -v npm >/dev/null 2>&1; then
	want="$want npm"
fi
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: missing packages:$missing (and no apt-get to install them)" >&2
	exit 1
fi
sudo=
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
		echo "deps.sh: missing packages:$missing; run as root to install them" >&2
		exit 1
	fi
fi
echo "qiao: installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "qiao: installed:$missing"
