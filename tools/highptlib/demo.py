# SPDX-License-Identifier: GPL-2.0
"""make demo: the 2002 thread's workload with real processes, on Debian's
stock 686-pae kernel, which still has HIGHPTE.

Two boots run the same work: TASKS processes attach one SIZE MiB SysV
segment and populate their page tables.  The first keeps the kernel's
user PTE pages in highmem (its default); the second boots with
userpte=nohigh (lowmem), and there highpt also shadows the same
processes once per entry format and PTE placement, then runs the
synthetic "map" table (tools/guest/demo), then grows the workload in
steps of CURVE_STEP tasks until lowmem nearly runs out (seed-curve),
with highpt shadowing each batch.  One table puts the figures side by
side, and a plot draws LowFree against tasks for the three."""

import os
import re
import time

from . import build, kernels, plot, vm

# Lowmem a shadow in highmem may use, against the same in lowmem: its
# directory pages only.
MAX_LOWMEM_SHARE = 0.02
# The curve's batches, and where it stops if lowmem lasts: 50 x 1 GiB
# per step takes about 20 s under TCG with userpte=nohigh, and lowmem
# (about 710 MiB free) lasts about 250 tasks. HIGHPTE populates 5 times
# slower under TCG, so its line has seed-demo's 4 batches only.
CURVE_STEP = 50
CURVE_MAX = 400


class Row:
    """One HIGHPT-ROW line of tools/guest/seed-demo."""

    def __init__(self, words: list[str]) -> None:
        self.kind, self.label = words[0], words[1]

        def num(w: str) -> int | None:
            return None if w == "-" else int(w)
        vals = [num(w) for w in words[2:]]
        if self.kind == "kernel":
            self.total, self.low, self.high = vals[0], None, None
            rest = vals[3:]
        else:
            self.low, self.high = vals[0], vals[1]
            self.total = (self.low or 0) + (self.high or 0)
            rest = vals[2:]
        self.lowfree, self.highfree, self.ms = rest[0], rest[1], rest[2]
        self.filled = rest[3] if len(rest) > 3 else None
        self.unheld = rest[4] if len(rest) > 4 else None


def curves(output: str) -> dict[str, list[tuple[int, int, str]]]:
    """HIGHPT-CURVE lines by label: (tasks, LowFree KiB, shadow KiB)."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for m in re.finditer(r"^HIGHPT-CURVE (\S+) (\d+) (\d+) \d+ (\S+)$",
                         output, re.M):
        found.setdefault(m.group(1), []).append(
            (int(m.group(2)), int(m.group(3)), m.group(4)))
    return found


def draw_curve(found: dict[str, list[tuple[int, int, str]]], size: int,
               ) -> list[str]:
    """The plot of the seed's story; [] if a line is missing."""
    hi, lo = found.get("highpte"), found.get("nohigh-curve")
    if not hi or not lo:
        return []
    base = lo[0][1]
    lines = {
        "kernel, userpte=nohigh (PTE pages in lowmem)":
            [(n, low / 1024) for n, low, _ in lo],
        "kernel, HIGHPTE (its default; TCG makes more points dear)":
            [(n, low / 1024) for n, low, _ in hi],
        "highpt shadows, pae, PTE pages in highmem":
            [(n, (base - int(sh)) / 1024) for n, _, sh in lo if sh != "-"],
    }
    note = ("stock 686-pae kernel, 6 GiB, 2 vCPUs, under TCG, each kernel "
            "line from its own boot: LowFree from /proc/meminfo after each "
            "batch of tasks attaching one %d MiB SysV segment; shadows: "
            "LowFree before the first batch less what highpt's shadows of "
            "the same tasks took" % size)
    return plot.curve(plot.out_dir("demo"), lines, note)


def rows(output: str) -> list[Row]:
    return [Row(line.split()[1:]) for line in output.splitlines()
            if re.match(r"HIGHPT-ROW \S+ \S+( \S+){6,8}$", line)]


def mib(v: int | None) -> str:
    return "-" if v is None else "%.1f" % (v / 2**20)


WHO = {
    "highpte": ("kernel, HIGHPTE (default)", "highmem", "populate"),
    "nohigh": ("kernel, userpte=nohigh", "lowmem", "populate"),
}


