# SPDX-License-Identifier: GPL-2.0
"""The guest's own programs (tools/guest-src/*.c): static i386 binaries
for every guest.  The 64-bit guests run them too (IA32 emulation), as
they run the i386 busybox, so a shadowed process always lives below
4 GiB, the range a space covers.

Each is built once per source and flags into the cache."""

import hashlib
import os
import subprocess

from . import paths

SRC = os.path.join(paths.TOOLS, "guest-src")
CFLAGS = ("-m32", "-static", "-O2", "-Wall", "-Wextra", "-Werror")


class GuestBinError(RuntimeError):
    pass


def sources() -> list[str]:
    return sorted(f for f in os.listdir(SRC) if f.endswith(".c"))


def build_one(src: str) -> str:
    text = paths.read(os.path.join(SRC, src))
    key = hashlib.sha256((" ".join(CFLAGS) + "\n" + text).encode())
    name = src[:-2]
    out = os.path.join(paths.cache(), "guest-bin",
                       "%s-%s" % (name, key.hexdigest()[:12]))
    if os.path.exists(out):
        return out
    os.makedirs(os.path.dirname(out), exist_ok=True)
    res = subprocess.run(["gcc", *CFLAGS, "-o", out + ".tmp",
                          os.path.join(SRC, src)],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    if res.returncode:
        raise GuestBinError("gcc %s: %s" % (src, res.stdout))
    os.rename(out + ".tmp", out)
    return out


def programs() -> dict[str, str]:
    """Name -> path of every guest program, built if needed."""
    return {src[:-2]: build_one(src) for src in sources()}
