#!/usr/bin/env python3
"""Small files and functions: no file over 600 lines, no function over 80.

    check_sizes.py SRC_DIR FOLDER...

Checks the .c and .h files of each FOLDER under SRC_DIR. A function is a
definition whose braces stand at the start of a line (the house style,
BreakBeforeBraces: Linux); its length runs from the first line of its
signature to its closing brace. Exits 1 naming each file or function over
its limit.
"""
import os
import sys

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80


def functions(lines):
    """(name, first line, length) of each function definition."""
    out = []
    i = 0
    while i < len(lines):
        if lines[i].rstrip() == "{":
            start = i
            # The signature: the lines above, up to a blank line, a comment's
            # end, a preprocessor line or the previous definition's brace.
            while start > 0:
                above = lines[start - 1].rstrip()
                if (not above or above.endswith("*/") or above.startswith("#") or
                        above.startswith("}") or above.endswith(";")):
                    break
                start -= 1
            end = i
            while end < len(lines) and not lines[end].startswith("}"):
                end += 1
            signature = " ".join(l.strip() for l in lines[start:i])
            name = signature.split("(")[0].split()[-1].lstrip("*") if "(" in signature \
                else signature
            out.append((name, start + 1, end - start + 1))
            i = end
        i += 1
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    src, folders = argv[1], argv[2:]
    problems, checked = [], 0
    for folder in folders:
        for root, _dirs, names in os.walk(os.path.join(src, folder)):
            for name in sorted(names):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, src)
                with open(path, encoding="utf-8") as f:
                    lines = f.read().split("\n")
                checked += 1
                if len(lines) - 1 > MAX_FILE_LINES:
                    problems.append(f"{rel}: {len(lines) - 1} lines "
                                    f"(at most {MAX_FILE_LINES})")
                for fn, first, length in functions(lines):
                    if length > MAX_FUNCTION_LINES:
                        problems.append(f"{rel}:{first}: {fn}: {length} lines "
                                        f"(at most {MAX_FUNCTION_LINES})")
    for p in problems:
        print(p)
    print(f"{checked} files of {', '.join(folders)} checked: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
