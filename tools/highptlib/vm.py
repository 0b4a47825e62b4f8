# SPDX-License-Identifier: GPL-2.0
"""Booting a test kernel with highpt in an initramfs under QEMU (TCG).

The guest's /init (tools/guest/init) loads highpt.ko, runs one command
and powers off.  The kernel log arrives on the first serial port and is
saved; the guest's facts and the command's output arrive on the second.
"""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence

from . import guestbin, paths, progress, splat
from .kernels import Kernel

GUEST = os.path.join(paths.TOOLS, "guest")
BUSYBOX = "/bin/busybox"


class Result:
    """What a guest run produced; ok only if nothing went wrong."""

    def __init__(self) -> None:
        self.status: int | None = None  # the command's exit status
        self.output = ""                # the command's output
        self.problems: list[str] = []   # why the run is a failure
        self.console = ""               # path of the saved kernel log
        self.guest: dict[str, str] = {}  # cpus, hightotal, release

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.problems


def make_initramfs(workdir: str, modules: Mapping[str, str], mode: str,
                   params: str, command: str) -> str:
    root = os.path.join(workdir, "root")
    for d in ("bin", "dev", "highpt"):
        os.makedirs(os.path.join(root, d))
    shutil.copy(BUSYBOX, os.path.join(root, "bin/busybox"))
    shutil.copy(os.path.join(GUEST, "init"), os.path.join(root, "init"))
    for script in os.listdir(GUEST):
        if script != "init":
            shutil.copy(os.path.join(GUEST, script),
                        os.path.join(root, "highpt", script))
    for name, path in {**modules, **guestbin.programs()}.items():
        shutil.copy(path, os.path.join(root, "highpt", name))
    for name, text in (("mode", mode), ("params", params),
                       ("command", command)):
        with open(os.path.join(root, "highpt", name), "w") as f:
            f.write(text + "\n")
    os.mknod(os.path.join(root, "dev/console"), 0o600 | 0o020000,
             os.makedev(5, 1))
    image = os.path.join(workdir, "initramfs.cpio.gz")
    with open(image, "wb") as out:
        find = subprocess.Popen(["find", "."], cwd=root,
                                stdout=subprocess.PIPE)
        cpio = subprocess.Popen(["cpio", "-o", "-H", "newc", "--quiet"],
                                cwd=root, stdin=find.stdout,
                                stdout=subprocess.PIPE)
        subprocess.run(["gzip", "-1"], stdin=cpio.stdout, stdout=out,
                       check=True)
        if find.wait() or cpio.wait():
            raise RuntimeError("initramfs: cpio failed")
    return image


BASE_CMDLINE = ("console=ttyS0,115200", "panic=-1", "oops=panic",
                "loglevel=7")


def cmdline(kernel: Kernel, append: Sequence[str] = ()) -> str:
    """The guest kernel's command line: the runner's words, the kernel's
    defaults, then @append, so that a later word can override."""
    return " ".join([*BASE_CMDLINE, *kernel.cmdline, *append])


def qemu_cmd(kernel: Kernel, initrd: str, cpus: int, mem: str,
             serial0: str, serial1: str, append: Sequence[str] = (),
             extra: Sequence[str] = ()) -> list[str]:
    return ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "max",
            "-m", mem, "-smp", str(cpus), "-no-reboot",
            "-display", "none", "-monitor", "none",
            "-kernel", kernel.image, "-initrd", initrd,
            "-append", cmdline(kernel, append),
            "-serial", serial0, "-serial", serial1, *extra]


KEEP_LOGS = 40


def log_dir(kernel_name: str) -> str:
    """The kernel's log directory, keeping only the newest logs."""
    d = os.path.join(paths.cache(), "logs", kernel_name)
    os.makedirs(d, exist_ok=True)
    for old in sorted(os.listdir(d))[:-KEEP_LOGS]:
        os.unlink(os.path.join(d, old))
    return d


def parse_output(res: Result, text: str) -> None:
    """Split the second serial port into guest facts and command output."""
    lines = []
    for line in text.replace("\r", "").splitlines():
        m = re.match(r"HIGHPT-(GUEST|EXIT|INSMOD-FAILED|LOADED)\b ?(.*)",
                     line)
        if not m:
            lines.append(line)
        elif m.group(1) == "GUEST":
            res.guest = dict(kv.split("=", 1) for kv in m.group(2).split())
        elif m.group(1) == "EXIT":
            res.status = int(m.group(2))
        elif m.group(1) == "INSMOD-FAILED":
            res.problems.append("insmod highpt.ko failed: " + m.group(2))
    res.output = "\n".join(lines) + ("\n" if lines else "")


def check_guest(res: Result, kernel: Kernel, cpus: int) -> None:
    if not res.guest:
        return
    if int(res.guest.get("cpus", 0)) != cpus:
        res.problems.append("guest has %s CPUs online, %d were asked for" %
                            (res.guest.get("cpus"), cpus))
    machine = res.guest.get("machine")
    if machine and (machine == "x86_64") == kernel.is_32bit:
        res.problems.append("guest runs a %s kernel, not a %d-bit one" %
                            (machine, 32 if kernel.is_32bit else 64))
    # No highmem on x86_64: HighTotal is absent there.
    if kernel.is_32bit and int(res.guest.get("hightotal", 0)) == 0:
        res.problems.append("32-bit guest has no highmem (HighTotal 0)")


def run(kernel: Kernel, modules: Mapping[str, str], command: str,
        cpus: int = 2, mem: str = "6G", params: str = "",
        timeout: int = 600, mode: str = "run",
        append: Sequence[str] = (), qemu: Sequence[str] = ()) -> Result:
    """Boot @kernel with its default command line plus @append, load
    highpt with @params, run @command (a shell command line), and return
    a Result; @qemu: more QEMU arguments.  Never hangs: the guest is
    killed after @timeout seconds."""
    res = Result()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    res.console = os.path.join(log_dir(kernel.name), stamp + "-console.log")
    with tempfile.TemporaryDirectory(prefix="highpt-vm.") as work:
        try:
            initrd = make_initramfs(work, modules, mode, params, command)
        except guestbin.GuestBinError as e:
            res.problems.append("guest programs: %s" % e)
            return res
        out = os.path.join(work, "out.txt")
        cmd = qemu_cmd(kernel, initrd, cpus, mem, "file:" + res.console,
                       "file:" + out, append, qemu)
        if mode == "shell":
            cmd[cmd.index("file:" + res.console)] = "mon:stdio"
            subprocess.run(cmd)
        else:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
            what = "guest %s, %d CPUs: %s" % (kernel.name, cpus,
                                              command.split(";")[0][:40])
            try:
                with progress.step(what):
                    proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                res.problems.append("guest timed out after %ds; log tail:\n%s"
                                    % (timeout, tail(res.console)))
        text = paths.read(out, "")
    parse_output(res, text)
    check_guest(res, kernel, cpus)
    if os.path.exists(res.console):
        found = splat.scan(paths.read(res.console))
        if found:
            res.problems.append("kernel reported problems:\n" + found)
    if res.status is None and mode != "shell" and not res.problems:
        res.problems.append("guest ended without reporting an exit status;"
                            " log tail:\n" + tail(res.console))
    return res


def tail(path: str, n: int = 30) -> str:
    text = paths.read(path, "(no log)").replace("\r", "")
    return "\n".join(text.splitlines()[-n:])
