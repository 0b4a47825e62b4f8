# SPDX-License-Identifier: GPL-2.0
"""The layering check finds circles between files and between layers,
through inline helpers too, and a default pool asked for below main.c."""

import os
import tempfile
import unittest

from highptlib import layers


class Layers(unittest.TestCase):

    def tree(self, texts: dict[str, str]) -> str:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        for name, text in texts.items():
            path = os.path.join(tmp.name, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        return tmp.name

    def test_acyclic_passes(self) -> None:
        top = self.tree({
            "main.c": "int main_init(void)\n{\n\treturn pool_new();\n}\n",
            "pool/pool.c": "int pool_new(void)\n{\n\treturn 0;\n}\n",
        })
        name, ok, detail = layers.check(top)
        self.assertTrue(ok, detail)
        self.assertIn("main.c -> pool", detail)

    def test_file_cycle_through_inline_helper(self) -> None:
        top = self.tree({
            "stats.c": "void stat_add(int n)\n{\n\tpool_print();\n}\n",
            "stats.h": "static inline void stat_inc(void)\n{\n"
                       "\tstat_add(1);\n}\n",
            "pool/pool.c": "void pool_print(void)\n{\n\tstat_inc();\n}\n",
        })
        name, ok, detail = layers.check(top)
        self.assertFalse(ok)
        self.assertIn("depend in a circle", detail)

    def test_layer_cycle_between_directories(self) -> None:
        top = self.tree({
            "a/one.c": "int one(void)\n{\n\treturn two();\n}\n",
            "b/two.c": "int two(void)\n{\n\treturn 2;\n}\n",
            "b/three.c": "int three(void)\n{\n\treturn four();\n}\n",
            "a/four.c": "int four(void)\n{\n\treturn 4;\n}\n",
        })
        name, ok, detail = layers.check(top)
        self.assertFalse(ok)
        self.assertIn("layers depend in a circle", detail)

    def test_default_pool_below_main(self) -> None:
        top = self.tree({
            "main.c": "struct p *highpt_default_pool(void)\n{\n"
                      "\treturn 0;\n}\n",
            "ctl/ctl.c": "void ctl(void)\n{\n\thighpt_default_pool();\n}\n",
        })
        name, ok, detail = layers.check(top)
        self.assertFalse(ok)
        self.assertIn("ctl/ctl.c asks for the default pool", detail)


if __name__ == "__main__":
    unittest.main()
