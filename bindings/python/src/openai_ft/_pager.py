"""Lazy iterators over the list endpoints, one page in memory at a time.

A Pager fetches a page with one oft_X_list call. That is the only call that
blocks, so it is the only one made through Client._calling() (a C client of
the pool, Ctrl-C armed, errors raised). The page's items are then handed out
with no C call and no signal handling: an item costs an index and its
conversion into a dataclass. The C page is freed once its last item is out,
on close() (or ``with``), or when the Pager is collected; a Client's close()
only stops it (a page stays valid after its client is freed, and another
thread may be converting its items). Nothing is fetched before the first
next(); a failed fetch raises, and calling next() again retries it. Between
pages the Pager holds no C client, so an open Pager does not hold on to one
of the pool's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from ctypes import POINTER, Structure, byref
from typing import Any, Generic, TypeVar

from . import _ffi
from ._errors import APIResponseValidationError
from ._protocols import ClientProtocol as Client

T = TypeVar("T")

# The list call behind each iterator the resources name: (oft_X_list,
# oft_X_page_free, the page struct, whether the next page's cursor is the
# page's last_id rather than its last item's id).
_PAGED: dict[str, tuple[str, str, type[Structure], bool]] = {
    "oft_job_iter_new": ("oft_job_list", "oft_job_page_free", _ffi.JobPage, False),
    "oft_event_iter_new": ("oft_event_list", "oft_event_page_free", _ffi.EventPage, False),
    "oft_checkpoint_iter_new": (
        "oft_checkpoint_list", "oft_checkpoint_page_free", _ffi.CheckpointPage, False),
    "oft_file_iter_new": ("oft_file_list", "oft_file_page_free", _ffi.FilePage, False),
    "oft_checkpoint_permission_iter_new": (
        "oft_checkpoint_permission_list", "oft_checkpoint_permission_page_free",
        _ffi.PermissionPage, True),
}


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
        """The Pager of the list an oft_X_iter_new(args) would walk (the
        resources name the iterator; the Pager makes the page calls)."""
        name: str = getattr(new, "__name__", "")
        list_name, free_name, page, last_id = _PAGED[name]
        lib = client.lib
        self._setup(client, getattr(lib, list_name), args, getattr(lib, free_name), page,
                    convert, last_id)

    @classmethod
    def of_pages(
        cls,
        client: Client,
        list_fn: Callable[..., int],
        args: tuple[Any, ...],
        page_free: Callable[[Any], None],
        page: type[Structure],
        convert: Callable[[Any], T],
        *,
        cursor_is_last_id: bool = False,
    ) -> Pager[T]:
        """A Pager over list_fn(&page, client, *args), whose last argument is
        byref(options with an ``after`` member): the cursor goes there."""
        self: Pager[T] = cls.__new__(cls)
        self._setup(client, list_fn, args, page_free, page, convert, cursor_is_last_id)
        return self

    def _setup(
        self,
        client: Client,
        list_fn: Callable[..., int],
        args: tuple[Any, ...],
        page_free: Callable[[Any], None],
        page: type[Structure],
        convert: Callable[[Any], T],
        cursor_is_last_id: bool,
    ) -> None:
        self._client = client
        self._list = list_fn
        self._args = args  # the options struct stays alive as long as the Pager
        self._options: Any = args[-1]._obj  # byref(options): where the cursor goes
        self._page_free = page_free
        self._page_type = page
        self._convert = convert
        self._cursor_is_last_id = cursor_is_last_id
        self._page: Any = None  # the C page whose items are being handed out
        self._items: Any = None
        self._i = 0
        self._n = 0
        self._last = False  # the page held is the last one
        self._done = False
        client._open.add(self)

    def __iter__(self) -> Pager[T]:
        return self

    def __next__(self) -> T:
        i = self._i
        if i < self._n:
            self._i = i + 1
            return self._convert(self._items[i].contents)
        return self._next_page()

    def _take_page(self) -> list[T]:
        """The items left of the page held, after fetching the next page when
        none are left; [] at the end (the AsyncClient's one hop per page)."""
        try:
            first = self.__next__()
        except StopIteration:
            return []
        items, convert = self._items, self._convert
        rest = [convert(items[i].contents) for i in range(self._i, self._n)]
        self._i = self._n
        return [first, *rest]

    def _next_page(self) -> T:
        """Frees the page handed out and fetches the next one (or ends)."""
        self._drop_page()
        if self._last or self._done:
            self.close()
            raise StopIteration
        out = POINTER(self._page_type)()
        try:
            with self._client._calling() as call:
                call.check(self._list(byref(out), call.ptr, *self._args))
            page = out.contents
            after = self._options.after
            cursor = self._cursor(page)
            if page.has_more:
                if page.count == 0:
                    raise APIResponseValidationError(
                        "list: the server sent an empty page with has_more true (after "
                        f"{(after or b'the start').decode()}); stopping",
                        oft_status=_ffi.EPARSE)
                if after is not None and cursor == after:
                    raise APIResponseValidationError(
                        f"list: the server repeated the page cursor {after.decode()} "
                        "(has_more true); stopping", oft_status=_ffi.EPARSE)
        except BaseException:
            self._page_free(out)  # also when Ctrl-C lands right after the call
            raise
        self._page, self._items, self._n, self._i = out, page.items, page.count, 0
        self._last = not page.has_more or not cursor
        if not self._last:
            self._options.after = cursor
        return self.__next__()

    def _cursor(self, page: Any) -> bytes | None:
        if self._cursor_is_last_id:
            last: bytes | None = page.last_id
            return last
        if page.count == 0:
            return None
        item_id: bytes | None = page.items[page.count - 1].contents.id
        return item_id

    def _drop_page(self) -> None:
        page, self._page = self._page, None
        self._items, self._n, self._i = None, 0, 0
        if page is not None:
            self._page_free(page)

    def _client_closed(self) -> None:
        """Its Client closed (maybe on another thread): no more items. The page
        (valid after its client is freed) is freed on this Pager's next call
        or collection, never under the feet of a thread converting its items."""
        self._done = True
        self._n = 0

    def close(self) -> None:
        """Frees the page held; the iterator is then exhausted."""
        self._done = True
        self._drop_page()

    def __enter__(self) -> Pager[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        if hasattr(self, "_done"):
            self.close()
