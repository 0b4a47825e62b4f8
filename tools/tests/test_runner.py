# SPDX-License-Identifier: GPL-2.0
"""The runner's own tests: KTAP fixtures and kernel logs must give the
right counts and verdicts, so a broken guest can never look green."""

import os
import tempfile
import unittest

from highptlib import check, kernels, ktap, leaks, paths, splat, vm

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "fixtures")


def fixture(name: str) -> str:
    with open(os.path.join(FIXTURES, name)) as f:
        return f.read()


def kunit_py() -> str:
    pkg, version, tarball = kernels.source_package("6.1")
    return os.path.join(kernels.unpack(pkg, version, tarball),
                        "tools/testing/kunit/kunit.py")


class KtapCounts(unittest.TestCase):
    kunit_py: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.kunit_py = kunit_py()

    def counts(self, name: str) -> ktap.Counts:
        return ktap.parse(self.kunit_py, "demo_suite", fixture(name))

    def test_all_pass(self) -> None:
        c = self.counts("pass.ktap")
        self.assertEqual((c.passed, c.failed, c.skipped), (2, 0, 0))

    def test_fail_and_skip(self) -> None:
        c = self.counts("fail_skip.ktap")
        self.assertEqual((c.passed, c.failed, c.skipped), (1, 1, 1))
        self.assertIn("demo_test_two", c.failures[0])

    def test_crashed_suite_fails(self) -> None:
        c = self.counts("crashed.ktap")
        self.assertGreaterEqual(c.failed, 1)
        self.assertTrue(any("crashed" in f for f in c.failures))

    def test_garbage_fails(self) -> None:
        c = self.counts("garbage.ktap")
        self.assertGreaterEqual(c.failed, 1)
        self.assertEqual(c.passed, 0)


class KunitRunOutput(unittest.TestCase):
    def test_split_keeps_only_complete_suites(self) -> None:
        suites = ktap.split_suites(fixture("kunit-run.out"))
        self.assertEqual(list(suites), ["demo_suite"])
        self.assertTrue(suites["demo_suite"].startswith("KTAP version 1\n"))
        self.assertIn("ok 1 demo_suite", suites["demo_suite"])

    def test_expected_suites_found_in_sources(self) -> None:
        names = ktap.expected_suites(os.path.join(paths.TOP, "kunit"))
        self.assertIn("highpt_local", names)
        self.assertIn("highpt_debugfs", names)


class Splats(unittest.TestCase):
    def test_clean_log(self) -> None:
        self.assertEqual(splat.scan(fixture("clean-console.log")), "")

    def test_reports_are_found(self) -> None:
        for name, words in (("warning-console.log", "kunmap_local_indexed"),
                            ("lockdep-console.log", "circular locking"),
                            ("sleep-console.log", "invalid context"),
                            ("oops-console.log", "Oops"),
                            ("oom-console.log", "invoked oom-killer")):
            found = splat.scan(fixture(name))
            self.assertIn(words, found, name)

    def test_impossible_eflags_are_named(self) -> None:
        found = splat.scan(fixture("eflags-console.log"))
        self.assertIn("double fault", found)
        self.assertIn("note: EFLAGS ffffffff has reserved bits set", found)
        sane = splat.scan("Oops: general protection fault\n"
                          "DS: 007b ES: 007b EFLAGS: 00210246\n")
        self.assertIn("Oops", sane)
        self.assertNotIn("note:", sane)


class ConfiguredKernel(unittest.TestCase):
    def kernel(self, config: str) -> kernels.Kernel:
        """A kernel whose build tree's .config holds @config."""
        tree = tempfile.TemporaryDirectory()
        self.addCleanup(tree.cleanup)
        with open(os.path.join(tree.name, ".config"), "w") as f:
            f.write(config)
        return kernels.Kernel("k", "/k/bzImage", tree.name)


