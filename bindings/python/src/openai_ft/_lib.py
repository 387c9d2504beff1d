"""Finding and loading libopenai_ft.

The search order: the file named by OPENAI_FT_LIBRARY (a path to the library
or to the folder holding it); else the package's own copy (the wheel carries
it beside this module, and what it links in openai_ft.libs/); else the libdir
that pkg-config reports for openai_ft; else the system loader (LD_LIBRARY_PATH,
the ld.so cache). When none works, LibraryNotFoundError says what each attempt
found.
"""

from __future__ import annotations

import ctypes
import os
import threading
from typing import Any

from . import _ffi
from ._errors import LibraryNotFoundError

ENV_VAR = "OPENAI_FT_LIBRARY"
# The ABI this package is written for: the SONAME, not the project version.
SONAME = "libopenai_ft.so.2"

_lock = threading.Lock()
_lib: Any = None


def _pkg_config_libdir() -> tuple[str | None, str]:
    """(libdir, "") from pkg-config, or (None, why not)."""
    import shutil  # here: an import of the package stays cheap
    import subprocess

    exe = shutil.which("pkg-config")
    if exe is None:
        return None, "pkg-config is not installed"
    try:
        run = subprocess.run(
            [exe, "--variable=libdir", "openai_ft"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"could not run pkg-config: {e}"
    libdir = run.stdout.strip()
    if run.returncode != 0 or not libdir:
        why = run.stderr.strip().splitlines()
        return None, why[0] if why else "openai_ft not found"
    return libdir, ""


def _package_copy() -> tuple[str | None, str]:
    """(path, "") of the library inside this package, or (None, why not).

    The wheel's build installs it here under its file name, which ends with
    the project version (libopenai_ft.so.0.2.0); a copy named by its SONAME
    is taken first.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        names = sorted(n for n in os.listdir(here) if n.startswith("libopenai_ft.so."))
    except OSError as e:
        return None, f"cannot list {here}: {e.strerror}"
    if not names:
        return None, f"none in {here}"
    name = SONAME if SONAME in names else names[-1]
    return os.path.join(here, name), ""


def _declare(lib: Any) -> None:
    """Sets restype/argtypes of every call we make; raises if one is missing."""
    missing = [n for n in _ffi.PROTOTYPES if not hasattr(lib, n)]
    if missing:
        raise LibraryNotFoundError(
            f"{lib._name}: too old or not libopenai_ft: missing {', '.join(missing)}"
        )
    for name, (restype, argtypes) in _ffi.PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def _open(path: str) -> Any:
    lib = ctypes.CDLL(path)
    if not hasattr(lib, "oft_version_string"):
        raise OSError(f"{path}: not libopenai_ft (no oft_version_string)")
    return lib


def load_library() -> Any:
    """Loads libopenai_ft once per process and returns it (a ctypes.CDLL)."""
    global _lib
    with _lock:
        if _lib is None:
            lib = _find()
            _declare(lib)
            _lib = lib
        return _lib


def _find() -> Any:
    tried: list[str] = []
    env = os.environ.get(ENV_VAR)
    if env:
        path = os.path.join(env, SONAME) if os.path.isdir(env) else env
        try:
            return _open(path)
        except OSError as e:
            # An explicit choice is not silently replaced by another library.
            raise LibraryNotFoundError(f"{ENV_VAR}={env}: {e}") from None
    tried.append(f"{ENV_VAR}: not set")

    own, why = _package_copy()
    if own is not None:
        try:
            return _open(own)
        except OSError as e:
            tried.append(f"the package's own copy: {e}")
    else:
        tried.append(f"the package's own copy: {why}")

    libdir, why = _pkg_config_libdir()
    if libdir is not None:
        path = os.path.join(libdir, SONAME)
        try:
            return _open(path)
        except OSError as e:
            tried.append(f"pkg-config's libdir: {e}")
    else:
        tried.append(f"pkg-config: {why}")

    try:
        return _open(SONAME)
    except OSError as e:
        tried.append(f"the system loader: {e}")
    raise LibraryNotFoundError(
        "libopenai_ft could not be loaded; tried, in order:\n  - "
        + "\n  - ".join(tried)
        + "\nInstall the openai_ft wheel (it carries the library) or libopenai_ft, make pkg-config"
        f" find openai_ft.pc, or set {ENV_VAR} "
        f"to the path of {SONAME}."
    )
