# SPDX-License-Identifier: GPL-2.0
"""The static checks find every file they should, wherever it moves to,
and the command line hands the guest its command intact."""

import os
import tempfile
import unittest
import unittest.mock

from highptlib import cli, kernels, ktap, lint, progress, toolslint, vm


class Tree(unittest.TestCase):
    """A scratch directory filled with files, each with its text."""

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.top = tmp.name

    def files(self, texts: dict[str, str]) -> None:
        for name, text in texts.items():
            path = os.path.join(self.top, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)

    def rel(self, paths: list[str]) -> list[str]:
        return [os.path.relpath(p, self.top) for p in paths]


class Discovery(Tree):
    def test_c_sources_in_subdirectories(self) -> None:
        self.files({n: "" for n in (
            "include/highpt.h", "module/main.c", "module/pool/pool.c",
            "module/pool/window.h", "module/bench/kmap.c", "kunit/main.c",
            "module/Kbuild", "tools/x.c")})
        self.assertEqual(self.rel(lint.c_sources(self.top)), [
            "include/highpt.h", "module/bench/kmap.c", "module/main.c",
            "module/pool/pool.c", "module/pool/window.h", "kunit/main.c"])

    def test_suites_in_subdirectories(self) -> None:
        suite = 'static struct kunit_suite %s = {\n\t.name = "%s",\n'
        self.files({"a_test.c": suite % ("a", "suite_a"),
                    "sub/b_test.c": suite % ("b", "suite_b")})
        self.assertEqual(ktap.expected_suites(self.top),
                         ["suite_a", "suite_b"])

    def test_shell_scripts(self) -> None:
        self.files({"setup.sh": "set -eu\n",
                    "guest/init": "#!/bin/busybox sh\n",
                    "guest/smoke": "#!/bin/sh\n",
                    "highpt": "#!/usr/bin/python3\n",
                    "kconfig/common.config": "CONFIG_SMP=y\n",
                    "highptlib/__pycache__/x.sh": ""})
        self.assertEqual(self.rel(toolslint.shell_scripts(self.top)),
                         ["guest/init", "guest/smoke", "setup.sh"])


class Exports(unittest.TestCase):
    def test_every_export_macro(self) -> None:
        text = ("EXPORT_SYMBOL(a);\n"
                "EXPORT_SYMBOL_GPL(b);\n"
                "EXPORT_SYMBOL_NS_GPL(c, HIGHPT_INTERNAL);\n"
                'EXPORT_SYMBOL_NS_GPL(d, "HIGHPT_INTERNAL");\n'
                "EXPORT_SYMBOL_NS( e , HIGHPT);\n"
                "\tEXPORT_SYMBOL_GPL(not_at_line_start);\n"
                "MODULE_IMPORT_NS(HIGHPT_INTERNAL);\n")
        self.assertEqual(lint._exported(text), ["a", "b", "c", "d", "e"])


class Atomic64Rule(unittest.TestCase):
    def test_plain_adds_are_found(self) -> None:
        text = ("atomic64_add(n, &v);\n"
                "highpt_atomic64_add(n, &v);\n"
                "x = atomic64_fetch_sub_relaxed (1, &v);\n"
                "atomic64_inc(&v);\n"
                "arch_atomic64_sub_return(1, &v);\n"
                "local64_add(1, &l);\n"
                "atomic64_add_negative(-1, &v);\n"
                "atomic64_try_cmpxchg(&v, &old, old + 1);\n"
                "cmpxchg64(&u, 0, 1);\n"
                "atomic64_read(&v); atomic64_set(&v, 0);\n"
                "/* atomic64_add(n, &v)\n"
                " * in a comment */ raw_cmpxchg64(&u, 0, 1);\n"
                "this_cpu_cmpxchg64(u, 0, 1); // atomic64_sub(1, &v);\n")
        self.assertEqual(
            [f.split(":")[1] for f in lint.atomic64_calls("module/a.c", text)],
            ["1", "3", "5", "6", "7", "8", "9", "12", "13"])

    def test_where_the_rule_applies(self) -> None:
        self.assertEqual(lint.atomic64_calls(lint.ATOMIC64_HOME,
                                             "atomic64_add(n, v);"), [])
        self.assertEqual(lint.atomic64_calls("kunit/a_test.c",
                                             "atomic64_add(n, v);"), [])
        self.assertEqual(len(lint.atomic64_calls("include/highpt.h",
                                                 "atomic64_sub(n, v);")), 1)


