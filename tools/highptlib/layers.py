# SPDX-License-Identifier: GPL-2.0
"""module/'s layering, checked: which file calls which, from the sources.

A file depends on another when it names a function or table that the
other defines without `static` (or a header's inline function that
names one).  The rule (module/internal.h): no file, and no layer (a
subdirectory, or a file of module/'s top level), depends on one that
depends back on it; and only main.c asks for the default pool."""

import os
import re

from . import paths
from .lint import Case

# A definition at the start of a line, not static: "type name(" or a
# names table "const char *const name[".
DEF = re.compile(r"^(?!static\b|typedef\b)"
                 r"(?:[a-z_][\w *]*?[\s*])(\w+)\s*[(\[]", re.M)
INLINE = re.compile(r"^static inline [^\n]*?\b(\w+)\(([^{]*)\)\s*\{(.*?)^\}",
                    re.M | re.S)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof"}
DEFAULT_POOL = "highpt_default_pool"

Graph = dict[str, set[str]]


def _text(path: str) -> str:
    return COMMENT.sub("", paths.read(path))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\b\w+\b", text))


def graph(module: str) -> Graph:
    """File -> the files it depends on, for every .c below @module."""
    files = [f for f in paths.find(module, "*.c")]
    defs: dict[str, str] = {}
    for f in files:
        for name in DEF.findall(_text(f)):
            if name not in KEYWORDS and not name.isupper():
                defs[name] = f
    # A header's inline function stands for what it names.
    inline: dict[str, set[str]] = {}
    for h in paths.find(module, "*.h"):
        for name, _, body in INLINE.findall(_text(h)):
            inline[name] = _words(body)
    g: Graph = {}
    for f in files:
        words = _words(_text(f))
        for name in list(words):
            words |= inline.get(name, set())
        g[f] = {defs[w] for w in words if w in defs and defs[w] != f}
    return g


def layer(module: str, f: str) -> str:
    d = os.path.dirname(f)
    return f if d == module else d


def cycle(g: Graph) -> list[str]:
    """One cycle of @g as a path, or [] if there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(u: str) -> list[str]:
        state[u] = 1
        stack.append(u)
        for v in sorted(g.get(u, ())):
            if state.get(v) == 1:
                return stack[stack.index(v):] + [v]
            if not state.get(v):
                found = visit(v)
                if found:
                    return found
        stack.pop()
        state[u] = 2
        return []

    for u in sorted(g):
        if not state.get(u):
            found = visit(u)
            if found:
                return found
    return []


def check(module: str = os.path.join(paths.TOP, "module")) -> Case:
    g = graph(module)
    layers: Graph = {}
    for f, deps in g.items():
        a = layer(module, f)
        layers.setdefault(a, set())
        layers[a] |= {layer(module, d) for d in deps} - {a}
    problems = []

    def rel(p: str) -> str:
        return os.path.relpath(p, module)

    for what, gr in (("files", g), ("layers", layers)):
        c = cycle(gr)
        if c:
            problems.append("%s depend in a circle: %s" %
                            (what, " -> ".join(rel(p) for p in c)))
    for f in g:
        if (os.path.basename(f) != "main.c" and
                DEFAULT_POOL in _words(_text(f))):
            problems.append("%s asks for the default pool; main.c passes "
                            "it down" % rel(f))
    summary = "\n".join("%s -> %s" % (rel(a), " ".join(sorted(
        rel(b) for b in layers[a])) or "-") for a in sorted(layers))
    return ("layers (module/ call graph)", not problems,
            "\n".join(problems) + ("\n" if problems else "") + summary)
