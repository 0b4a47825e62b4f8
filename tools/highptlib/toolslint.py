# SPDX-License-Identifier: GPL-2.0
"""Static checks on the tools themselves: mypy and flake8 on the Python,
shellcheck on the shell scripts.  Debian's python3-mypy, flake8 and
shellcheck, which tools/setup.sh installs."""

import os
import re
import subprocess
import sys

from . import paths
from .lint import Case

# Relative to tools/.  The command has no .py suffix, so it is named.
PYTHON = ("highpt", "highptlib", "tests")

# --strict: every function typed and no Any leaking from our own code.
# Only the standard library is imported, so missing stubs mean nothing.
MYPY = ("--strict", "--ignore-missing-imports")

# The guest's scripts (relative to tools/) run under busybox sh, whatever
# their #! line says.
GUEST = "guest"

SHEBANG = re.compile(rb"#!.*\b(ba|da)?sh\b")


def _run(name: str, cmd: list[str]) -> Case:
    try:
        res = subprocess.run(cmd, capture_output=True, text=True,
                             cwd=paths.TOOLS)
    except FileNotFoundError as e:
        return name, False, "%s: run tools/setup.sh" % e
    return name, res.returncode == 0, (res.stdout + res.stderr).strip()


def mypy() -> Case:
    # The interpreter running this, which tools/highpt's #! line makes
    # Debian's own: the one python3-mypy is installed for.
    cache = os.path.join(paths.cache(), "mypy")
    return _run("mypy", [sys.executable, "-m", "mypy", *MYPY,
                         "--cache-dir", cache, *PYTHON])


def flake8() -> Case:
    return _run("flake8", ["flake8", *PYTHON])


def shell_scripts(top: str = paths.TOOLS) -> list[str]:
    """Every shell script below @top: a *.sh file or a shell #! line."""
    found = []
    for d, dirs, files in os.walk(top):
        dirs[:] = [x for x in dirs if not x.startswith((".", "__"))]
        for f in files:
            path = os.path.join(d, f)
            with open(path, "rb") as fh:
                first = fh.readline()
            if f.endswith(".sh") or SHEBANG.match(first):
                found.append(path)
    return sorted(found)


def shellcheck() -> Case:
    scripts = [os.path.relpath(s, paths.TOOLS) for s in shell_scripts()]
    guest = [s for s in scripts if s.startswith(GUEST + os.sep)]
    host = [s for s in scripts if s not in guest]
    cmds = []
    if guest:
        cmds.append(["shellcheck", "-s", "sh", *guest])
    if host:
        cmds.append(["shellcheck", *host])
    results = [_run("shellcheck", cmd) for cmd in cmds]
    return ("shellcheck", all(ok for _, ok, _ in results),
            "\n".join(detail for _, _, detail in results if detail))


def run_all() -> list[Case]:
    return [mypy(), flake8(), shellcheck()]
