#!/usr/bin/env python3
"""The section 3 pages made from the headers (tools/gen-man3.py): every
OFT_API call of include/openai_ft/ has a subsection in one of them, and each
page renders without a warning, by groff (-man -ww -z) and by man -l
(--warnings), as a user's `man` shows it.

    check_man.py INCLUDE_DIR PAGE...
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    include, pages = Path(argv[1]), [Path(p) for p in argv[2:]]
    calls = set()
    for h in sorted(include.glob("*.h")):
        text = re.sub(r"/\*.*?\*/", " ", h.read_text(encoding="utf-8"), flags=re.S)
        for decl in re.findall(r"^\s*OFT_API\b[^;]*;", text, re.M):
            name = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", decl)
            if name:
                calls.add(name.group(1))
    documented = set()
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        documented |= set(re.findall(r"^\.SS (\S+)$", text, re.M))
        groff = subprocess.run(["groff", "-man", "-ww", "-z", str(page)],
                               capture_output=True, text=True)
        if groff.returncode != 0 or groff.stderr.strip():
            problems.append("%s: groff -man -ww: %s" % (page.name, groff.stderr.strip()))
        if shutil.which("man"):
            man = subprocess.run(["man", "--warnings", "-l", str(page)], capture_output=True,
                                 text=True, env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin"})
            if man.returncode != 0 or man.stderr.strip():
                problems.append("%s: man --warnings -l: %s" % (page.name, man.stderr.strip()))
    if len(calls) < 50:
        problems.append("only %d OFT_API calls found in %s" % (len(calls), include))
    for call in sorted(calls - documented):
        problems.append("%s: in no page (%s)" % (call, ", ".join(p.name for p in pages)))
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print("%d calls in %d pages; no warning from groff or man" % (len(calls), len(pages)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
