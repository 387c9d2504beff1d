#!/usr/bin/env python3
"""Fails when a public declaration has no documentation comment of its own.

    check_docs.py HEADER_OR_DIR...

Every OFT_API declaration and every top-level typedef (struct, enum,
function pointer, opaque handle) in the given headers (a directory means
its *.h and *.h.in files) must have a Doxygen block, /** ... */, that ends
on the line right above it and starts on a line of its own. A comment above
a group of declarations documents only the first one; a trailing /**< ... */
documents a member, not the next declaration. Each offender is printed as
FILE:LINE: NAME; the exit status is 1 when there is one.
"""

import re
import sys
from pathlib import Path
from typing import List, Optional, Tuple

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# A comment: first line, last line (0-based), its text from "/*" on its first
# line, and the code before it on that line.
Block = Tuple[int, int, str, str]


def scan(text: str) -> Tuple[List[str], List[Block]]:
    """Splits text into code and comments. Returns (code, blocks): code has
    one entry per line with every comment blanked out; blocks lists each
    comment (see Block)."""
    code: List[str] = []
    blocks: List[Block] = []
    block: Optional[Tuple[int, str, str]] = None  # an open /* comment
    for no, line in enumerate(text.splitlines()):
        out: List[str] = []
        i = 0
        while i < len(line):
            if block is not None:
                end = line.find("*/", i)
                i = len(line) if end < 0 else end + 2
                if end >= 0:
                    blocks.append((block[0], no, block[1], block[2]))
                    block = None
                out.append(" ")
            elif line.startswith("/*", i):
                block = (no, line[i:], "".join(out))
                i += 2
            elif line.startswith("//", i):
                blocks.append((no, no, line[i:], "".join(out)))
                break
            else:
                out.append(line[i])
                i += 1
        code.append("".join(out))
    return code, blocks


def documented(code: List[str], blocks: List[Block], first: int) -> bool:
    """True when a /** block of its own ends on the line above line first:
    nothing but that comment on its last line, nothing before it on its
    first, and not a trailing /**< member comment."""
    above = first - 1
    if above < 0 or code[above].strip():
        return False
    ending = [b for b in blocks if b[1] == above]
    if not ending:
        return False
    _, _, opener, before = ending[-1]  # the comment that ends the line
    return (
        not before.strip() and opener.startswith("/**") and not opener.startswith("/**<")
    )


def declaration_name(statement: str) -> str:
    """The declared name: the identifier before the parameter list of a
    function, or the last identifier of a typedef."""
    if statement.startswith("typedef"):
        pointer = re.search(r"\(\s*\*\s*(" + IDENT.pattern + r")\s*\)", statement)
        if pointer:
            return pointer.group(1)
        tail = statement.rsplit("}", 1)[-1]
        names = IDENT.findall(tail)
        return names[-1] if names else "typedef"
    call = re.search(r"(" + IDENT.pattern + r")\s*\(", statement)
    return call.group(1) if call else "OFT_API declaration"


def check_header(path: Path) -> List[Tuple[int, str]]:
    code, blocks = scan(path.read_text(encoding="utf-8"))
    problems: List[Tuple[int, str]] = []
    depth = 0  # braces open at the start of the current line
    first: Optional[int] = None  # the first line of the statement being read
    words: List[str] = []  # its text
    directive = False  # inside a preprocessor line (or its continuation)
    for no, line in enumerate(code):
        stripped = line.strip()
        directive = directive or stripped.startswith("#")
        if directive:
            directive = stripped.endswith("\\")
            continue
        if depth == 0 and first is None and re.match(r"(OFT_API|typedef)\b", stripped):
            first, words = no, []
        if first is not None:
            words.append(stripped)
        depth += line.count("{") - line.count("}")
        if first is not None and depth == 0 and ";" in line:
            if not documented(code, blocks, first):
                problems.append((first + 1, declaration_name(" ".join(words))))
            first = None
    return problems


def main(argv: List[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    headers: List[Path] = []
    for arg in argv[1:]:
        p = Path(arg)
        if p.is_dir():
            headers += sorted(list(p.glob("*.h")) + list(p.glob("*.h.in")))
        else:
            headers.append(p)
    if not headers:
        print("check_docs: no headers found in " + " ".join(argv[1:]), file=sys.stderr)
        return 2
    missing = [str(h) for h in headers if not h.is_file()]
    if missing:
        print("check_docs: no such header: " + " ".join(missing), file=sys.stderr)
        return 2
    count = 0
    for header in headers:
        for no, name in check_header(header):
            print(f"{header}:{no}: {name}: no documentation comment of its own")
            count += 1
    print(f"check_docs: {len(headers)} headers, {count} undocumented declarations")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
