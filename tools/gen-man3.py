#!/usr/bin/env python3
"""Writes the section 3 manual page of one public header from its comments.

    gen-man3.py VERSION HEADER OUTPUT

One page per header, that is per call group (oft_client.3 from client.h,
oft_jobs.3 from jobs.h, ...): NAME and DESCRIPTION from the header's opening
comment, then each documented declaration (an OFT_API call, a typedef, a
#define) under its own subsection, its code as the header has it (a struct
with its members' comments) and its /** ... */ comment as text. Every
OFT_API declaration is documented (tests/checks/check_docs.py holds the headers to
it), so every call of the library is in a page; tests/checks/check_man.py checks
that, and that groff renders each page without a warning.

Why not Doxygen: the comments are plain English with a few @type tags, not
Doxygen markup, and Doxygen's man output is one page per file with its own
sections and warnings for undocumented members; this reads the comments the
way check_docs.py already reads them, in the standard library only.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PAGES = {
    "common.h": "conventions: ownership, threads, options structs, export macros",
}


def roff_text(s: str) -> str:
    """Escapes text for roff: backslashes, and a leading . or ' that would
    make a control line."""
    s = s.replace("\\", "\\e")
    if s.startswith((".", "'")):
        s = "\\&" + s
    return s


def comment_lines(block: str) -> list[str]:
    """The text of a /* or /** comment, one entry per line, without the
    delimiters and the leading ' * '."""
    body = re.sub(r"^/\*\*?<?", "", block.strip())
    body = re.sub(r"\*/$", "", body)
    out = []
    for line in body.splitlines():
        line = re.sub(r"^\s*\* ?", "", line.rstrip()) if line.strip().startswith("*") else line.strip()
        out.append(line.rstrip())
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    return out


def paragraphs(lines: list[str]) -> list[str]:
    """Comment text as roff: blank lines start a paragraph, a line that
    starts a list item ("- ", "* ", "1. ") or is indented starts a new line."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            out.append(".PP")
        elif re.match(r"\s*([-*]|\d+\.) ", line) or line.startswith("  "):
            out.append(".br")
            out.append(roff_text(line.strip()))
        else:
            out.append(roff_text(line.strip()))
    return out


def code_block(lines: list[str]) -> list[str]:
    # The export macros say nothing to a reader of the page.
    lines = [re.sub(r"\b(OFT_API|OFT_WARN_UNUSED) ", "", ln) for ln in lines]
    return [".PP", ".nf", ".RS 4"] + [roff_text(ln) if ln.strip() else "" for ln in lines] + [
        ".RE",
        ".fi",
    ]


def declarations(text: str) -> list[tuple[str, list[str], list[str]]]:
    """(name, code lines, comment lines) of each /** ... */ block that stands
    on its own lines and the declaration right below it."""
    lines = text.splitlines()
    found = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("/**") and not stripped.startswith("/**<"):
            start = i
            while "*/" not in lines[i]:
                i += 1
            doc = comment_lines("\n".join(lines[start : i + 1]))
            i += 1
            if i >= len(lines) or not lines[i].strip():
                continue
            code = []
            if lines[i].lstrip().startswith("#define"):
                while True:
                    code.append(lines[i])
                    if not lines[i].rstrip().endswith("\\"):
                        break
                    i += 1
                # a version constant and its INIT macro go together
                while i + 1 < len(lines) and lines[i + 1].lstrip().startswith("#define"):
                    i += 1
                    code.append(lines[i])
                    while lines[i].rstrip().endswith("\\"):
                        i += 1
                        code.append(lines[i])
            else:
                depth = 0
                while i < len(lines):
                    code.append(lines[i])
                    depth += lines[i].count("{") - lines[i].count("}")
                    if depth == 0 and ";" in lines[i]:
                        break
                    i += 1
            found.append((name_of(" ".join(code)), code, doc))
        i += 1
    return found


IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def name_of(code: str) -> str:
    if code.lstrip().startswith("#define"):
        return code.split()[1].split("(")[0]
    if code.lstrip().startswith("typedef"):
        pointer = re.search(r"\(\s*\*\s*(" + IDENT + r")\s*\)", code)
        if pointer:
            return pointer.group(1)
        names = re.findall(IDENT, code.rsplit("}", 1)[-1])
        return names[-1] if names else "typedef"
    call = re.search(r"(" + IDENT + r")\s*\(", code.replace("OFT_API", ""))
    return call.group(1) if call else code.split()[-1].rstrip(";")


def page(version: str, header: Path) -> str:
    text = header.read_text(encoding="utf-8")
    stem = header.name.split(".")[0]
    title = "oft_" + stem
    opening = re.match(r"\s*(/\*.*?\*/)", text, re.S)
    intro = comment_lines(opening.group(1)) if opening else []
    summary = PAGES.get(header.name)
    if summary is None and intro:
        summary = re.sub(r"^libopenai_ft:\s*", "", intro[0]).rstrip(".")
        intro = intro[1:]
    elif intro:
        intro = intro[1:]
    decls = declarations(text)
    calls = [n for n, code, _ in decls if "OFT_API" in " ".join(code)]
    out = [
        '.\\" Generated by tools/gen-man3.py from include/openai_ft/%s: do not edit.'
        % header.name,
        '.TH %s 3 "" "libopenai_ft %s" "libopenai_ft manual"' % (title.upper(), version),
        ".SH NAME",
        "%s \\- %s" % (title, roff_text(summary or stem)),
        ".SH SYNOPSIS",
        ".nf",
        ".B #include <openai_ft.h>",
        ".fi",
        ".PP",
        "Link with",
        ".BR \"$(pkg-config \\-\\-libs openai_ft)\" .",
    ]
    if calls:
        out += [".PP", "Calls:", ".BR " + " ,\n.BR ".join(calls) + " ."]
    out += [".SH DESCRIPTION"] + paragraphs(intro)
    for name, code, doc in decls:
        out += [".SS " + roff_text(name)] + code_block(code) + [".PP"] + paragraphs(doc)
    out += [
        ".SH SEE ALSO",
        ".BR oft_common (3),",
        ".BR oft_errors (3),",
        ".BR openai-ft (1),",
        ".BR pkg-config (1)",
    ]
    # no empty paragraph macros in a row (groff does not mind, but tidy)
    tidy: list[str] = []
    for line in out:
        if line == ".PP" and tidy and tidy[-1] in (".PP", ".SH DESCRIPTION") or (
            line == ".PP" and tidy and tidy[-1].startswith(".SS")
        ):
            continue
        tidy.append(line)
    return "\n".join(tidy) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    version, header, output = argv[1], Path(argv[2]), Path(argv[3])
    output.write_text(page(version, header), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
