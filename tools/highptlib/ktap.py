# SPDX-License-Identifier: GPL-2.0
"""Counting KUnit results with the kernel's own kunit.py parser.

kunit.py exits 0 even when a suite crashed, so its exit status is not
trusted: the counts come from its JSON, and a suite the parser had to
call crashed (or an empty one) counts as one more failure.
"""

import json
import os
import re
import subprocess
import tempfile
from typing import Any

from . import paths


class Counts:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures: list[str] = []   # names of failed cases, and why

    def add(self, other: "Counts") -> None:
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.failures += other.failures

    def fail(self, what: str) -> None:
        self.failed += 1
        self.failures.append(what)


def _walk(group: dict[str, Any], prefix: list[str], counts: Counts) -> None:
    for sub in group.get("sub_groups", []):
        _walk(sub, prefix + [sub["name"]], counts)
    for case in group.get("test_cases", []):
        name = ".".join(prefix + [case["name"]])
        if case["status"] == "PASS":
            counts.passed += 1
        elif case["status"] == "SKIP":
            counts.skipped += 1
        else:
            counts.fail("%s: %s" % (name, case["status"]))


def parse(kunit_py: str | None, suite: str, ktap_text: str) -> Counts:
    """Counts for one suite's results file."""
    counts = Counts()
    if not kunit_py:
        counts.fail("%s: no kunit.py: the kernel has no source tree" % suite)
        return counts
    with tempfile.TemporaryDirectory(prefix="highpt-ktap.") as tmp:
        src = os.path.join(tmp, "results")
        out = os.path.join(tmp, "results.json")
        with open(src, "w") as f:
            f.write(ktap_text.replace("\r", ""))
        res = subprocess.run(["python3", kunit_py, "parse", "--json=" + out,
                              src], capture_output=True, text=True)
        # Its exit status says whether tests failed, not whether it parsed.
        if not os.path.exists(out):
            counts.fail("%s: kunit.py parse failed (%d): %s" %
                        (suite, res.returncode, res.stderr.strip()))
            return counts
        tree = json.loads(paths.read(out))
    _walk(tree, [], counts)
    report = res.stdout + res.stderr
    if re.search(r"CRASHED|\[ERROR\]", report):
        counts.fail("%s: suite crashed or its output is malformed:\n%s" %
                    (suite, _errors(report)))
    elif counts.passed + counts.failed + counts.skipped == 0:
        counts.fail("%s: no test results" % suite)
    return counts


def _errors(report: str) -> str:
    lines = [line for line in report.splitlines()
             if "ERROR" in line or "CRASHED" in line]
    return "\n".join("  " + line for line in lines[:10])


BEGIN = re.compile(r"^HIGHPT-KTAP-BEGIN (\S+)$")
END = re.compile(r"^HIGHPT-KTAP-END (\S+)$")


def split_suites(output: str) -> dict[str, str]:
    """{suite: results text} from the guest's kunit-run output."""
    suites: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in output.replace("\r", "").splitlines():
        m = BEGIN.match(line)
        if m:
            current, lines = m.group(1), []
            continue
        m = END.match(line)
        if m and current == m.group(1):
            suites[current] = "\n".join(lines) + "\n"
            current = None
            continue
        if current:
            lines.append(line)
    return suites


SUITE_NAME = re.compile(r'struct kunit_suite \w+ = \{\s*\.name\s*=\s*"(\w+)"')


def expected_suites(kunit_dir: str) -> list[str]:
    """Suite names declared in the KUnit sources."""
    names: list[str] = []
    for f in paths.find(kunit_dir, "*.c"):
        names += SUITE_NAME.findall(paths.read(f))
    return names
