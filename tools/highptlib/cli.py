# SPDX-License-Identifier: GPL-2.0
"""tools/highpt, the one command behind make setup, check, demo, shell,
bench and kernels."""

import argparse
import os
import re
import shlex
import subprocess
import sys
from typing import Any, Callable

from . import build, check, demo, kernels, paths, plot, vm

PROG = "highpt"

VM_HELP = """\
run [options] -- COMMAND...  run COMMAND in the guest's shell (one word:
                             a command line; more: quoted word by word,
                             as argv), print its output, exit with its
                             status (1 on any kernel report, missing CPUs
                             or highmem, timeout)
shell [options]              interactive guest shell on the serial
                             console (Ctrl-A X quits)"""

KERNEL_HELP = """\
build [K...]  build (or reuse) kernels; default: all
path K...     print each kernel's module build tree"""

# The sweep runs 18 more cases than the main table; far above any run.
BENCH_TIMEOUT = 2400
BENCH_COMMAND = ('echo "# kernel $(uname -r)"; '
                 'cat /sys/kernel/debug/highpt/bench && shadow-bench')


def fail(sub: str, msg: str) -> None:
    print("%s %s: %s" % (PROG, sub, msg), file=sys.stderr)


def cmd_setup(args: argparse.Namespace) -> int:
    # A shell script, so that make setup works before python3 is installed.
    return subprocess.run([os.path.join(paths.TOOLS, "setup.sh")]).returncode


def cmd_kernel(args: argparse.Namespace) -> int:
    try:
        for name in args.kernels or kernels.KERNELS:
            k = kernels.get(name)
            if args.action == "path":
                print(k.build)
            else:
                print("%-7s %s %s" % (name, k.version, k.image))
    except kernels.KernelError as e:
        fail("kernel", str(e))
        return 1
    return 0


def vm_run(kernel_name: str, command: list[str], cpus: int = 2,
           mem: str = "6G", params: str = "", timeout: int = 600,
           mode: str = "run", append: str = "", qemu: str = "") -> int:
    """Boot @kernel_name with highpt loaded and run @command in it;
    @append: kernel parameters after the kernel's defaults; @qemu: more
    QEMU arguments."""
    return boot(kernel_name, command, cpus, mem, params, timeout, mode,
                append, qemu)[0]


def boot(kernel_name: str, command: list[str], cpus: int = 2,
         mem: str = "6G", params: str = "", timeout: int = 600,
         mode: str = "run", append: str = "",
         qemu: str = "") -> tuple[int, vm.Result | None]:
    """vm_run(), with the guest's result (None if it never booted)."""
    try:
        kernel = kernels.get(kernel_name)
        mods = build.modules(build.build(kernel.build, kernel.name))
    except (kernels.KernelError, build.BuildError) as e:
        fail("vm", str(e))
        return 1, None
    res = vm.run(kernel, mods, guest_command(command), cpus=cpus, mem=mem,
                 params=params, timeout=timeout, mode=mode,
                 append=append.split(), qemu=shlex.split(qemu))
    sys.stdout.write(res.output)
    for problem in res.problems:
        fail("vm", "FAIL: " + problem)
    if res.problems:
        fail("vm", "kernel log: " + res.console)
        return 1, res
    return res.status or 0, res


def guest_command(words: list[str]) -> str:
    """One word is a shell command line; several are quoted word by word,
    so "-- sh -c '...'" works as it does locally."""
    if len(words) == 1:
        return words[0]
    return " ".join(shlex.quote(w) for w in words)


def cmd_vm(args: argparse.Namespace) -> int:
    return vm_run(args.kernel, args.command, args.cpus, args.mem,
                  args.param, args.timeout, args.action, args.append,
                  args.qemu)


def cmd_check(args: argparse.Namespace) -> int:
    unknown = [n for n in args.kernels if n not in kernels.KERNELS]
    if unknown:
        fail("check", "unknown kernel(s) %s; known: %s" %
             (" ".join(unknown), " ".join(kernels.KERNELS)))
        return 2
    return check.main(args.kernels or list(kernels.KERNELS))


