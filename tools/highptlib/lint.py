# SPDX-License-Identifier: GPL-2.0
"""The kernel's own static checks on highpt's C sources: checkpatch
(--strict) and kernel-doc (-Wall), and one rule of highpt's own (atomic64
adds).  Sparse runs with every module build in make check
(tools/highptlib/check.py)."""

import os
import re
import subprocess

from . import kernels, paths

# checkpatch and kernel-doc come from this kernel's source tree.
TOOLS_FROM = "6.12"

# A static check's outcome: its name, whether it passed, what it found.
Case = tuple[str, bool, str]


def c_sources(top: str = paths.TOP) -> list[str]:
    """Every C file, subdirectories included."""
    files: list[str] = []
    for d in ("include", "module", "kunit"):
        files += paths.find(os.path.join(top, d), "*.[ch]")
    return files


def rel(path: str) -> str:
    return os.path.relpath(path, paths.TOP)


# The benchmark's baseline is the kernel's deprecated kmap(), on purpose.
WAIVERS = {"module/bench/kmap.c": ["DEPRECATED_API"],
           # The one place version checks belong.
           "module/compat.h": ["LINUX_VERSION_CODE", "CONSTANT_COMPARISON"],
           # TRACE_EVENT's own layout (include/trace/events/*.h): its
           # symbol tables are brace lists and its arguments open lines.
           "module/trace/events.h": ["COMPLEX_MACRO", "PARENTHESIS_ALIGNMENT",
                                     "OPEN_ENDED_LINE"]}


def checkpatch(src: str) -> Case:
    bad: list[str] = []
    failed = False
    for f in c_sources():
        ignore = WAIVERS.get(rel(f), [])
        res = subprocess.run([os.path.join(src, "scripts/checkpatch.pl"),
                              "--strict", "--no-tree", "--terse",
                              "--show-types", "-f"] +
                             ["--ignore=" + i for i in ignore] + [f],
                             capture_output=True, text=True, cwd=paths.TOP)
        failed |= res.returncode != 0
        bad += [line for line in res.stdout.splitlines()
                if ": ERROR:" in line or ": WARNING:" in line or
                ": CHECK:" in line]
    return ("checkpatch --strict", not failed and not bad, "\n".join(bad))


def kernel_doc(src: str) -> Case:
    """Every exported function documented, and documented right."""
    files = c_sources()
    res = subprocess.run(["perl", os.path.join(src, "scripts/kernel-doc"),
                          "-none", "-Wall"] + files,
                         capture_output=True, text=True, cwd=paths.TOP)
    problems = [line for line in res.stderr.splitlines() if line.strip()]
    for f in files:
        text = paths.read(f)
        for sym in _exported(text):
            if "* %s() - " % sym not in text:
                problems.append("%s: %s is exported without kernel-doc" %
                                (rel(f), sym))
    return ("kernel-doc", not problems, "\n".join(problems))


# EXPORT_SYMBOL, _GPL, _NS and _NS_GPL: the symbol is the first argument.
EXPORT = re.compile(r"^EXPORT_SYMBOL(?:_NS)?(?:_GPL)?\(\s*(\w+)\s*[,)]", re.M)


def _exported(text: str) -> list[str]:
    return EXPORT.findall(text)


# highpt.ko's adds to and subtracts from 64-bit atomics go through
# highpt_atomic64_add(): after i386's plain ones, QEMU 7.2 can leave
# EFLAGS corrupt. A cmpxchg loop of its own (which also adds right before
# its cmpxchg8b) needs the same care, so those are listed too. The KUnit
# suites may use them: they run no counter of highpt.ko.
ATOMIC64_HOME = "module/atomic64.h"
ATOMIC64_SCOPE = ("include/", "module/")
ATOMIC64_ADD = re.compile(
    r"(?<!\w)(?:raw_|arch_)?(?:atomic64|local64)_"
    r"(?:(?:fetch_)?(?:add|sub)(?:_return|_negative|_and_test|_unless)?"
    r"|(?:try_)?cmpxchg)"
    r"(?:_relaxed|_acquire|_release)?\s*\("
    r"|(?<!\w)(?:raw_|arch_|this_cpu_)?(?:try_)?cmpxchg64\w*\s*\(")
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def atomic64_calls(path: str, text: str) -> list[str]:
    """Lines of @text that add to or subtract from a 64-bit atomic
    directly, where highpt.ko's sources must not."""
    if path == ATOMIC64_HOME or not path.startswith(ATOMIC64_SCOPE):
        return []
    # Comments go, their newlines stay: line numbers still count.
    code = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return ["%s:%d: %s" % (path, n, line.strip())
            for n, line in enumerate(code.splitlines(), 1)
            if ATOMIC64_ADD.search(line)]


def atomic64_adds() -> Case:
    found: list[str] = []
    for f in c_sources():
        found += atomic64_calls(rel(f), paths.read(f))
    return ("atomic64 adds only through highpt_atomic64_add() (module/)",
            not found,
            "\n".join(found))


def run_all() -> list[Case]:
    try:
        pkg, version, tarball = kernels.source_package(TOOLS_FROM)
        src = kernels.unpack(pkg, version, tarball)
    except kernels.KernelError as e:
        return [atomic64_adds(), ("checkpatch and kernel-doc", False, str(e))]
    return [atomic64_adds(), checkpatch(src), kernel_doc(src)]
