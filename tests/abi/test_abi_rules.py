#!/usr/bin/env python3
"""The rules of scripts/abi-check, on small libraries built here: additions and
allowed appends pass; a changed struct or signature, a removed function, a
SONAME bumped without a renewed baseline, and a renewal that kept the SONAME
over an incompatible change fail; a bump with a renewed baseline passes.

  test_abi_rules.py path/to/scripts/abi-check
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

CHECK = sys.argv[1]

V1 = """
typedef struct oft_kv { const char *key; const char *value; } oft_kv;
typedef struct oft_job { const char *id; int status; const char *raw_json; } oft_job;
typedef struct oft_job_list_options { unsigned version; int limit; } oft_job_list_options;
int oft_job_get(oft_job **out, const oft_job_list_options *opts, const oft_kv *kv, int n);
void oft_job_free(oft_job *job);
"""


def variant(**edits: str) -> str:
    text = V1
    for old, new in edits.items():
        text = text.replace(old.replace("_", " ").replace("  ", "_"), new)
    return text


CASES = {
    "same": V1,
    "added function": V1 + "int oft_job_count(void);\n",
    "member appended to a result": V1.replace(
        "const char *raw_json; } oft_job;", "const char *raw_json; long extra; } oft_job;"),
    "member appended to options": V1.replace(
        "int limit; } oft_job_list_options;", "int limit; int order; } oft_job_list_options;"),
    "const member": V1.replace("const char *id;", "char *id;"),
    "member type changed": V1.replace("int status;", "long status;"),
    "member inserted": V1.replace("int status;", "int kind; int status;"),
    "signature changed": V1.replace("const oft_kv *kv, int n", "const oft_kv *kv, long n"),
    "function removed": V1.replace("void oft_job_free(oft_job *job);", ""),
    "array element grown": V1.replace(
        "const char *value; } oft_kv;", "const char *value; int flags; } oft_kv;"),
}
COMPATIBLE = {"same", "added function", "member appended to a result",
              "member appended to options", "const member"}


def source(header: str) -> str:
    """Defines every function the header declares (the bodies do not matter)."""
    out = ['#include "oft.h"']
    for line in header.splitlines():
        if line.startswith(("int ", "void ")) and line.endswith(");"):
            ret = "0" if line.startswith("int ") else ""
            out.append(line[:-1] + " { return " + ret + "; }")
    return "\n".join(out) + "\n"


def build(tmp: Path, name: str, header: str, soname: str) -> tuple[Path, Path]:
    d = tmp / name.replace(" ", "-") / soname
    (d / "inc").mkdir(parents=True)
    (d / "inc" / "oft.h").write_text(header)
    (d / "lib.c").write_text(source(header))
    lib = d / "libt.so"
    subprocess.run(["cc", "-g", "-O0", "-w", "-shared", "-fPIC", f"-Wl,-soname,{soname}",
                    "-I", str(d / "inc"), str(d / "lib.c"), "-o", str(lib)], check=True)
    return lib, d / "inc"


def check(lib: Path, inc: Path, repo: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, CHECK, "--lib", str(lib), "--headers", str(inc), "--repo", str(repo),
         "--baseline", str(repo / "tests/abi/libopenai_ft.abi"), *extra],
        capture_output=True, text=True)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)


def new_repo(tmp: Path, name: str, lib: Path, inc: Path) -> Path:
    """A git checkout whose committed baseline is lib's."""
    repo = tmp / ("repo-" + name.replace(" ", "-"))
    (repo / "tests" / "abi").mkdir(parents=True)
    git(repo, "init", "-q")
    renew = check(lib, inc, repo, "--renew")
    assert renew.returncode == 0, renew.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "baseline")
    return repo


failures: list[str] = []


def expect(what: str, run: subprocess.CompletedProcess[str], ok: bool, needle: str = "") -> None:
    passed = run.returncode == 0
    if passed != ok or (needle and needle not in run.stdout + run.stderr):
        failures.append(f"{what}: expected {'pass' if ok else 'fail'} {needle!r}, got "
                        f"{run.returncode}:\n{run.stdout}{run.stderr}")


with tempfile.TemporaryDirectory() as t:
    tmp = Path(t)
    v1, v1_inc = build(tmp, "v1", V1, "libt.so.0")
    for name, header in CASES.items():
        repo = new_repo(tmp, name, v1, v1_inc)
        lib, inc = build(tmp, name, header, "libt.so.0")
        expect(f"{name} (same SONAME)", check(lib, inc, repo), name in COMPATIBLE,
               "" if name in COMPATIBLE else "incompatible ABI change")

    breaking = CASES["member type changed"]
    # A bump without renewing the baseline.
    repo = new_repo(tmp, "bump only", v1, v1_inc)
    bumped, bumped_inc = build(tmp, "bumped", breaking, "libt.so.1")
    expect("SONAME bumped, baseline not renewed", check(bumped, bumped_inc, repo), False,
           "renew the baseline")
    # A bump with the baseline renewed in the same commit.
    assert check(bumped, bumped_inc, repo, "--renew").returncode == 0
    expect("bump and renewal, not yet committed", check(bumped, bumped_inc, repo), True)
    git(repo, "commit", "-qam", "bump the SONAME and renew the baseline")
    expect("bump and renewal committed", check(bumped, bumped_inc, repo), True)
    # A renewal that kept the SONAME over an incompatible change.
    repo = new_repo(tmp, "renewal only", v1, v1_inc)
    broken, broken_inc = build(tmp, "renewed", breaking, "libt.so.0")
    assert check(broken, broken_inc, repo, "--renew").returncode == 0
    expect("renewed without a bump (working tree)", check(broken, broken_inc, repo), False,
           "kept the SONAME")
    git(repo, "commit", "-qam", "renew the baseline over a break")
    expect("renewed without a bump (committed)", check(broken, broken_inc, repo), False,
           "kept the SONAME")
    # A compatible renewal is fine.
    repo = new_repo(tmp, "compatible renewal", v1, v1_inc)
    added, added_inc = build(tmp, "added", CASES["added function"], "libt.so.0")
    assert check(added, added_inc, repo, "--renew").returncode == 0
    git(repo, "commit", "-qam", "renew after an addition")
    expect("compatible renewal committed", check(added, added_inc, repo), True)

if failures:
    print("\n\n".join(failures))
    sys.exit(1)
print(f"abi rules: {len(CASES) + 6} cases passed")