class CommandLine(unittest.TestCase):
    def test_vm_run_keeps_the_guest_command(self) -> None:
        args = cli.parse(["vm", "run", "--kernel", "6.1", "--cpus", "4",
                          "--param", "pool_slots=64 flush_policy=eager",
                          "--", "sh", "-c", "echo --kernel $1"])
        self.assertEqual((args.action, args.kernel, args.cpus, args.param),
                         ("run", "6.1", 4, "pool_slots=64 flush_policy=eager"))
        self.assertEqual(cli.guest_command(args.command),
                         "sh -c 'echo --kernel $1'")

    def test_append_reaches_the_guest_kernel(self) -> None:
        args = cli.parse(["vm", "run", "--kernel", "stock", "--append",
                          "debug_pagealloc=on userpte=nohigh", "--", "true"])
        self.assertEqual(args.append, "debug_pagealloc=on userpte=nohigh")
        res = vm.Result()
        res.status = 0
        patch = unittest.mock.patch
        with patch("highptlib.kernels.get"), patch("highptlib.build.build"), \
                patch("highptlib.build.modules"), \
                patch("highptlib.vm.run", return_value=res) as run:
            self.assertEqual(cli.cmd_vm(args), 0)
        self.assertEqual(run.call_args.kwargs["append"],
                         ["debug_pagealloc=on", "userpte=nohigh"])

    def test_one_word_is_a_command_line(self) -> None:
        self.assertEqual(cli.guest_command(["cat /proc/meminfo | head"]),
                         "cat /proc/meminfo | head")

    def test_shell_and_bench_defaults(self) -> None:
        args = cli.parse(["shell", "--kernel", "6.12"])
        self.assertEqual((args.action, args.kernel, args.cpus),
                         ("shell", "6.12", 2))
        args = cli.parse(["bench"])
        self.assertEqual((args.kernel, args.cpus), ("stock", 2))

    def test_bad_use_exits_2(self) -> None:
        for argv in (["vm", "run"], ["bench", "stock", "0"],
                     ["check", "--", "x"], ["vm", "run", "--kernel", "9",
                                            "--", "true"]):
            with self.assertRaises(SystemExit) as e, \
                    open(os.devnull, "w") as null, \
                    unittest.mock.patch("sys.stderr", null):
                cli.parse(argv)
            self.assertEqual(e.exception.code, 2, argv)


class Recipes(Tree):
    def source(self, kconfig: str) -> str:
        self.files({"arch/x86/Kconfig": kconfig})
        return self.top

    def names(self, name: str, kconfig: str) -> list[str]:
        frags = kernels.fragments(self.source(kconfig), kernels.CUSTOM[name])
        return [os.path.basename(f) for f in frags]

    def test_fragments_per_kernel(self) -> None:
        self.assertEqual(self.names("6.1", "config HIGHMEM64G\n"),
                         ["common.config", "shadow.config", "trace.config",
                          "i386.config",
                          "highmem64g.config"])
        self.assertEqual(self.names("latest", "config HIGHMEM4G\n"),
                         ["common.config", "shadow.config", "trace.config",
                          "i386.config",
                          "highmem4g-pae.config"])
        self.assertEqual(self.names("6.12-64", "config HIGHMEM64G\n"),
                         ["common.config", "shadow.config", "trace.config",
                          "x86_64.config",
                          "kmemleak.config"])

    def test_every_custom_kernel_is_known_and_its_fragments_exist(
            self) -> None:
        for name, recipe in kernels.CUSTOM.items():
            self.assertIn(name, kernels.KERNELS)
            for f in kernels.fragments(self.source(""), recipe):
                self.assertTrue(os.path.isfile(f), f)

    def test_cache_key_follows_arch_and_fragments(self) -> None:
        src = self.source("config HIGHMEM64G\n")
        frags = kernels.fragments(src, kernels.CUSTOM["6.12"])
        key = kernels.cache_key("linux-source-6.12", "1", "i386", frags)
        self.assertNotEqual(
            key, kernels.cache_key("linux-source-6.12", "1", "x86_64", frags))
        self.assertNotEqual(
            key, kernels.cache_key("linux-source-6.12", "1", "i386",
                                   frags[:-1]))


class Progress(unittest.TestCase):
    """A long step says what runs, at each interval, in plain lines."""

    def test_beats_while_running_then_stops(self) -> None:
        import contextlib
        import io
        import time

        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            with progress.step("building x", interval=0.05):
                time.sleep(0.3)
            after = err.getvalue()
            time.sleep(0.2)
        lines = after.splitlines()
        self.assertGreaterEqual(len(lines), 3)
        self.assertTrue(all(line.startswith("  ... building x: ")
                            for line in lines))
        self.assertNotIn("\r", after)
        self.assertEqual(err.getvalue(), after)

    def test_durations(self) -> None:
        self.assertEqual(progress.fmt(5.9), "5s")
        self.assertEqual(progress.fmt(95), "1m35s")


if __name__ == "__main__":
    unittest.main()