class GuestFacts(ConfiguredKernel):
    def result(self, text: str) -> vm.Result:
        res = vm.Result()
        vm.parse_output(res, text)
        return res

    def test_word_size(self) -> None:
        # A 64-bit guest needs no highmem; uname -m must match the kernel.
        for high, machine, config, problem in (
                (0, "x86_64", "CONFIG_64BIT=y", ""),
                (5000, "i686", "CONFIG_X86_32=y", ""),
                (5000, "x86_64", "CONFIG_X86_32=y", "not a 32-bit"),
                (0, "i686", "CONFIG_64BIT=y", "not a 64-bit")):
            res = self.result("HIGHPT-GUEST cpus=2 hightotal=%d release=x "
                              "machine=%s\nHIGHPT-EXIT 0\n" % (high, machine))
            vm.check_guest(res, self.kernel(config + "\n"), 2)
            self.assertEqual(len(res.problems), 1 if problem else 0)
            if problem:
                self.assertIn(problem, res.problems[0])

    def test_output_and_status(self) -> None:
        res = self.result("HIGHPT-GUEST cpus=2 hightotal=5000 release=x\r\n"
                          "HIGHPT-LOADED\nhello\nHIGHPT-EXIT 3\n")
        self.assertEqual(res.output, "hello\n")
        self.assertEqual(res.status, 3)
        self.assertFalse(res.ok)

    def test_missing_cpus_and_highmem(self) -> None:
        res = self.result("HIGHPT-GUEST cpus=1 hightotal=0 release=x\n"
                          "HIGHPT-EXIT 0\n")
        vm.check_guest(res, self.kernel("CONFIG_X86_32=y\n"), 2)
        self.assertEqual(len(res.problems), 2)
        self.assertFalse(res.ok)

    def test_insmod_failure(self) -> None:
        res = self.result("HIGHPT-INSMOD-FAILED insmod: bad param\n"
                          "HIGHPT-EXIT 1\n")
        self.assertIn("bad param", res.problems[0])


class CommandLine(ConfiguredKernel):
    def test_debug_pagealloc_where_built_in(self) -> None:
        k = self.kernel("CONFIG_DEBUG_PAGEALLOC=y\nCONFIG_X86_32=y\n")
        self.assertEqual(k.cmdline, ["debug_pagealloc=on"])
        line = vm.cmdline(k, ["userpte=nohigh", "debug_pagealloc=off"])
        self.assertEqual(line.split()[-3:], ["debug_pagealloc=on",
                                             "userpte=nohigh",
                                             "debug_pagealloc=off"])
        self.assertTrue(line.startswith("console=ttyS0,115200 "))
        self.assertEqual(self.kernel("# CONFIG_DEBUG_PAGEALLOC is not set\n")
                         .cmdline, [])

    def test_qemu_gets_the_whole_line(self) -> None:
        k = self.kernel("CONFIG_DEBUG_PAGEALLOC=y\n")
        cmd = vm.qemu_cmd(k, "initrd", 2, "6G", "file:a", "file:b",
                          ["kmemleak=off"])
        line = cmd[cmd.index("-append") + 1]
        self.assertEqual(line, vm.cmdline(k, ["kmemleak=off"]))
        self.assertTrue(line.endswith(" debug_pagealloc=on kmemleak=off"))

    def test_more_qemu_arguments_come_last(self) -> None:
        k = self.kernel("")
        cmd = vm.qemu_cmd(k, "initrd", 4, "6G", "file:a", "file:b", [],
                          ["-d", "int", "-D", "/tmp/q.log"])
        self.assertEqual(cmd[-4:], ["-d", "int", "-D", "/tmp/q.log"])
        self.assertEqual(cmd[cmd.index("-smp") + 1], "4")