def table(found: list[Row], tasks: int, size: int) -> list[str]:
    out = ["== the seed's workload: %d processes each attach the same "
           "%d MiB of SysV shm" % (tasks, size),
           "   stock 686-pae kernel, 6 GiB, 2 vCPUs, under TCG: the times "
           "are emulator figures, not hardware costs",
           "%-28s %-8s %9s %9s %9s %9s %9s %8s" % (
               "page tables of", "PTEs in", "total", "lowmem", "highmem",
               "LowFree", "HighFree", "seconds"),
           "%-28s %-8s %9s %9s %9s %9s %9s %8s" % (
               "", "", "MiB", "MiB", "MiB", "-MiB", "-MiB", "")]
    for r in found:
        if r.kind == "kernel":
            who, where, what = WHO.get(r.label, (r.label, "?", ""))
        else:
            fmt, where = r.label.split("-")
            who, what = "highpt shadow, " + fmt, "shadow"
        out.append("%-28s %-8s %9s %9s %9s %9s %9s %8.1f %s" % (
            who, where, mib(r.total), mib(r.low), mib(r.high),
            mib(r.lowfree), mib(r.highfree), (r.ms or 0) / 1000, what))
    out.append("   kernel: PageTables and free memory from /proc/meminfo; "
               "highpt: its own counters (lowmem = directory pages and "
               "lowmem PTE pages)")
    return out


def verdicts(found: list[Row]) -> tuple[list[str], bool]:
    """What the table shows, checked: the demo fails if it does not."""
    by = {(r.kind, r.label): r for r in found}
    lines, ok = [], True
    hi = by.get(("shadow", "pae-highmem"))
    lo = by.get(("shadow", "pae-lowmem"))
    if hi and lo and lo.low:
        share = (hi.low or 0) / lo.low
        lines.append("highpt pae: lowmem used with PTE pages in highmem is "
                     "%.2f%% of the figure with PTE pages in lowmem"
                     % (100 * share))
        ok = share < MAX_LOWMEM_SHARE
    else:
        lines.append("highpt pae: a shadow row is missing")
        ok = False
    leg = by.get(("shadow", "legacy-highmem"))
    if leg and leg.unheld is not None:
        lines.append("highpt legacy: %d of %d frames could not be held in "
                     "32-bit entries, the reason PAE exists"
                     % (leg.unheld, leg.unheld + (leg.filled or 0)))
    k_hi, k_lo = by.get(("kernel", "highpte")), by.get(("kernel", "nohigh"))
    if k_hi and k_lo and k_lo.lowfree:
        lines.append("kernel: LowFree drops %s MiB with userpte=nohigh, "
                     "%s MiB with HIGHPTE" % (mib(k_lo.lowfree),
                                              mib(k_hi.lowfree)))
        ok = ok and (k_hi.lowfree or 0) < k_lo.lowfree / 10
    else:
        lines.append("kernel: a row is missing")
        ok = False
    return lines, ok


def run(tasks: int, size: int) -> int:
    try:
        kernel = kernels.get("stock")
        mods = build.modules(build.build(kernel.build, kernel.name))
    except (kernels.KernelError, build.BuildError) as e:
        print("highpt demo: %s" % e)
        return 1
    boots: tuple[tuple[str, list[str], str], ...] = (
        ("HIGHPTE, the kernel's default", [],
         "seed-demo highpte %d %d" % (tasks, size)),
        ("userpte=nohigh, with highpt's shadows", ["userpte=nohigh"],
         "seed-demo nohigh %d %d shadow && demo && "
         "seed-curve nohigh-curve %d %d %d shadow"
         % (tasks, size, CURVE_STEP, CURVE_MAX, size)),
    )
    found: list[Row] = []
    lines: dict[str, list[tuple[int, int, str]]] = {}
    status = 0
    for title, append, command in boots:
        start = time.time()
        print("== boot: stock kernel, %s" % title, flush=True)
        res = vm.run(kernel, mods, command, mem="6G", timeout=1200,
                     append=append)
        print(re.sub(r"(?m)^HIGHPT-(ROW|CURVE) .*\n", "", res.output),
              end="")
        for problem in res.problems:
            print("highpt demo: FAIL: " + problem)
        if not res.ok:
            print("highpt demo: kernel log: " + res.console)
            status = 1
        found += rows(res.output)
        lines.update(curves(res.output))
        print("   (boot took %ds)" % (time.time() - start), flush=True)
    print()
    print("\n".join(table(found, tasks, size)))
    said, ok = verdicts(found)
    print("\n".join(said))
    try:
        made = draw_curve(lines, size)
    except plot.PlotError as e:
        print("highpt demo: %s" % e)
        made = []
    if not made:
        print("highpt demo: FAIL: no curve to plot")
        return 1
    print("plots: %s" % os.path.dirname(made[0]))
    for path in made:
        print("  " + os.path.basename(path))
    return status or (0 if ok else 1)
