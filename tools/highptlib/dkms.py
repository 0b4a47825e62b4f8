# SPDX-License-Identifier: GPL-2.0
"""dkms.conf really builds: dkms add + build in a private dkms tree
against the stock 686-pae kernel, which must give a 32-bit highpt.ko and
no highpt_kunit.ko (that kernel has no KUnit)."""

import glob
import os
import re
import shutil
import subprocess
import tempfile

from . import build, kernels, paths


def package_version() -> str:
    text = paths.read(os.path.join(paths.TOP, "dkms.conf"))
    m = re.search(r'^PACKAGE_VERSION="([^"]+)"', text, re.M)
    if not m:
        raise ValueError("dkms.conf has no PACKAGE_VERSION")
    return m.group(1)


def elf_class(path: str) -> int | None:
    with open(path, "rb") as f:
        head = f.read(5)
    return {1: 32, 2: 64}.get(head[4]) if head[:4] == b"\x7fELF" else None


def check_stock() -> tuple[str, bool, str]:
    name = "dkms build on stock"
    try:
        release = kernels.stock().version
    except kernels.KernelError as e:
        return name, False, str(e)
    version = package_version()
    with tempfile.TemporaryDirectory(prefix="highpt-dkms.") as tmp:
        src = os.path.join(tmp, "src", "highpt-" + version)
        os.makedirs(src)
        os.makedirs(os.path.join(tmp, "tree"))
        os.makedirs(os.path.join(tmp, "inst"))
        for s in build.SOURCES + ("dkms.conf",):
            p = os.path.join(paths.TOP, s)
            if os.path.isdir(p):
                shutil.copytree(p, os.path.join(src, s))
            else:
                shutil.copy(p, os.path.join(src, s))
        dk = ["dkms", "--dkmstree", os.path.join(tmp, "tree"),
              "--sourcetree", os.path.join(tmp, "src"),
              "--installtree", os.path.join(tmp, "inst")]
        log = ""
        for step in (["add"], ["build", "-k", release]):
            res = subprocess.run(dk + step + ["-m", "highpt", "-v", version],
                                 capture_output=True, text=True)
            log += res.stdout + res.stderr
            if res.returncode:
                return name, False, log
        kos = glob.glob(os.path.join(tmp, "tree", "highpt", version, release,
                                     "*", "*", "*.ko"))
        names = sorted(os.path.basename(k) for k in kos)
        if names != ["highpt.ko"]:
            return name, False, "built %s, wanted only highpt.ko\n%s" % (
                names, log)
        if elf_class(kos[0]) != 32:
            return name, False, "highpt.ko is not a 32-bit module"
    return name + " (%s)" % release, True, ""
