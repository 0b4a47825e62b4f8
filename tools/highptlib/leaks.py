# SPDX-License-Identifier: GPL-2.0
"""What highpt left behind: the end of a check-run boot, read.

tools/guest/leak-scan runs last in the boot, after the smoke cases have
unloaded highpt.  It prints the modules still loaded, /proc/vmallocinfo
and, on a kmemleak kernel, kmemleak's report after two scans.  A vmalloc
area or an unreferenced object is highpt's when its caller, or a frame
of its allocation backtrace, is in highpt.ko or highpt_kunit.ko:

- "func+0x1/0x2 [highpt]": the module was loaded at print time;
- a bare address ("0xf8a01234"): the module was unloaded, so the
  address has no symbol.  Kernel text always has one (KALLSYMS), and
  the guest loads no module but highpt's, so a bare address is theirs.

The kmemleak kernel uses the frame-pointer unwinder, so no frame is a
stale return address.  Other unreferenced objects are the kernel's own:
they are counted, not failed.
"""

import re

MODULES = ("highpt", "highpt_kunit")
LOADED = "HIGHPT-MODULES"
KMEMLEAK_ERROR = "HIGHPT-KMEMLEAK-ERROR"

# 6.1's kmemleak prints "[<hashed>] symbol", later kernels the symbol.
FRAME = re.compile(r"^\s+(?:\[<[0-9a-f]+>\]\s+)?(\S.*)$")
MODULE_TAG = re.compile(r"\[(\w+)(?: [0-9a-f]+)?\]$")
BARE = re.compile(r"^0x[0-9a-f]+$")


def is_ours(symbol: str) -> bool:
    """Whether a printed code address (%pS) is in highpt's modules."""
    m = MODULE_TAG.search(symbol)
    if m:
        return m.group(1) in MODULES
    return bool(BARE.match(symbol))


def section(output: str, name: str) -> list[str] | None:
    """The lines between HIGHPT-@name-BEGIN and -END, or None if the
    guest printed no whole section."""
    lines: list[str] | None = None
    for line in output.replace("\r", "").splitlines():
        if line == "HIGHPT-%s-BEGIN" % name:
            lines = []
        elif line == "HIGHPT-%s-END" % name and lines is not None:
            return lines
        elif lines is not None:
            lines.append(line)
    return None


def still_loaded(output: str) -> str:
    """Why the scan proves nothing ("" if it does): highpt, or another
    module whose bare addresses would look like highpt's, is loaded."""
    for line in output.replace("\r", "").splitlines():
        if line.startswith(LOADED):
            names = line[len(LOADED):].split()
            return "modules still loaded: " + " ".join(names) if names \
                else ""
    return "no module list from the guest"


def vmalloc(output: str) -> tuple[bool, str]:
    """(no area left by highpt, what to say), from /proc/vmallocinfo."""
    areas = section(output, "VMALLOC")
    if areas is None:
        return False, "no /proc/vmallocinfo from the guest"
    why = still_loaded(output)
    if why:
        return False, why
    ours = []
    for line in areas:
        words = line.split()
        # "start-end size caller [module] pages=N vmap ...", where the
        # caller can be missing ("vm_map_ram", "unpurged vm_area").
        caller = " ".join(words[2:4]) if len(words) > 3 and \
            words[3].startswith("[") else " ".join(words[2:3])
        if is_ours(caller):
            ours.append(line)
    if ours:
        return False, "%d vmalloc areas left by highpt:\n%s" \
            % (len(ours), "\n".join(ours))
    return True, "%d vmalloc areas, none from highpt" % len(areas)


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


def kmemleak(output: str) -> tuple[bool, str]:
    """(no leak from highpt, what to say), from kmemleak's report."""
    report = section(output, "KMEMLEAK")
    if report is None:
        return False, "no kmemleak report from the guest"
    errors = [line for line in report if line.startswith(KMEMLEAK_ERROR)]
    if errors:
        return False, "\n".join(errors)
    why = still_loaded(output)
    if why:
        return False, why
    entries = objects(report)
    ours = [e for e in entries if any(is_ours(f) for f in frames(e))]
    if ours:
        shown = "\n".join("\n".join(e) for e in ours)
        return False, "%d of %d unreferenced objects allocated by " \
            "highpt:\n%s" % (len(ours), len(entries), shown)
    return True, "%d unreferenced objects, none allocated by highpt" \
        % len(entries)
