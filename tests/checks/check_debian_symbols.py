#!/usr/bin/env python3
"""debian/libopenai-ft2.symbols lists exactly the exports of src/openai_ft.map.

    check_debian_symbols.py path/to/openai_ft.map path/to/libopenai-ft2.symbols

The package build checks the symbols file against the built library at
dpkg-gensymbols level 4 (a lost or an unrecorded export fails it); this check
fails the ordinary suites as soon as the version script and the symbols file
disagree, so that a new export is recorded in both in the same change.
"""
import re
import sys


def map_symbols(path):
    """name@NODE of every global of the version script, and its nodes."""
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
    names = set()
    for node, body in re.findall(r"([\w.]+)\s*\{(.*?)\}", text, flags=re.S):
        names.add(f"{node}@{node}")
        globals_part = body.split("local:")[0].replace("global:", "")
        for name in re.findall(r"(\w+)\s*;", globals_part):
            names.add(f"{name}@{node}")
    return names


def debian_symbols(path):
    names = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                names.add(line.split()[0])
    return names


def main():
    want, have = map_symbols(sys.argv[1]), debian_symbols(sys.argv[2])
    for name in sorted(want - have):
        print(f"{sys.argv[2]}: missing {name} (add ' {name} VERSION~', the "
              "version that first exports it, with ~ as the others)")
    for name in sorted(have - want):
        print(f"{sys.argv[2]}: {name} is not in {sys.argv[1]} (a removed export "
              "breaks the ABI)")
    if want != have:
        sys.exit(1)
    print(f"{len(want)} symbols recorded in both")


if __name__ == "__main__":
    main()
