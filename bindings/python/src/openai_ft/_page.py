"""Pages as the official SDK has them: SyncCursorPage (jobs, events,
checkpoints, files) and SyncPage (models, a permission grant).

A page holds its ``data`` (converted at once: nothing borrowed from C stays);
``has_next_page()``/``get_next_page()`` fetch the next one with ``after`` set to
the last item's id, ``iter_pages()`` walks the pages, and iterating a page
walks every item of it and of the pages after it, fetching them as it goes
(memory: one page). A page can be iterated again: the walk starts over from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class SyncPage(Generic[T]):
    """A list the API does not page: ``data``, ``has_more`` (always False)."""

    __slots__ = ("data", "object")

    def __init__(self, data: list[T]) -> None:
        self.data = data
        self.object = "list"

    @property
    def has_more(self) -> bool:
        return False

    def has_next_page(self) -> bool:
        return False

    def get_next_page(self) -> SyncPage[T]:
        raise RuntimeError("No more pages; check has_next_page() first")

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        yield self

    def __iter__(self) -> Iterator[T]:
        return iter(self.data)

    def __repr__(self) -> str:
        return f"SyncPage(data=<{len(self.data)} items>)"


class SyncCursorPage(Generic[T]):
    """One page of a cursor-paged list; iterating it walks every later page too."""

    __slots__ = ("data", "has_more", "first_id", "last_id", "request_id", "_next")

    def __init__(
        self,
        data: list[T],
        has_more: bool,
        next_page: Callable[[str], SyncCursorPage[T]],
        *,
        first_id: str | None = None,
        last_id: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.data = data
        self.has_more = has_more
        self.first_id = first_id
        self.last_id = last_id
        self.request_id = request_id
        self._next = next_page  # fetches the page after the given item id

    @property
    def object(self) -> str:
        return "list"

    def _cursor(self) -> str | None:
        if self.data:
            last = getattr(self.data[-1], "id", None)
            if isinstance(last, str) and last:
                return last
        return None

    def has_next_page(self) -> bool:
        """As the SDK: more pages are announced, and this one has a last id."""
        return self.has_more and self._cursor() is not None

    def next_page_info(self) -> str | None:
        """The ``after`` cursor of the next page, or None."""
        return self._cursor() if self.has_more else None

    def get_next_page(self) -> SyncCursorPage[T]:
        cursor = self.next_page_info()
        if cursor is None:
            raise RuntimeError("No more pages; check has_next_page() first")
        return self._next(cursor)

    def iter_pages(self) -> Iterator[SyncCursorPage[T]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data

    # ---- what the first release's Pager, which files.list returned, also had ----

    def close(self) -> None:
        """Nothing to free (a page holds Python objects only); kept for the old Pager."""

    def __enter__(self) -> SyncCursorPage[T]:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SyncCursorPage(data=<{len(self.data)} items>, has_more={self.has_more})"
