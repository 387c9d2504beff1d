#!/usr/bin/env python3
"""No module of a Python package imports one that imports it back.

tests/checks/check_layers.py holds the C sources to "no file calls or includes one
that calls or includes it back"; this is the same rule for a Python package,
where a file's imports are its includes and its calls. Every import counts:
at the top, inside a function (a lazy import is still a use) and under
TYPE_CHECKING (an annotation's type is still a dependency). `from . import x`
of a submodule x counts as an import of x alone, not of the package.

    check_py_circles.py PACKAGE_DIR...

Prints each circle with the imports that make it, exits 1 when there is one.
"""

import ast
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_layers import components  # noqa: E402  (the one Tarjan of the checks)


def modules(pkg_dir):
    """{dotted module name: path} of every .py under pkg_dir."""
    pkg = os.path.basename(os.path.normpath(pkg_dir))
    out = {}
    for d, _, files in os.walk(pkg_dir):
        for f in sorted(files):
            if not f.endswith(".py"):
                continue
            rel = os.path.relpath(os.path.join(d, f), pkg_dir)[:-3].split(os.sep)
            if rel[-1] == "__init__":
                rel = rel[:-1]
            out[".".join([pkg] + rel)] = os.path.join(d, f)
    return out


def imports(name, path, mods):
    """{module imported: line} for the package's own modules path imports."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    here = name if path.endswith("__init__.py") else name.rsplit(".", 1)[0]
    out = {}
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here
                for _ in range(node.level - 1):
                    anchor = anchor.rsplit(".", 1)[0]
                base = anchor + ("." + node.module if node.module else "")
            for alias in node.names:
                sub = base + "." + alias.name
                targets.append(sub if sub in mods else base)
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for t in targets:
            if t in mods and t != name:
                out.setdefault(t, node.lineno)
    return out


def check(pkg_dir):
    mods = modules(pkg_dir)
    graph = {m: imports(m, p, mods) for m, p in mods.items()}
    found = components(graph)
    for comp in found:
        print(f"circle of modules: {', '.join(comp)}")
        for m in comp:
            for t, line in sorted(graph[m].items()):
                if t in comp:
                    print(f"    {os.path.relpath(mods[m])}:{line} imports {t}")
    return len(found)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: check_py_circles.py PACKAGE_DIR...", file=sys.stderr)
        return 2
    found = sum(check(d) for d in argv[1:])
    if found:
        print(f"{found} circle(s) of modules")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
