# SPDX-License-Identifier: GPL-2.0
"""Building highpt's modules for one kernel, outside the repository.

Kbuild before 6.13 writes objects next to the sources, so the sources
are mirrored into a per-kernel directory in the cache and built there;
rsync keeps modification times, so an unchanged file is not rebuilt.
"""

import hashlib
import os
import subprocess
from collections.abc import Sequence

from . import paths, progress

SOURCES = ("Kbuild", "include", "module", "kunit")


class BuildError(Exception):
    pass


def build_dir(tree: str, label: str) -> str:
    tag = hashlib.sha256(tree.encode()).hexdigest()[:8]
    return os.path.join(paths.cache(), "build", "%s-%s" % (label, tag))


def build(tree: str, label: str, extra: Sequence[str] = ()) -> str:
    """Build the modules against kernel build tree @tree.

    Returns the directory holding module/highpt.ko (and, on KUnit
    kernels, kunit/highpt_kunit.ko).  Raises BuildError with the
    compiler's output on failure."""
    dest = build_dir(tree, label)
    os.makedirs(dest, exist_ok=True)
    subprocess.run(["rsync", "-a", "--delete",
                    "--exclude=*.o", "--exclude=*.ko", "--exclude=.*.cmd",
                    "--exclude=*.mod*", "--exclude=modules.order"] +
                   [os.path.join(paths.TOP, s) for s in SOURCES] + [dest],
                   check=True)
    cmd = ["make", "-C", tree, "M=" + dest, "-j%d" % (os.cpu_count() or 2),
           "W=1"] + list(extra)
    with progress.step("building highpt against %s" % label):
        res = subprocess.run(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    if res.returncode or "warning:" in res.stdout:
        raise BuildError("%s\n%s" % (" ".join(cmd), res.stdout))
    return dest


def modules(dest: str) -> dict[str, str]:
    """The .ko files a build produced, by name."""
    found: dict[str, str] = {}
    for sub in ("module", "kunit"):
        d = os.path.join(dest, sub)
        if os.path.isdir(d):
            for f in os.listdir(d):
                if f.endswith(".ko"):
                    found[f] = os.path.join(d, f)
    return found
