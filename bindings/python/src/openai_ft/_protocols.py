"""What the modules below the client need of it, as Protocols.

The resources (resources/), the first release's resources (_legacy), the
Pager (_pager) and the metrics and watch calls (_metrics) make their C calls
through a client; they name it by these Protocols, never by importing
_client, which imports them to build its tree: calls go downward only (as
the C library's layers do). OpenAI satisfies them structurally, and mypy
checks it where the client hands itself to a resource.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from . import _ffi


class CallProtocol(Protocol):
    """One blocking call on a C client of the pool (OpenAI._calling())."""

    #: The C client the call runs on (an oft_client *).
    ptr: int
    #: The call's status, once known.
    rc: int

    def check(self, rc: int) -> None:
        """Raises for a failed status: the callback's exception, else the C error."""
        ...


class ClientProtocol(Protocol):
    """What a resource uses of its client: the library, the calling
    machinery, the per-call options and the iterators still open."""

    #: The ctypes library (its functions declared by _ffi).
    lib: Any
    #: The iterators open on the client (closed with it).
    _open: weakref.WeakSet[Any]

    @property
    def _callback_error(self) -> BaseException | None:
        """The first exception a callback of this thread's call raised."""
        ...

    def _calling(self, want: int | None = None) -> AbstractContextManager[CallProtocol]:
        """One call on a C client of the pool (on `want` when given)."""
        ...

    def _callback(self, fn: Callable[..., object]) -> Callable[..., int]:
        """fn wrapped for C: an exception stops the operation and is raised
        by the call once C returns."""
        ...

    def _call_options(
        self,
        timeout: float | None,
        max_retries: int | None,
        headers: Mapping[str, str] | None,
        query: Mapping[str, object] | None,
        body: Mapping[str, object] | None = None,
    ) -> _ffi.CallOptions | None:
        """The C call options for these per-call options (None: none given)."""
        ...

    def _pending_call_options(self) -> _ffi.CallOptions | None:
        """The per-call options the next call of this thread takes."""
        ...

    def _with_call_options(
        self, opts: _ffi.CallOptions | None
    ) -> AbstractContextManager[ClientProtocol]:
        """The calls this thread makes on this client inside take opts."""
        ...
