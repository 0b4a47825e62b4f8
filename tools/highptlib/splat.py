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
    return "\n".join(out)