class Leaks(unittest.TestCase):
    def report(self, body: str) -> tuple[bool, str]:
        """The verdict on a kmemleak report of @body, nothing loaded."""
        return leaks.kmemleak("HIGHPT-MODULES\r\nHIGHPT-KMEMLEAK-BEGIN\r\n" +
                              body + "HIGHPT-KMEMLEAK-END\n")

    def test_bare_frame_or_module_tag_is_highpts(self) -> None:
        # 6.1: bare addresses after unload; 6.12: a [highpt] tag.
        for name, ours, others in (
                ("leaks-6.1.out", "0xf8a0b3c4", "acpi_os_allocate_zeroed"),
                ("leaks-6.12.out", "highpt_space_create", "other_init")):
            ok, detail = leaks.kmemleak(fixture(name))
            self.assertFalse(ok, name)
            self.assertIn("1 of 2 unreferenced objects", detail)
            self.assertIn(ours, detail)
            self.assertNotIn(others, detail)

    def test_frames_of_both_formats(self) -> None:
        old = leaks.objects(leaks.section(fixture("leaks-6.1.out"),
                                          "KMEMLEAK") or [])
        new = leaks.objects(leaks.section(fixture("leaks-6.12.out"),
                                          "KMEMLEAK") or [])
        self.assertEqual(leaks.frames(old[1])[2:4],
                         ["0xf8a0b3c4", "0xf8a01010"])
        self.assertEqual(leaks.frames(new[0])[2],
                         "other_init+0x1c/0x30 [other]")
        self.assertEqual([leaks.is_ours(f) for f in
                          leaks.frames(new[1])[2:5]], [True, True, False])

    def test_typed_object_of_7x(self) -> None:
        ok, detail = self.report(
            "unreferenced object (percpu) 0x3c2a8 (size 8):\n"
            "  comm \"insmod\", pid 70, jiffies 4294901230\n"
            "  backtrace (crc 0):\n"
            "    pcpu_alloc_noprof+0x5e2/0x8a0\n"
            "    stats_init+0x1a/0x60 [highpt]\n")
        self.assertFalse(ok)
        self.assertIn("1 of 1 unreferenced objects", detail)

    def test_kernel_objects_alone_pass(self) -> None:
        lines = fixture("leaks-6.12.out").splitlines()
        mine = lines.index("unreferenced object 0xffff888103b1f600 "
                           "(size 96):")
        ok, detail = leaks.kmemleak("\n".join(lines[:mine] + lines[-1:]))
        self.assertTrue(ok, detail)
        self.assertIn("1 unreferenced objects, none", detail)
        self.assertTrue(self.report("")[0])

    def test_no_whole_report_fails(self) -> None:
        for text in ("HIGHPT-MODULES\n", "HIGHPT-MODULES\n"
                     "HIGHPT-KMEMLEAK-BEGIN\nunreferenced object 0x1 "
                     "(size 8):\n", "HIGHPT-KMEMLEAK-END\n"):
            ok, detail = leaks.kmemleak(text)
            self.assertFalse(ok, text)
            self.assertIn("no kmemleak report", detail)

    def test_scan_error_fails(self) -> None:
        ok, detail = self.report("HIGHPT-KMEMLEAK-ERROR scan failed: "
                                 "sh: write error: Operation not permitted\n")
        self.assertFalse(ok)
        self.assertIn("Operation not permitted", detail)

    def test_loaded_module_proves_nothing(self) -> None:
        for name, text in (("highpt", "HIGHPT-MODULES highpt \n"),
                           ("list", "")):
            out = text + "HIGHPT-VMALLOC-BEGIN\nHIGHPT-VMALLOC-END\n" \
                "HIGHPT-KMEMLEAK-BEGIN\nHIGHPT-KMEMLEAK-END\n"
            for verdict in (leaks.vmalloc, leaks.kmemleak):
                ok, detail = verdict(out)
                self.assertFalse(ok)
                self.assertIn(name, detail)

    def test_vmalloc_areas_by_caller(self) -> None:
        ok, detail = leaks.vmalloc(fixture("leaks-6.1.out"))
        self.assertFalse(ok)
        self.assertIn("1 vmalloc areas left by highpt", detail)
        self.assertIn("0xf8a0c2d1 pages=64", detail)
        ok, detail = leaks.vmalloc(fixture("leaks-6.12.out"))
        self.assertFalse(ok)
        self.assertIn("pool_window_create", detail)
        self.assertNotIn("other_map", detail)
        ok, detail = leaks.vmalloc("HIGHPT-MODULES\nHIGHPT-VMALLOC-BEGIN\n"
                                   "0xf7c00000-0xf7c02000 8192 vm_map_ram\n"
                                   "HIGHPT-VMALLOC-END\n")
        self.assertTrue(ok, detail)
        self.assertFalse(leaks.vmalloc("HIGHPT-MODULES\n")[0])


class Summary(unittest.TestCase):
    def test_last_line_and_status(self) -> None:
        total = ktap.Counts()
        total.passed = 5
        self.assertEqual(check.summary(total), ("5 passed, 0 failed", 0))
        total.fail("x")
        self.assertEqual(check.summary(total), ("5 passed, 1 failed", 1))

    def test_nothing_ran_is_a_failure(self) -> None:
        self.assertEqual(check.summary(ktap.Counts())[1], 1)


class SmokeCases(unittest.TestCase):
    def test_cases_and_details(self) -> None:
        cases = check.guest_cases("noise\nHIGHPT-CASE ok a\n"
                                  "HIGHPT-CASE FAIL b\n    why\n"
                                  "HIGHPT-CASE ok c\n")
        self.assertEqual(cases, [("a", True, ""), ("b", False, "why\n"),
                                 ("c", True, "")])

    def test_detail_ends_at_an_unindented_line(self) -> None:
        cases = check.guest_cases("HIGHPT-CASE FAIL unload\n    why\n" +
                                  fixture("leaks-6.1.out"))
        self.assertEqual(cases[0], ("unload", False, "why\n"))


if __name__ == "__main__":
    unittest.main()
