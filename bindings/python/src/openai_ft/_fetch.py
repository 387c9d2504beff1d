"""One C call that returns one owned struct, shared by the resources of
both client shapes (``resources/`` and ``_legacy``)."""

from __future__ import annotations

from collections.abc import Callable
from ctypes import POINTER, Structure, byref
from typing import Any, TypeVar

from ._protocols import ClientProtocol

R = TypeVar("R")


def fetch(
    client: ClientProtocol,
    fn: Callable[..., int],
    struct: type[Structure],
    free: Callable[[Any], None],
    convert: Callable[[Any], R],
    *args: Any,
) -> R:
    """One call returning one owned struct: converted, then always freed."""
    out = POINTER(struct)()
    try:
        with client._calling() as call:
            call.check(fn(byref(out), call.ptr, *args))
            return convert(out.contents)
    finally:
        free(out)  # also when a Ctrl-C lands right after the call
