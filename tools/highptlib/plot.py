# SPDX-License-Identifier: GPL-2.0
"""Pictures of what make demo and make bench measured, drawn by Debian's
gnuplot: each plot as SVG, and PNG for the README, in an output
directory of the cache that the command names at its end."""

import os
import re
import subprocess
import textwrap
import time

from . import paths


class PlotError(RuntimeError):
    pass


def out_dir(what: str) -> str:
    d = os.path.join(paths.cache(), "out",
                     "%s-%s" % (what, time.strftime("%Y%m%d-%H%M%S")))
    os.makedirs(d, exist_ok=True)
    return d


def draw(d: str, name: str, data: dict[str, str], script: str) -> list[str]:
    """Write each of @data's files into @d, then run @script (gnuplot
    commands, after a terminal and output line) once for SVG and once
    for PNG.  Returns the two files."""
    for fname, text in data.items():
        with open(os.path.join(d, fname), "w") as f:
            f.write(text)
    made = []
    for term, ext in (("svg size 900,600 dynamic font 'sans,12'", "svg"),
                      ("pngcairo size 900,600 font 'sans,10'", "png")):
        out = os.path.join(d, "%s.%s" % (name, ext))
        res = subprocess.run(["gnuplot"], cwd=d, text=True,
                             input="set terminal %s\nset output '%s'\n%s"
                             % (term, out, script),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if res.returncode or not os.path.exists(out):
            raise PlotError("gnuplot %s: %s" % (name, res.stdout))
        made.append(out)
    return made


# ---- make demo: the seed's story --------------------------------------

def curve(d: str, lines: dict[str, list[tuple[int, float]]],
          note: str) -> list[str]:
    """LowFree (MiB) against tasks, one line per configuration; @note
    says on the plot what was measured."""
    data = {}
    plots = []
    for i, (title, pts) in enumerate(lines.items()):
        fname = "curve-%d.dat" % i
        data[fname] = "".join("%d %.1f\n" % p for p in pts)
        plots.append("'%s' using 1:2 with linespoints lw 2 pt %d title '%s'"
                     % (fname, 5 + 2 * i, title.replace("'", "''")))
    script = "\n".join([
        "set title \"The 2002 failure: lowmem as processes attach shared "
        "memory%s\"" % "".join(
            "\\n{/*0.8 %s}" % line
            for line in textwrap.wrap(note.replace('"', "'"), 110)),
        "set xlabel 'tasks attached'",
        "set ylabel 'LowFree, MiB (measured in the guest)'",
        "set yrange [0:*]",
        "set grid",
        "set key bottom left",
        "plot " + ", ".join(plots)])
    return draw(d, "seed-lowmem", data, script)


# ---- make bench: the pool against size and threads --------------------

class Bench:
    """The bench file's tables (module/bench/bench.c, sweep.c)."""

    def __init__(self, text: str) -> None:
        self.main: dict[str, list[float]] = {}
        self.sweep: list[tuple[str, int, int, float, list[float]]] = []
        for line in text.splitlines():
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            if w[0] == "sweep" and len(w) == 10:
                self.sweep.append((w[1], int(w[2]), int(w[3]), float(w[4]),
                                   [float(x) for x in w[5:]]))
            elif re.match(r"(lowmem|kmap|highpt)_", w[0]) and len(w) == 5:
                self.main[w[0]] = [float(x) for x in w[1:3]]


def bench(d: str, text: str, where: str) -> list[str]:
    """Two plots: cost per map against pool size (1 thread) and against
    threads (512 slots), per flush policy, beside kmap_local_page and
    kmap() from the same run; below each, the counts per map."""
    b = Bench(text)
    if not b.sweep or "kmap_local_page" not in b.main:
        raise PlotError("no sweep or main table in the bench output")
    made = []
    slots = sorted({s for _, s, _, _, _ in b.sweep})
    threads = sorted({t for _, _, t, _, _ in b.sweep})
    for name, axis, fixed in (("bench-slots", "slots", 1),
                              ("bench-threads", "threads", max(slots))):
        data = {}
        for pol in ("lazy", "eager"):
            rows = sorted((s if axis == "slots" else t, ns, c)
                          for p, s, t, ns, c in b.sweep if p == pol and
                          (t == fixed if axis == "slots" else s == fixed))
            # x ns pte_writes invlpg full_flushes flush_calls locks
            data["%s-%s.dat" % (name, pol)] = "".join(
                "%d %.0f %s\n" % (x, ns, " ".join("%.3f" % v for v in c))
                for x, ns, c in rows)
        xs = slots if axis == "slots" else threads
        base = {}
        for case in ("kmap_local_page", "kmap_fresh_pages"):
            col = b.main.get(case, [0, 0])
            base[case] = "".join(
                "%d %.0f\n" % (x, col[0] if axis == "slots" or x == 1
                               else col[1]) for x in xs
                if axis == "slots" or x <= 2)
            data["%s-%s.dat" % (name, case)] = base[case]
        xlabel = ("pool slots (pages cycle through twice as many; 1 thread)"
                  if axis == "slots" else
                  "threads (%d slots; kernel cases at 1 and 2 only)"
                  % fixed)
        script = "\n".join([
            "set multiplot layout 2,1 title \"highpt pool misses, %s\\n"
            "{/*0.8 %s}\"" % (
                "against pool size" if axis == "slots" else
                "against threads", where.replace('"', "'")),
            "set logscale x 2" if axis == "slots" else "unset logscale x",
            "set xtics (%s)" % ", ".join(str(x) for x in xs),
            "set xrange [%g:%g]" % (xs[0] / 1.3, xs[-1] * 1.3),
            "set grid",
            "set key outside right",
            "set ylabel 'ns per map+unmap (TCG)'",
            "set logscale y",
            "plot '{n}-lazy.dat' u 1:2 w lp lw 2 t 'lazy', "
            "'{n}-eager.dat' u 1:2 w lp lw 2 t 'eager', "
            "'{n}-kmap_local_page.dat' u 1:2 w lp dt 2 "
            "t 'kmap\\_local\\_page', "
            "'{n}-kmap_fresh_pages.dat' u 1:2 w lp dt 3 t 'kmap()'"
            .format(n=name),
            "set xlabel '%s'" % xlabel,
            "set yrange [0.0005:*]",
            "set ylabel 'per map (counted, any x86)'",
            "plot '{n}-lazy.dat' u 1:6 w lp lw 2 t 'lazy: flush calls', "
            "'{n}-eager.dat' u 1:6 w lp lw 2 t 'eager: flush calls', "
            "'{n}-lazy.dat' u 1:3 w lp dt 2 t 'lazy: PTE writes', "
            "'{n}-eager.dat' u 1:3 w lp dt 2 t 'eager: PTE writes'"
            .format(n=name),
            "unset multiplot"])
        made += draw(d, name, data, script)
    return made
