# SPDX-License-Identifier: GPL-2.0
"""Where the repository and the build cache are."""

import glob
import os

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOP = os.path.dirname(TOOLS)


def cache() -> str:
    """Build outputs live outside the repository; HIGHPT_CACHE moves them."""
    return os.environ.get("HIGHPT_CACHE", "/var/cache/highpt")


def find(top: str, pattern: str) -> list[str]:
    """Files matching @pattern at any depth below @top, sorted."""
    return sorted(glob.glob(os.path.join(top, "**", pattern), recursive=True))


def read(path: str, default: str | None = None) -> str:
    """A text file's contents; @default if it does not exist."""
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        if default is None:
            raise
        return default


def touch(path: str) -> None:
    with open(path, "a"):
        pass
