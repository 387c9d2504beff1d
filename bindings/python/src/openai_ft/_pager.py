"""Lazy iterators over the list endpoints, one page in memory at a time.

Each wraps an oft_*_iter. The item the C iterator hands out is borrowed until
its next call, so it is copied into a dataclass at once. Nothing is fetched
before the first next(); the C iterator is freed at the end, on close() (or
``with``), when the Client closes, or when the iterator is collected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from ctypes import POINTER, Structure, byref, c_void_p
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from . import _ffi

if TYPE_CHECKING:
    from ._client import OpenAI as Client

T = TypeVar("T")


class Pager(Generic[T], Iterator[T]):
    """An iterator over every item of a list, fetching pages as it goes."""

    def __init__(
        self,
        client: Client,
        new: Callable[..., int],
        args: tuple[Any, ...],
        next_fn: Callable[..., int],
        free: Callable[[Any], None],
        struct: type[Structure],
        convert: Callable[[Any], T],
    ) -> None:
        self._client = client
        self._new = new
        self._args = args  # the options struct stays alive as long as the iterator
        self._next = next_fn
        self._free = free
        self._struct = struct
        self._convert = convert
        self._it = c_void_p()
        self._done = False
        client._open.add(self)

    def __iter__(self) -> Pager[T]:
        return self

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        out = POINTER(self._struct)()
        with self._client._calling() as call:
            if not self._it:
                call.check(self._new(byref(self._it), call.ptr, *self._args))
            rc = self._next(byref(out), self._it)
            if rc == _ffi.ITEROVER:
                call.check(_ffi.OK)
                self.close()
                raise StopIteration
            # A failed page fetch raises; calling next() again retries it.
            call.check(rc)
            return self._convert(out.contents)

    def close(self) -> None:
        """Frees the C iterator; the iterator is then exhausted."""
        self._done = True
        if self._it:
            it, self._it = self._it, c_void_p()
            self._free(it)

    def __enter__(self) -> Pager[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()
