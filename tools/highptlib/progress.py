# SPDX-License-Identifier: GPL-2.0
"""Progress for long steps: a line every 30 s saying what runs and for
how long, so a CI log never goes quiet for minutes.  Plain lines, never
carriage-return spinners: the output is often a log file."""

import contextlib
import sys
import threading
import time
from collections.abc import Iterator

INTERVAL = 30.0


def fmt(seconds: float) -> str:
    s = int(seconds)
    return "%dm%02ds" % (s // 60, s % 60) if s >= 60 else "%ds" % s


@contextlib.contextmanager
def step(what: str, interval: float = INTERVAL) -> Iterator[None]:
    """Run the body; while it runs, print "  ... WHAT: 1m30s" every
    @interval seconds to stderr."""
    done = threading.Event()
    start = time.monotonic()

    def beat() -> None:
        while not done.wait(interval):
            print("  ... %s: %s" % (what, fmt(time.monotonic() - start)),
                  file=sys.stderr, flush=True)

    t = threading.Thread(target=beat, daemon=True)
    t.start()
    try:
        yield
    finally:
        done.set()
        t.join()
