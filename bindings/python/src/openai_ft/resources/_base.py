"""What every resource shares: its client, the per-call options of the SDK
(``timeout``, ``extra_headers``, ``extra_query``, ``extra_body``), one-object
calls and cursor pages.

A resource is a plain class holding its client; its methods call the C
library through the client. Nothing here is shared state: a resource may be
made for any client at any time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from ctypes import Structure
from typing import Any, ParamSpec, TypeVar

from .._convert import page_items
from .._errors import InvalidArgumentError
from .._fetch import fetch
from .._page import SyncCursorPage
from .._protocols import ClientProtocol
from .._response import APIResponse, Headers, capturing

R = TypeVar("R")
T = TypeVar("T")
P = ParamSpec("P")

#: Extra request headers, as the SDK's ``extra_headers``.
ExtraHeaders = Mapping[str, str]
#: Extra query parameters, as the SDK's ``extra_query``.
ExtraQuery = Mapping[str, object]
#: Extra JSON body members, as the SDK's ``extra_body``.
ExtraBody = Mapping[str, object]


class SyncAPIResource:
    """A resource of a client (``client.fine_tuning.jobs``, ``client.files``...)."""

    def __init__(self, client: ClientProtocol) -> None:
        self._client = client

    def _call(
        self,
        timeout: float | None,
        extra_headers: ExtraHeaders | None,
        extra_query: ExtraQuery | None,
        extra_body: ExtraBody | None,
    ) -> AbstractContextManager[ClientProtocol]:
        """Around one method: its calls take the per-call options (the C
        library's oft_client_set_call_options: extra_body is merged into the
        JSON body of a POST, ignored by a GET or DELETE, refused by an upload).
        With none given and none pending, the client as it is: the common
        call pays for no options struct and no generator."""
        client = self._client
        if (timeout is None and not extra_headers and not extra_query and not extra_body
                and client._pending_call_options() is None):
            return _Plain(client)
        return self._with_options(timeout, extra_headers, extra_query, extra_body)

    @contextmanager
    def _with_options(
        self,
        timeout: float | None,
        extra_headers: ExtraHeaders | None,
        extra_query: ExtraQuery | None,
        extra_body: ExtraBody | None,
    ) -> Iterator[ClientProtocol]:
        client = self._client
        opts = client._call_options(timeout, None, extra_headers, extra_query, extra_body)
        with client._with_call_options(opts):
            yield client


class _Plain(AbstractContextManager[ClientProtocol]):
    """The context of a call with no per-call options: the client itself."""

    __slots__ = ("_client",)

    def __init__(self, client: ClientProtocol) -> None:
        self._client = client

    def __enter__(self) -> ClientProtocol:
        return self._client

    def __exit__(self, *exc: object) -> None:
        return None


def cursor_page(
    client: ClientProtocol,
    fn: Callable[..., int],
    struct: type[Structure],
    free: Callable[[Any], None],
    convert: Callable[[Any], T],
    args: Callable[[str | None], tuple[Any, ...]],
    after: str | None,
) -> SyncCursorPage[T]:
    """One page of a list (fn: oft_*_list), its items converted; args(after)
    gives the call's arguments after the client for the page after `after`."""

    pending = client._pending_call_options()  # the next pages take them too

    def next_page(cursor: str) -> SyncCursorPage[T]:
        with client._with_call_options(pending):
            return cursor_page(client, fn, struct, free, convert, args, cursor)

    def page(p: Any) -> SyncCursorPage[T]:
        return SyncCursorPage(
            page_items(p, convert),
            bool(p.has_more),
            next_page,
            first_id=_s(p.first_id),
            last_id=_s(p.last_id),
            request_id=_s(p.request_id),
        )

    return fetch(client, fn, struct, free, page, *args(after))


def _s(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", "replace")


def to_raw_response_wrapper(fn: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """fn, returning the APIResponse of its call (headers, status) around its
    result rather than the result alone."""

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        with capturing() as seen:
            result = fn(*args, **kwargs)
        status, headers = seen[-1] if seen else (None, Headers())
        if "x-request-id" not in headers:
            rid = getattr(result, "request_id", None)
            if isinstance(rid, str):
                headers = Headers([*headers.items(), ("x-request-id", rid)])
        return APIResponse(result, status or 200, headers)

    return wrapped
