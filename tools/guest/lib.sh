# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# What the guest's test scripts share: sourced, never run.
d=/sys/kernel/debug/highpt

# case_ NAME COMMAND...: one "HIGHPT-CASE ok|FAIL NAME" line; a failure
# is followed by the command's output, indented.
case_() {
	name=$1
	shift
	if "$@" >/tmp/case.out 2>&1; then
		echo "HIGHPT-CASE ok $name"
	else
		echo "HIGHPT-CASE FAIL $name"
		sed 's/^/    /' /tmp/case.out
	fi
}

stat_() { awk -v n="$1" '$1 == n { print $2 }' $d/stats; }

# kib_ FIELD: /proc/meminfo's FIELD, in KiB.
kib_() { awk -v n="$1:" '$1 == n { print $2 }' /proc/meminfo; }

# ctl_reject_one FORMAT [ERROR]: the write of FORMAT (a printf format,
# sent in one write by dd) fails with ERROR (a pattern of strerror
# texts; by default EINVAL, ERANGE, E2BIG or ENOENT) and changes no
# counter but ctl_errors, and no space.
ctl_reject_one() {
	grep -v '^ctl_errors ' $d/stats >/tmp/before
	cat $d/spaces >>/tmp/before
	errors=$(stat_ ctl_errors)
	# shellcheck disable=SC2059 # the format is the test input
	printf "$1" | dd of=$d/ctl bs=4096 2>/tmp/err &&
		{ echo "accepted: $1"; return 1; }
	grep -qE "${2:-Invalid argument|Numerical result|Argument list|No such file}" \
		/tmp/err || { echo "wrong error for $1: $(cat /tmp/err)"; return 1; }
	{ grep -v '^ctl_errors ' $d/stats; cat $d/spaces; } | cmp -s - /tmp/before ||
		{ echo "state changed by: $1"; return 1; }
	test "$(stat_ ctl_errors)" -eq $((errors + 1))
}

# Free pages in every zone, per-CPU lists included (MemFree leaves
# those out).
free_pages() {
	awk '$1 == "pages" && $2 == "free" { n += $3 }
	     $1 == "count:" { n += $2 } END { print n }' /proc/zoneinfo
}

# gone PID [SECONDS]: wait, at most SECONDS (600), until process PID has
# exited (a zombie counts: an orphan's reaper is the guest's /init).
# Timed by the clock: busybox's sleep returns at once on kernels
# without 32-bit time syscalls.
gone() {
	until=$(($(ms_) + ${2:-600} * 1000))
	while [ -e "/proc/$1" ] &&
		! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; do
		[ "$(ms_)" -gt $until ] && return 1
		sleep 1
	done
}

# Milliseconds since boot, at /proc/uptime's 10 ms resolution.
ms_() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }

# field NAME FILE: the number, sign kept, in the first NAME=N in FILE.
field() {
	sed -n "s/^/ /; s/.* $1=\(-\{0,1\}[0-9.]*\).*/\1/p" "$2" | head -n1
}
