# SPDX-License-Identifier: GPL-2.0
"""make check: every test, one block per stage, then "N passed, N failed".

Stages: the runner's own tests, the module's static checks and builds,
then each kernel: KUnit suites on the custom kernels, a smoke run
(insmod, read debugfs, rmmod, no kernel report) on every kernel, then
what highpt left: vmalloc areas, and kmemleak's report on the kernel
built with kmemleak.
Every boot gets the kernel's default command line (vm.cmdline).
"""

import os
import re
import subprocess
import time
import unittest
from collections.abc import Mapping, Sequence
from types import TracebackType

from . import (build, dkms, kernels, ktap, layers, leaks, lint, paths,
               progress, toolslint, vm)

SPARSE = ("C=2",)
# Run with debugfs=off: highpt is loaded (init checked insmod), says
# nothing of debugfs, and unloads.
NO_DEBUGFS = ("grep -q '^highpt ' /proc/modules && "
              "! dmesg | grep -i 'highpt.*debugfs' && rmmod highpt && "
              "! grep -q '^highpt ' /proc/modules")
HUNG_TIMEOUT = 40   # seconds: the stock guest boots in about 10
SMP_RUN = "status=0; kunit-run || status=1; shadow-smoke; exit $status"


class Block:
    """One stage's results, printed as a block."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.counts = ktap.Counts()
        self.notes: list[str] = []
        self.start = time.time()
        print("== %s" % title, flush=True)

    def case(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.counts.passed += 1
        else:
            self.counts.fail(name)
        print("  %s %s" % ("ok  " if ok else "FAIL", name), flush=True)
        if detail and not ok:
            print(indent(detail), flush=True)
        return ok

    def note(self, text: str) -> None:
        print("  note: " + text, flush=True)

    def merge(self, name: str, counts: ktap.Counts) -> None:
        self.counts.add(counts)
        print("  %s %s: %d passed, %d failed, %d skipped" %
              ("ok  " if not counts.failed else "FAIL", name,
               counts.passed, counts.failed, counts.skipped), flush=True)
        for f in counts.failures:
            print(indent("failed: " + f), flush=True)

    def end(self) -> ktap.Counts:
        c = self.counts
        print("  -- %s: %d passed, %d failed, %d skipped (%ds)" %
              (self.title, c.passed, c.failed, c.skipped,
               time.time() - self.start), flush=True)
        return c


def indent(text: str, by: str = "      ") -> str:
    return "\n".join(by + line for line in text.splitlines())


# What unittest hands to addFailure and addError.
ExcInfo = (tuple[type[BaseException], BaseException, TracebackType] |
           tuple[None, None, None])


class _CaseResult(unittest.TestResult):
    """Feeds each unittest outcome into a Block as one case."""

    def __init__(self, block: Block) -> None:
        super().__init__()
        self.block = block

    def addSuccess(self, test: unittest.TestCase) -> None:
        self.block.case(test.id().split(".", 2)[-1], True)

    def _failed(self, test: unittest.TestCase, err: ExcInfo) -> None:
        # unittest's own formatting, without its frames; typeshed does
        # not list this private method.
        detail = self._exc_info_to_string(  # type: ignore[attr-defined]
            err, test)
        self.block.case(test.id().split(".", 2)[-1], False, detail)

    addFailure = addError = _failed


def runner_selftests() -> ktap.Counts:
    b = Block("runner self-tests")
    tests = unittest.defaultTestLoader.discover(
        os.path.join(paths.TOOLS, "tests"), top_level_dir=paths.TOOLS)
    tests.run(_CaseResult(b))
    return b.end()


def static_checks() -> ktap.Counts:
    b = Block("static checks")
    for name, ok, detail in (lint.run_all() + toolslint.run_all() +
                             [layers.check()]):
        b.case(name, ok, detail)
    try:
        headers = kernels.host_headers()
        build.build(headers, "amd64", SPARSE)
        b.case("build for x86_64 (%s)" % os.path.basename(headers), True)
    except (kernels.KernelError, build.BuildError) as e:
        b.case("build for x86_64", False, str(e))
    b.case(*dkms.check_stock())
    return b.end()


def kernel_block(name: str) -> ktap.Counts:
    b = Block("kernel %s" % name)
    try:
        kernel = kernels.get(name)
    except (kernels.KernelError, subprocess.CalledProcessError) as e:
        b.case("kernel %s available" % name, False, str(e))
        return b.end()
    print("  kernel %s, %s" % (kernel.version, kernel.image), flush=True)
    try:
        mods = build.modules(build.build(kernel.build, kernel.name,
                                         SPARSE))
        b.case("build modules (W=1, sparse C=2)", True)
    except build.BuildError as e:
        b.case("build modules", False, str(e))
        return b.end()
    guest_run(b, kernel, mods)
    if name == "stock":
        hung = vm.run(kernel, mods, "sleep 1000", timeout=HUNG_TIMEOUT)
        b.case("runner: a hung guest is killed at the timeout",
               any("timed out" in p for p in hung.problems) and not hung.ok,
               report(hung))
        # debugfs is optional: highpt loads and unloads without it.
        bare = vm.run(kernel, mods, NO_DEBUGFS, append=["debugfs=off"])
        b.case("without debugfs (debugfs=off): loads, unloads, no splat",
               bare.ok, report(bare))
    if kernel.has_kunit:
        # The cross-CPU suites and the shadow cases again with more CPUs
        # than the default. No scan in this boot, so kmemleak would
        # only slow it down.
        guest_run(b, kernel, mods, cpus=4, command=SMP_RUN,
                  append=["kmemleak=off"] if kernel.has_kmemleak else [])
    return b.end()


def report(res: vm.Result) -> str:
    text = ["exit status %s" % res.status] + res.problems
    if res.output:
        text.append("output:\n" + indent(res.output[-3000:], "  "))
    text.append("kernel log: %s" % res.console)
    return "\n".join(text)


def guest_run(b: Block, kernel: kernels.Kernel, mods: Mapping[str, str],
              cpus: int = 2, command: str = "check-run",
              append: Sequence[str] = ()) -> None:
    """One boot: KUnit suites (where the kernel has KUnit), then, for
    check-run, the user-space smoke cases of tools/guest/smoke and what
    highpt left behind once unloaded."""
    res = vm.run(kernel, mods, command, cpus=cpus, append=append)
    tag = " (%d CPUs)" % cpus
    memory = "HighTotal %s kB" % res.guest.get("hightotal", "?") \
        if kernel.is_32bit else "x86_64"
    b.case("guest%s: boot, insmod, tests, rmmod, no splat, %s"
           % (tag, memory), res.ok, report(res))
    if kernel.has_kunit:
        suites = ktap.split_suites(res.output)
        for suite in ktap.expected_suites(os.path.join(paths.TOP, "kunit")):
            if suite not in suites:
                b.case("suite %s%s ran" % (suite, tag), False,
                       "no results from the guest")
                continue
            b.merge("suite %s%s" % (suite, tag),
                    ktap.parse(kernel.kunit_py(), suite, suites[suite]))
    cases = guest_cases(res.output)
    if not cases:
        b.case("smoke cases%s ran" % tag, False, "no HIGHPT-CASE lines")
    for name, ok, detail in cases:
        b.case("smoke: %s%s" % (name, tag), ok, detail)
    if command != "check-run":
        return
    b.case("vmalloc: no area left by highpt", *leaks.vmalloc(res.output))
    if kernel.has_kmemleak:
        ok, detail = leaks.kmemleak(res.output)
        if b.case("kmemleak: no leak from highpt", ok, detail):
            b.note("kmemleak: " + detail)


def guest_cases(output: str) -> list[tuple[str, bool, str]]:
    """(name, ok, detail) for each "HIGHPT-CASE ok|FAIL name" line; the
    indented lines right after a FAIL are its detail."""
    cases: list[tuple[str, bool, str]] = []
    more = False
    for line in output.splitlines():
        m = re.match(r"HIGHPT-CASE (ok|FAIL) (\S+)$", line)
        if m:
            cases.append((m.group(2), m.group(1) == "ok", ""))
            more = True
        elif more and line.startswith("    "):
            name, ok, detail = cases[-1]
            cases[-1] = (name, ok, detail + line[4:] + "\n")
        else:
            more = False
    return cases


def main(names: list[str]) -> int:
    total = ktap.Counts()
    total.add(runner_selftests())
    with progress.step("static checks"):
        total.add(static_checks())
    took: list[tuple[str, float]] = []
    for name in names:
        start = time.monotonic()
        total.add(kernel_block(name))
        took.append((name, time.monotonic() - start))
    print("== time per kernel (its build, if any, included)")
    for name, secs in took:
        print("  %-8s %s" % (name, progress.fmt(secs)))
    if total.failures:
        print("== failures")
        for f in total.failures:
            print("  " + f.splitlines()[0])
    line, status = summary(total)
    print(line)
    return status


def summary(total: ktap.Counts) -> tuple[str, int]:
    """The last line of make check and its exit status."""
    return ("%d passed, %d failed" % (total.passed, total.failed),
            1 if total.failed or not total.passed else 0)
