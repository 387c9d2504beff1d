"""The static types of AsyncOpenAI's pages, as the official SDK names them
(AsyncCursorPage, AsyncPage, AsyncPaginator). Protocols only: at run time a
page is the mirror (_async.AsyncMirror) of a SyncCursorPage or SyncPage, and
a list call an _async.AsyncCall."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Generator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
P_co = TypeVar("P_co", covariant=True)


class AsyncPage(Protocol[T]):
    """A page without a cursor (models.list, permissions.retrieve)."""

    data: list[T]
    object: str

    @property
    def has_more(self) -> bool: ...

    def has_next_page(self) -> bool: ...

    async def get_next_page(self) -> AsyncPage[T]: ...

    def iter_pages(self) -> AsyncIterable[AsyncPage[T]]: ...

    def __aiter__(self) -> AsyncIterator[T]: ...


class AsyncCursorPage(Protocol[T]):
    """A page of a cursor list (jobs.list, list_events, checkpoints.list...)."""

    data: list[T]
    has_more: bool
    first_id: str | None
    last_id: str | None

    @property
    def object(self) -> str: ...

    def has_next_page(self) -> bool: ...

    def next_page_info(self) -> str | None: ...

    async def get_next_page(self) -> AsyncCursorPage[T]: ...

    def iter_pages(self) -> AsyncIterable[AsyncCursorPage[T]]: ...

    def __aiter__(self) -> AsyncIterator[T]: ...


class AsyncPaginator(Protocol[T_co, P_co]):
    """What a list method returns: ``await`` it for the first page, or
    ``async for`` over it for every item of every page."""

    def __await__(self) -> Generator[Any, None, P_co]: ...

    def __aiter__(self) -> AsyncIterator[T_co]: ...