def cmd_bench(args: argparse.Namespace) -> int:
    status, res = boot(args.kernel, [BENCH_COMMAND], cpus=args.cpus,
                       timeout=BENCH_TIMEOUT)
    if status or res is None:
        return status or 1
    m = re.search(r"^# kernel (\S+)", res.output, re.M)
    where = "kernel %s, %d vCPUs, under TCG: the times are emulator " \
        "figures; the counts hold on any x86" % (
            m.group(1) if m else args.kernel, args.cpus)
    d = plot.out_dir("bench")
    with open(os.path.join(d, "bench.txt"), "w") as out:
        out.write(res.output)
    try:
        made = plot.bench(d, res.output, where)
    except plot.PlotError as e:
        fail("bench", str(e))
        return 1
    print("plots and the bench output are in %s:" % d)
    for path in made:
        print("  " + os.path.basename(path))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    return demo.run(args.tasks, args.size)


def vcpus(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("at least 1 vCPU")
    return n


def vm_options() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--kernel", default="stock", choices=kernels.KERNELS,
                   help="the test kernel (default: stock)")
    p.add_argument("--cpus", type=vcpus, default=2,
                   help="vCPUs (default: 2)")
    p.add_argument("--mem", default="6G",
                   help="guest RAM, QEMU syntax (default: 6G)")
    p.add_argument("--param", default="", metavar="'a=1 b=2'",
                   help="highpt.ko module parameters")
    p.add_argument("--append", default="", metavar="'a=1 b'",
                   help="kernel parameters, after the kernel's defaults "
                   "(debug_pagealloc=on where built in), so they win")
    p.add_argument("--timeout", type=int, default=600, metavar="S",
                   help="kill the guest after S seconds (default: 600)")
    p.add_argument("--qemu", default="", metavar="'-d int -D FILE'",
                   help="more QEMU arguments, after the runner's (write "
                   "--qemu='...'), e.g. to log every interrupt and "
                   "exception with the CPU's state")
    return p


def parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    top = argparse.ArgumentParser(prog=PROG, description=__doc__,
                                  formatter_class=raw)
    subs = top.add_subparsers(dest="sub", required=True, metavar="COMMAND")

    def sub(name: str, func: Callable[[argparse.Namespace], int],
            helptext: str, **kw: Any) -> argparse.ArgumentParser:
        p = subs.add_parser(name, help=helptext, description=helptext,
                            formatter_class=raw, **kw)
        p.set_defaults(func=func, parser=p)
        return p

    sub("setup", cmd_setup, "install, once, the Debian packages highpt needs")
    p = sub("kernel", cmd_kernel,
            "fetch and build the test kernels into the cache",
            epilog=KERNEL_HELP)
    p.add_argument("action", choices=("build", "path"))
    p.add_argument("kernels", nargs="*", metavar="K")
    p = sub("vm", cmd_vm, "boot a test kernel with highpt loaded",
            epilog=VM_HELP, parents=[vm_options()])
    p.add_argument("action", choices=("run", "shell"))
    p = sub("shell", cmd_vm, "the same as vm shell",
            parents=[vm_options()])
    p.set_defaults(action="shell")
    p = sub("check", cmd_check,
            'every test; the last line is "N passed, N failed"')
    p.add_argument("kernels", nargs="*", metavar="KERNEL",
                   help="default: " + " ".join(kernels.KERNELS))
    p = sub("bench", cmd_bench, "the pool benchmark in the test VM")
    p.add_argument("kernel", nargs="?", default="stock",
                   choices=kernels.KERNELS, metavar="KERNEL",
                   help="default: stock")
    p.add_argument("cpus", nargs="?", type=vcpus, default=2, metavar="CPUS",
                   help="default: 2")
    p = sub("demo", cmd_demo,
            "the 2002 thread's workload on the stock 686-pae kernel")
    p.add_argument("--tasks", type=vcpus, default=100,
                   help="processes attaching the segment (default: 100)")
    p.add_argument("--size", type=vcpus, default=1024, metavar="MIB",
                   help="the segment's size in MiB (default: 1024)")
    return top


def parse(argv: list[str]) -> argparse.Namespace:
    # Split by hand: the words after "--" are the guest's, and argparse
    # would still match them against the positionals.
    command: list[str] = []
    if "--" in argv:
        command = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    args = parser().parse_args(argv)
    if command and args.sub != "vm":
        args.parser.error("only vm run takes a command after --")
    if args.sub == "vm" and args.action == "run" and not command:
        args.parser.error("run needs a command after --")
    args.command = command
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    status: int = args.func(args)
    return status
