# SPDX-License-Identifier: GPL-2.0
"""The runner's own tests: KTAP fixtures and kernel logs must give the
right counts and verdicts, so a broken guest can never look green."""

import os
import tempfile
import unittest

from highptlib import check, kernels, ktap, paths, splat, vm

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
                            ("oops-console.log", "Oops")):
            found = splat.scan(fixture(name))
            self.assertIn(words, found, name)


class GuestFacts(unittest.TestCase):
    def result(self, text: str) -> vm.Result:
        res = vm.Result()
        vm.parse_output(res, text)
        return res

    def test_output_and_status(self) -> None:
        res = self.result("HIGHPT-GUEST cpus=2 hightotal=5000 release=x\r\n"
                          "HIGHPT-LOADED\nhello\nHIGHPT-EXIT 3\n")
        self.assertEqual(res.output, "hello\n")
        self.assertEqual(res.status, 3)
        self.assertFalse(res.ok)

    def test_missing_cpus_and_highmem(self) -> None:
        res = self.result("HIGHPT-GUEST cpus=1 hightotal=0 release=x\n"
                          "HIGHPT-EXIT 0\n")
        with tempfile.TemporaryDirectory() as tree:
            with open(os.path.join(tree, ".config"), "w") as f:
                f.write("CONFIG_X86_32=y\n")
            vm.check_guest(res, kernels.Kernel("k32", "", tree), 2)
        self.assertEqual(len(res.problems), 2)
        self.assertFalse(res.ok)

    def test_insmod_failure(self) -> None:
        res = self.result("HIGHPT-INSMOD-FAILED insmod: bad param\n"
                          "HIGHPT-EXIT 1\n")
        self.assertIn("bad param", res.problems[0])


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


if __name__ == "__main__":
    unittest.main()
