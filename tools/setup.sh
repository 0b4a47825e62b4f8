#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install, idempotently, every Debian package highpt's build, tests and
# demo need.  Runs as root on Debian 12 amd64; does nothing when all is
# already there.
set -eu

HOST_PKGS="make gcc libc6-dev bc flex bison cpio gzip xz-utils rsync
	libelf-dev libssl-dev python3 qemu-system-x86 sparse dkms
	linux-headers-amd64 linux-source-6.1 linux-source-6.12
	python3-mypy flake8 shellcheck libc6-dev-i386 gcc-multilib gnuplot-nox"
I386_PKGS="busybox-static:i386 linux-image-686-pae:i386
	linux-headers-686-pae:i386"

missing=""
for p in $HOST_PKGS $I386_PKGS; do
	dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null |
		grep -qx installed || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "setup.sh: need root to install:$missing" >&2
	exit 1
fi
echo "setup.sh: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx i386; then
	dpkg --add-architecture i386
fi
# A mirror mid-sync fails one index now and then: retry, then go on with
# what was fetched; the install below fails if a package is really missing.
for _ in 1 2 3; do
	apt-get update -q -o DPkg::Lock::Timeout=600 && break
	sleep 5
done
# Another apt or dpkg run may hold the lock for a while: wait for it.
# shellcheck disable=SC2086
apt-get install -q -y --no-install-recommends -o DPkg::Lock::Timeout=600 \
	$missing
