"""Finding the library: OPENAI_FT_LIBRARY, then the package's own copy (a
wheel's), then pkg-config's libdir, then the system loader; a clear error
naming each attempt when none works. Each case runs in a fresh interpreter
(the library is loaded once per process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

LIB = Path(os.environ["OPENAI_FT_LIBRARY"])  # set by scripts/test-python
PROBE = "import openai_ft; print(openai_ft.load_library()._name)"


def run(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    empty = tmp_path / "no-pc"
    empty.mkdir(exist_ok=True)
    base = {
        "PATH": os.environ["PATH"],
        # Only the .pc files a case writes: none of the machine's.
        "PKG_CONFIG_PATH": str(empty),
        "PKG_CONFIG_LIBDIR": str(empty),
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=base, capture_output=True, text=True, timeout=60
    )


def test_the_variable_naming_the_file(tmp_path: Path) -> None:
    out = run({"OPENAI_FT_LIBRARY": str(LIB)}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(LIB)


def test_the_variable_naming_a_folder(tmp_path: Path) -> None:
    out = run({"OPENAI_FT_LIBRARY": str(LIB.parent)}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(LIB.parent / "libopenai_ft.so.2")


def test_a_wrong_variable_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    out = run(
        {"OPENAI_FT_LIBRARY": "/nonexistent/libopenai_ft.so.2", "LD_LIBRARY_PATH": str(LIB.parent)},
        tmp_path,
    )
    assert out.returncode != 0
    assert "LibraryNotFoundError: OPENAI_FT_LIBRARY=/nonexistent/libopenai_ft.so.2" in out.stderr


def test_a_library_that_is_not_ours(tmp_path: Path) -> None:
    import ctypes.util

    libm = ctypes.util.find_library("m")
    assert libm
    out = run({"OPENAI_FT_LIBRARY": libm}, tmp_path)
    assert out.returncode != 0 and "not libopenai_ft" in out.stderr


def test_pkg_config_libdir(tmp_path: Path) -> None:
    pc = tmp_path / "pc"
    pc.mkdir()
    (pc / "openai_ft.pc").write_text(
        f"libdir={LIB.parent}\n\nName: openai_ft\nDescription: test\nVersion: 0.2.0\n"
        "Libs: -L${libdir} -lopenai_ft\n"
    )
    out = run({"PKG_CONFIG_PATH": str(pc)}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(LIB.parent / "libopenai_ft.so.2")


def test_system_loader(tmp_path: Path) -> None:
    out = run({"LD_LIBRARY_PATH": str(LIB.parent)}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "libopenai_ft.so.2"


def package_with_a_copy(tmp_path: Path) -> Path:
    """A copy of the installed package holding the library as a wheel does
    (its file name ends with the project version); returns the copy's path."""
    import shutil

    import openai_ft

    dest = tmp_path / "site" / "openai_ft"
    shutil.copytree(Path(openai_ft.__file__).parent, dest,
                    ignore=shutil.ignore_patterns("__pycache__", "libopenai_ft.so*"))
    copy = dest / "libopenai_ft.so.0.2.0"
    shutil.copyfile(LIB, copy)
    return copy


def test_the_package_copy_before_pkg_config_and_the_system(tmp_path: Path) -> None:
    copy = package_with_a_copy(tmp_path)
    pc = tmp_path / "pc"
    pc.mkdir()
    (pc / "openai_ft.pc").write_text(
        f"libdir={LIB.parent}\n\nName: openai_ft\nDescription: test\nVersion: 0.2.0\n"
        "Libs: -L${libdir} -lopenai_ft\n"
    )
    out = run({"PYTHONPATH": str(copy.parent.parent), "PKG_CONFIG_PATH": str(pc),
               "LD_LIBRARY_PATH": str(LIB.parent)}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(copy)


def test_the_variable_before_the_package_copy(tmp_path: Path) -> None:
    copy = package_with_a_copy(tmp_path)
    out = run({"PYTHONPATH": str(copy.parent.parent), "OPENAI_FT_LIBRARY": str(LIB)}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(LIB)


def test_nothing_found_says_what_was_tried(tmp_path: Path) -> None:
    if os.path.exists("/etc/ld.so.cache") and b"libopenai_ft.so.2" in Path(
        "/etc/ld.so.cache"
    ).read_bytes():
        pytest.fail("libopenai_ft is installed system-wide: this case cannot be run here")
    out = run({}, tmp_path)
    assert out.returncode != 0
    err = out.stderr
    assert "libopenai_ft could not be loaded; tried, in order:" in err
    tried = [line.strip() for line in err.splitlines() if line.strip().startswith("- ")]
    assert tried[0] == "- OPENAI_FT_LIBRARY: not set"
    assert tried[1].startswith("- the package's own copy: none in ")
    assert tried[2].startswith("- pkg-config: ") and "openai_ft" in tried[2]
    assert tried[3].startswith("- the system loader: libopenai_ft.so.2")
    assert "set OPENAI_FT_LIBRARY" in err
