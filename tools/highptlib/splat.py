# SPDX-License-Identifier: GPL-2.0
"""Finding kernel reports ("splats") in a guest's kernel log.

Any of these in a test run is a failure: BUG, WARNING, Oops, panics,
lockdep reports, DEBUG_ATOMIC_SLEEP's "sleeping function called from
invalid context", kmap_local debug reports (they are WARNs), hung tasks,
RCU stalls, and the OOM killer (a ctl command must fail with -ENOMEM
instead).
"""

import re

PATTERNS = [
    r"\bBUG:",
    r"kernel BUG at",
    r"\bWARNING:",
    r"------------\[ cut here \]------------",
    r"\bOops\b",
    r"general protection fault",
    r"Kernel panic",
    r"\bINFO: (possible|trying to register|lockdep|task .* blocked|"
    r"rcu_|inconsistent)",
    r"possible (circular|recursive) locking",
    r"inconsistent lock state",
    r"sleeping function called from invalid context",
    r"scheduling while atomic",
    r"\bUBSAN:",
    r"detected stalls",
    r"Call Trace:",
    r"invoked oom-killer",
    r"Out of memory",
]
SPLAT = re.compile("|".join("(?:%s)" % p for p in PATTERNS))

# An oops's EFLAGS with a bit no x86 CPU sets (reserved 31-22, 15, 5, 3).
# The value comes from a saved frame, which a corrupt stack could fake,
# but every such oops here so far was the emulator's doing.
EFLAGS = re.compile(r"\bEFLAGS: ([0-9a-f]{8})\b")
IMPOSSIBLE_FLAGS = 0xffc08028
EMULATOR_NOTE = ("  note: EFLAGS %s has reserved bits set, which no x86 CPU"
                 " does: most likely the emulator corrupted them (on i386"
                 " guests under QEMU 7.2, a plain atomic64 add or subtract:"
                 " see module/atomic64.h; tools/guest-src/cx8-flags.c tests"
                 " the emulator)")


def scan(log: str, context: int = 12) -> str:
    """The offending lines of @log with some context after each, or ""."""
    lines = log.replace("\r", "").splitlines()
    shown: set[int] = set()
    for i, line in enumerate(lines):
        if SPLAT.search(line):
            shown.update(range(i, min(i + context, len(lines))))
    if not shown:
        return ""
    out, last = [], -2
    for i in sorted(shown):
        if i != last + 1:
            out.append("  ...")
        out.append("  " + lines[i])
        last = i
    bad = [m.group(1) for i in sorted(shown)
           for m in [EFLAGS.search(lines[i])]
           if m and int(m.group(1), 16) & IMPOSSIBLE_FLAGS]
    if bad:
        out.append(EMULATOR_NOTE % bad[0])
    return "\n".join(out)
