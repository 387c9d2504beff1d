#!/usr/bin/env python3
"""Runs check_layers.py on a fixture tree to which it adds one file too long on
both counts, written at test time so that no fixture tree carries 600 lines
of filler: a copy of the tree goes to a temporary folder, LONG_FILE is
written into it (LONG_LINES lines, a function FUNCTION of FUNCTION_LINES
lines starting at line FUNCTION_AT), and check_layers.py runs on the copy
with the other arguments as given.

    check_layers_test.py [--emulator | --cli] FIXTURE_DIR INTERNAL_LIB.a
                         LONG_FILE FUNCTION [--expect TEXT]...

The check must then name "LONG_FILE: 607 lines (at most 600)" and
"LONG_FILE:7: FUNCTION: 84 lines (at most 80)" (say so with --expect).
"""
import os
import shutil
import subprocess
import sys
import tempfile

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_layers.py")
LONG_LINES = 607
FUNCTION_AT = 7
FUNCTION_LINES = 84


def long_source(function):
    """A C file of LONG_LINES lines holding a function of FUNCTION_LINES lines."""
    head = [
        "/* Too long on both counts: a function of 84 lines in a file of over 600",
        " * (written by check_layers_test.py: one statement per line makes the length). */",
        "/* clang-format off */",
        f"int {function}(int x);",
        f"extern const int {function}_table[];",
        "",
    ]
    body = [f"    x += {i};" for i in range(FUNCTION_LINES - 4)]
    fn = [f"int {function}(int x)", "{", *body, "    return x;", "}"]
    assert len(head) + 1 == FUNCTION_AT and len(fn) == FUNCTION_LINES
    lines = head + fn + ["", "/* Lines for the file's count. */",
                         f"const int {function}_table[] = {{"]
    tail = ["};", "/* clang-format on */"]
    lines += [f"    {i}," for i in range(len(lines) + 1, LONG_LINES - len(tail) + 1)]
    lines += tail
    assert len(lines) == LONG_LINES
    return "\n".join(lines) + "\n"


def main(argv):
    flags, expect, args = [], [], argv[1:]
    for flag in ("--emulator", "--cli"):
        if flag in args:
            args.remove(flag)
            flags.append(flag)
    while "--expect" in args:
        at = args.index("--expect")
        expect += args[at:at + 2]
        del args[at:at + 2]
    if len(args) != 4:
        print(__doc__.strip().splitlines()[8].strip(), file=sys.stderr)
        return 2
    fixture, lib, long_file, function = args
    with tempfile.TemporaryDirectory(prefix="check_layers_test.") as tmp:
        tree = os.path.join(tmp, os.path.basename(os.path.normpath(fixture)))
        shutil.copytree(fixture, tree)
        target = os.path.join(tree, long_file)
        if os.path.exists(target):
            print(f"{long_file}: already in {fixture}", file=sys.stderr)
            return 2
        with open(target, "w", encoding="utf-8") as f:
            f.write(long_source(function))
        return subprocess.run([sys.executable, CHECK, *flags, tree, lib, *expect],
                              check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
