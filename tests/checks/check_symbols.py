#!/usr/bin/env python3
"""The shared library's exports match the public headers and the version script.

    check_symbols.py path/to/libopenai_ft.so path/to/include/openai_ft path/to/openai_ft.map

- every exported symbol has the oft_ prefix, and none is internal (oft__);
- every OFT_API function of the headers is exported (implemented);
- the version script lists exactly the OFT_API functions: a new one must be
  added to it, a removed one taken out of it.
"""
import glob
import os
import re
import subprocess
import sys


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        # Type A entries are version nodes (OFT_2), not symbols.
        if len(parts) >= 3 and parts[1] != "A":
            names.add(parts[2].split("@")[0])
    return names


def declared(incdir):
    """The functions declared with OFT_API, however their lines are broken."""
    names = set()
    headers = glob.glob(os.path.join(incdir, "*.h")) + glob.glob(os.path.join(incdir, "*.h.in"))
    for path in sorted(headers):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        text = re.sub(r"^\s*#[^\n]*", " ", text, flags=re.M)
        for decl in text.split(";"):
            at = decl.find("OFT_API")
            if at < 0:
                continue
            m = re.search(r"\b(oft_\w+)\s*\(", decl[at:])
            if m:
                names.add(m.group(1))
    return names


def in_map(path):
    """The names of the version script's global: sections."""
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/|#[^\n]*", " ", f.read(), flags=re.S)
    names, wildcards, section = set(), [], None
    for token in re.findall(r"[A-Za-z0-9_.*]+:|[^\s;{}]+(?=\s*;)", text):
        if token.endswith(":"):
            section = token[:-1]
        elif section == "global" and "*" in token:
            wildcards.append(token)
        elif section == "global":
            names.add(token)
    return names, wildcards


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    lib, incdir, mapfile = argv[1:]
    exp, decl = exported(lib), declared(incdir)
    mapped, wildcards = in_map(mapfile)
    problems = []

    def report(title, names):
        if names:
            problems.append(title + ":\n    " + "\n    ".join(sorted(names)))

    report("exported symbols without the oft_ prefix",
           {n for n in exp if not n.startswith("oft_")})
    report("internal oft__ symbols exported", {n for n in exp if n.startswith("oft__")})
    report("declared with OFT_API but not exported (not implemented?)", decl - exp)
    report(f"declared with OFT_API but not in {os.path.basename(mapfile)}",
           decl - mapped)
    report(f"in {os.path.basename(mapfile)} but not declared with OFT_API",
           mapped - decl)
    report(f"wildcards in the global: section of {os.path.basename(mapfile)} (name "
           "each symbol)", set(wildcards))
    if not decl:
        problems.append(f"no OFT_API declarations found in {incdir}")
    for p in problems:
        print(p)
    print(f"{len(exp)} exported, {len(decl)} declared, {len(mapped)} in the map")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
