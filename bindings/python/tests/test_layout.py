"""Every ctypes Structure of the package has the layout of the C struct it
mirrors: the same members, in order, at the same offsets, of the same sizes,
and the same total size, as libabigail reads them from the library's DWARF."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from openai_ft import _ffi, _metrics

LIB = os.environ["OPENAI_FT_LIBRARY"]
REPO = Path(__file__).resolve().parents[3]
# Every mirror: _ffi's and those of the modules that keep their own.
C_NAMES = {**_ffi.C_NAMES, **_metrics.C_NAMES}


class Abi:
    """The types of an abidw corpus, by id."""

    def __init__(self, root: ET.Element) -> None:
        self.by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
        self.structs = {
            e.get("name", ""): e
            for e in root.iter("class-decl")
            if e.get("is-declaration-only") != "yes" and e.get("size-in-bits")
        }

    def bits(self, type_id: str | None) -> int:
        e = self.by_id[type_id]
        if e.get("size-in-bits"):
            return int(e.get("size-in-bits", "0"))
        if e.tag in ("typedef-decl", "qualified-type-def"):
            return self.bits(e.get("type-id"))
        if e.tag == "enum-decl":
            return self.bits(e.find("underlying-type").get("type-id"))  # type: ignore[union-attr]
        raise AssertionError(f"no size for {e.tag} {e.attrib}")


@pytest.fixture(scope="module")
def abi() -> Abi:
    abidw = shutil.which("abidw")
    assert abidw, "abidw (Debian's abigail-tools) is needed: scripts/deps installs it"
    out = subprocess.run(
        [abidw, "--drop-private-types", "--headers-dir", str(REPO / "include" / "openai_ft"),
         "--headers-dir", str(Path(LIB).parent.parent / "include" / "openai_ft"), LIB],
        capture_output=True, text=True, check=True, timeout=120,
    )
    return Abi(ET.fromstring(out.stdout))


@pytest.mark.parametrize("c_name", sorted(C_NAMES))
def test_layout(abi: Abi, c_name: str) -> None:
    struct = C_NAMES[c_name]
    decl = abi.structs.get(c_name)
    assert decl is not None, f"{c_name} is not in the library's ABI"
    c_members = [
        (m.find("var-decl").get("name"), int(m.get("layout-offset-in-bits", "0")),  # type: ignore[union-attr]
         abi.bits(m.find("var-decl").get("type-id")))  # type: ignore[union-attr]
        for m in decl.findall("data-member")
    ]
    py_members = [
        (name, getattr(struct, name).offset * 8, getattr(struct, name).size * 8)
        for name, *_ in struct._fields_
    ]
    assert py_members == c_members
    assert ctypes.sizeof(struct) * 8 == int(decl.get("size-in-bits", "0"))


def test_every_returned_struct_is_mirrored(abi: Abi) -> None:
    # The structs the package reads or fills, and the ones it does not use.
    unused = {"oft_allocator", "oft_buf"}
    public = {n for n in abi.structs if n.startswith("oft_") and not n.startswith("oft__")}
    assert public - unused == set(C_NAMES)


def test_one_delete_result(abi: Abi) -> None:
    # Every delete returns an oft_deleted (issue 8; its layout is checked by
    # test_layout), freed by oft_deleted_free: the three types it replaced are
    # gone from the library and the package names none of their functions.
    gone = ("oft_file_delete_result", "oft_model_delete_result",
            "oft_checkpoint_permission_deleted")
    assert not [n for n in gone if n in abi.structs]
    assert not [n for n in _ffi.PROTOTYPES if n.startswith(gone)]
    lib = ctypes.CDLL(LIB)
    assert hasattr(lib, "oft_deleted_free")
    assert not [n for n in gone if hasattr(lib, n + "_free")]
