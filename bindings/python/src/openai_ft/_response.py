"""What a response carries beside its object: its headers and status, as the
SDK's ``with_raw_response`` hands them out (``APIResponse``), and as an
``APIStatusError`` keeps them (``Response``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Generic, TypeVar

R = TypeVar("R")

_tls = threading.local()


def raw_capture() -> list[tuple[int | None, Headers]] | None:
    """Where the calls of this thread put their response's status and headers
    while a with_raw_response method runs, else None."""
    slot: list[tuple[int | None, Headers]] | None = getattr(_tls, "capture", None)
    return slot


@contextmanager
def capturing() -> Iterator[list[tuple[int | None, Headers]]]:
    outer = getattr(_tls, "capture", None)
    slot: list[tuple[int | None, Headers]] = []
    _tls.capture = slot
    try:
        yield slot
    finally:
        _tls.capture = outer


class Headers(Mapping[str, str]):
    """Response headers, read-only, with case-insensitive names (as httpx's).
    A header sent more than once keeps its values joined by ", "."""

    __slots__ = ("_items",)

    def __init__(self, pairs: Mapping[str, str] | list[tuple[str, str]] | None = None) -> None:
        self._items: dict[str, tuple[str, str]] = {}
        items = pairs.items() if isinstance(pairs, Mapping) else (pairs or [])
        for name, value in items:
            key = name.lower()
            if key in self._items:
                value = self._items[key][1] + ", " + value
            self._items[key] = (name, value)

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


def parse_header_block(block: str | None) -> tuple[int | None, Headers]:
    """The status and headers of a raw header block ("HTTP/1.1 200 OK\\r\\n
    Name: value\\r\\n..."); (None, empty) when there is none."""
    if not block:
        return None, Headers()
    status: int | None = None
    pairs: list[tuple[str, str]] = []
    for line in block.splitlines():
        if line.startswith("HTTP/"):
            parts = line.split()
            status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            pairs = []  # an interim answer's headers (100 Continue) are not the answer's
        elif ":" in line:
            name, _, value = line.partition(":")
            pairs.append((name.strip(), value.strip()))
    return status, Headers(pairs)


class Response:
    """The HTTP response of a failed call (``APIStatusError.response``)."""

    __slots__ = ("status_code", "headers")

    def __init__(self, status_code: int, headers: Headers) -> None:
        self.status_code = status_code
        self.headers = headers

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


class APIResponse(Generic[R]):
    """What ``with_raw_response.<method>(...)`` returns: the response's
    ``headers`` (``x-request-id``, ``x-ratelimit-*``...), ``status_code``,
    ``request_id``, and ``parse()``, the object the plain method returns."""

    __slots__ = ("_parsed", "status_code", "headers")

    def __init__(self, parsed: R, status_code: int, headers: Headers) -> None:
        self._parsed = parsed
        self.status_code = status_code
        self.headers = headers

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-request-id")

    def parse(self) -> R:
        return self._parsed

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {type(self._parsed).__name__}>"

