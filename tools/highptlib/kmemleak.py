# SPDX-License-Identifier: GPL-2.0
"""Reading kmemleak's report from a test boot: did highpt leak?

tools/guest/kmemleak-scan runs last in the boot, after the suites and
the smoke cases have unloaded highpt, and prints the report between
markers.  An unreferenced object is highpt's when a frame of its
allocation backtrace is in highpt.ko or highpt_kunit.ko:

- "func+0x1/0x2 [highpt]": the module was still loaded at print time;
- a bare address ("0xf8a01234"): the module was unloaded, so the
  address has no symbol.  Kernel text always has one (KALLSYMS), and
  the guest loads no module but highpt's, so a bare frame is theirs.

The kmemleak kernel uses the frame-pointer unwinder, so no frame is a
stale return address.  Other unreferenced objects are the kernel's own:
they are counted, not failed.
"""

import re

BEGIN = "HIGHPT-KMEMLEAK-BEGIN"
END = "HIGHPT-KMEMLEAK-END"
ERROR = "HIGHPT-KMEMLEAK-ERROR"
MODULES = ("highpt", "highpt_kunit")

# 6.1 prints "[<hashed>] symbol", later kernels the symbol alone.
FRAME = re.compile(r"^\s+(?:\[<[0-9a-f]+>\]\s+)?(\S.*)$")
MODULE_TAG = re.compile(r"\[(\w+)(?: [0-9a-f]+)?\]$")
BARE = re.compile(r"^0x[0-9a-f]+$")


def section(output: str) -> list[str] | None:
    """The report's lines, or None if the guest printed no whole report."""
    lines: list[str] | None = None
    for line in output.replace("\r", "").splitlines():
        if line == BEGIN:
            lines = []
        elif line == END and lines is not None:
            return lines
        elif lines is not None:
            lines.append(line)
    return None


def objects(report: list[str]) -> list[list[str]]:
    """One list of lines per "unreferenced object" entry."""
    found: list[list[str]] = []
    for line in report:
        if line.startswith("unreferenced object "):
            found.append([line])
        elif found and line.startswith(" "):
            found[-1].append(line)
    return found


def frames(entry: list[str]) -> list[str]:
    """The backtrace of one entry, a symbol or bare address per frame."""
    out: list[str] = []
    inside = False
    for line in entry[1:]:
        if line.strip().startswith("backtrace"):
            inside = True
        elif inside:
            m = FRAME.match(line)
            if m:
                out.append(m.group(1).strip())
    return out


def is_ours(frame: str) -> bool:
    m = MODULE_TAG.search(frame)
    if m:
        return m.group(1) in MODULES
    return bool(BARE.match(frame))


def check(output: str) -> tuple[bool, str]:
    """(no leak from highpt, what to say): the verdict on a boot's
    kmemleak report."""
    report = section(output)
    if report is None:
        return False, "no kmemleak report from the guest"
    errors = [line for line in report if line.startswith(ERROR)]
    if errors:
        return False, "\n".join(errors)
    entries = objects(report)
    ours = [e for e in entries if any(is_ours(f) for f in frames(e))]
    if ours:
        shown = "\n".join("\n".join(e) for e in ours)
        return False, "%d of %d unreferenced objects allocated by " \
            "highpt:\n%s" % (len(ours), len(entries), shown)
    return True, "%d unreferenced objects, none allocated by highpt" \
        % len(entries)
