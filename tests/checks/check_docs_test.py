#!/usr/bin/env python3
"""Tests check_docs.py on the fixture headers in tests/checks/check_docs/: it must
accept documented.h and name every undocumented declaration of
undocumented.h, and nothing else.

    check_docs_test.py path/to/check_docs.py path/to/tests/checks/check_docs
"""

import re
import subprocess
import sys
from pathlib import Path
from typing import List, Set, Tuple

# Each one lacks its own comment in a different way (see undocumented.h).
EXPECTED_UNDOCUMENTED = {
    "bare_handle",  # opaque typedef
    "bare_status",  # enum with documented members only
    "bare_struct",  # struct
    "bare_cb",  # function pointer typedef
    "bare_function",  # nothing above it
    "grouped_second",  # second of a group under one comment
    "plain_comment",  # /* */ rather than /** */
    "after_blank_line",  # blank line between comment and declaration
    "trailing_before",  # only a trailing /**< comment
    "after_trailing",  # the line above ends with another's trailing comment
}


def run(checker: Path, header: Path) -> Tuple[int, Set[str], str]:
    result = subprocess.run(
        [sys.executable, str(checker), str(header)],
        capture_output=True,
        text=True,
        check=False,
    )
    named = set(re.findall(r"^\S+:\d+: (\w+): ", result.stdout, re.MULTILINE))
    return result.returncode, named, result.stdout + result.stderr


def main(argv: List[str]) -> int:
    checker, fixtures = Path(argv[1]), Path(argv[2])
    failures: List[str] = []

    status, named, output = run(checker, fixtures / "documented.h")
    if status != 0 or named:
        failures.append(f"documented.h: exit {status}, named {sorted(named)}\n{output}")

    status, named, output = run(checker, fixtures / "undocumented.h")
    if status != 1:
        failures.append(f"undocumented.h: exit {status}, expected 1\n{output}")
    if named != EXPECTED_UNDOCUMENTED:
        failures.append(
            "undocumented.h: missed "
            f"{sorted(EXPECTED_UNDOCUMENTED - named)}, wrongly named "
            f"{sorted(named - EXPECTED_UNDOCUMENTED)}\n{output}"
        )

    status, _, output = run(checker, fixtures / "no-such-header.h")
    if status != 2:
        failures.append(f"a missing header: exit {status}, expected 2\n{output}")

    for failure in failures:
        print("FAIL " + failure)
    print("check_docs_test: " + ("failed" if failures else "passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
