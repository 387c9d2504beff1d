"""AsyncOpenAI (and AsyncClient): the client's surface for asyncio,
mirrored, not rewritten.

    async with openai_ft.AsyncOpenAI() as client:
        job = await client.fine_tuning.jobs.retrieve("ftjob-...")
        async for event in client.fine_tuning.jobs.list_events(job.id):
            print(event.message)

AsyncOpenAI is the official SDK's name and shape, statically typed by
_async_types (generated from the sync resources); AsyncClient is the same
mirror with every attribute Any.

An AsyncClient holds a Client (its pool of C clients) and as many worker
threads as the pool has C clients. Whatever the synchronous client offers, it
offers, by one rule applied at each attribute access:

 - a sub-resource (an object holding the Client: ``client.jobs``, or a deeper
   one such as ``client.fine_tuning.jobs``) is mirrored in turn;
 - a method returns a coroutine (a task can be made of it): awaiting it runs
   the synchronous method in a worker thread, on a C client of the pool, and
   gives its result, mirrored: an iterator (a Pager...) becomes an async
   iterator (one hop to a worker per page, not per item), a page object
   (``.data``, ``.has_next_page()``, an awaitable ``.get_next_page()``) stays
   a page whose methods are mirrored;
 - except a list method (``list``, ``list_*``, ``iter_pages``, and
   ``metrics``, whose iterator is lazy), which returns,
   as the official SDK's AsyncPaginator, what can be awaited or iterated at
   once (``async for x in client.jobs.list()``);
 - anything else (a str, a Job, a list) is returned as it is.

Cancelling the task that awaits a call interrupts that call's C call
(oft_client_interrupt on the C client running it; a call not started yet is
not started) and returns when it has ended, leaving the client usable.
Callbacks (a wait's on_progress, an upload's progress) run on the worker
thread, not in the event loop.
"""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator, Callable, Generator, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from ._client import DEFAULT_POOL_SIZE, Cancellation, Client, LogCallback
from ._pager import Pager

if TYPE_CHECKING:
    from . import _async_types as _t

R = TypeVar("R")

# Methods that stay synchronous in the mirror, as in the official SDK's async
# client and pages: they make no request (or, for interrupt, must not wait).
SYNC_METHODS = frozenset({"interrupt", "with_options", "copy", "has_next_page",
                          "next_page_info"})
LIST_METHODS = frozenset({"list", "iter_pages", "metrics"})
BATCH = 100  # items taken per hop from an iterator that is not a Pager


class _Runner:
    """The worker threads of an AsyncClient, and how a call crosses to them."""

    def __init__(self, size: int) -> None:
        self.executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="openai_ft-async")

    async def run(self, fn: Callable[[], R]) -> R:
        """fn() in a worker; a cancelled task interrupts the C call it is in
        and waits for it to end before CancelledError goes on."""
        cancellation = Cancellation()

        def work() -> R:
            with cancellation.current():
                return fn()

        started = self.executor.submit(work)
        fut = asyncio.wrap_future(started)
        try:
            return await asyncio.shield(fut)
        except asyncio.CancelledError:
            cancellation.cancel()
            if not started.cancel():  # running (one not started never starts)
                await asyncio.wait([fut])  # interrupted: it ends promptly
                if not fut.cancelled():
                    fut.exception()  # retrieved: the task's outcome is its cancellation
            raise


def _holds_client(value: object) -> bool:
    return any(isinstance(v, Client) for v in getattr(value, "__dict__", {}).values())


def _is_resource(value: object) -> bool:
    """An object holding the Client (a resource), or holding such objects only
    (a namespace such as ``client.fine_tuning``)."""
    if isinstance(value, Pager) or not hasattr(value, "__dict__"):
        return False
    if _holds_client(value):
        return True
    attrs = list(vars(value).values())
    return bool(attrs) and all(_holds_client(v) for v in attrs)


def _is_page(value: object) -> bool:
    return callable(getattr(value, "has_next_page", None))


def mirror(value: Any, runner: _Runner) -> Any:
    """A result or attribute of the synchronous surface, made async where it blocks."""
    if isinstance(value, Client):
        return AsyncClient._of(value, runner)
    if isinstance(value, Iterator) and not isinstance(value, (str, bytes)):
        return AsyncIter(value, runner)
    if _is_resource(value) or _is_page(value):
        return AsyncMirror(value, runner)
    return value


class AsyncCall:
    """A method call of the mirror: ``await`` it for its result, or ``async
    for`` over it when the result is iterable."""

    __slots__ = ("_fn", "_args", "_kwargs", "_runner")

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                 runner: _Runner) -> None:
        self._fn, self._args, self._kwargs, self._runner = fn, args, kwargs, runner

    async def _result(self) -> Any:
        out = await self._runner.run(lambda: self._fn(*self._args, **self._kwargs))
        return mirror(out, self._runner)

    def __await__(self) -> Generator[Any, None, Any]:
        return self._result().__await__()

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._items()

    async def _items(self) -> AsyncIterator[Any]:
        result = await self._result()
        if hasattr(result, "__aiter__"):
            async for item in result:
                yield item
        else:
            for item in result:
                yield item


class AsyncMirror:
    """The async mirror of a resource (or a page) of the synchronous client."""

    def __init__(self, target: Any, runner: _Runner) -> None:
        self._target = target
        self._runner = runner
        self._children: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        child = self._children.get(name)
        if child is not None:
            return child
        value = getattr(self._target, name)
        if callable(value) and not isinstance(value, type):
            fn: Callable[..., Any] = value
            runner = self._runner
            if name in SYNC_METHODS:
                def call_now(*args: Any, **kwargs: Any) -> Any:
                    return mirror(fn(*args, **kwargs), runner)

                return call_now

            if name in LIST_METHODS or name.startswith("list_"):
                def call_list(*args: Any, **kwargs: Any) -> AsyncCall:
                    return AsyncCall(fn, args, kwargs, runner)

                return call_list

            async def call(*args: Any, **kwargs: Any) -> Any:
                return await AsyncCall(fn, args, kwargs, runner)

            return call
        mirrored = mirror(value, self._runner)
        if isinstance(mirrored, AsyncMirror):
            self._children[name] = mirrored  # the same sub-resource each time
        return mirrored

    def __aiter__(self) -> AsyncIter:
        """Every item, over every page (a page object's auto-paging)."""
        return AsyncIter(iter(self._target), self._runner)

    def __repr__(self) -> str:
        return f"<async {self._target!r}>"


class AsyncIter:
    """An async iterator over a synchronous one: each hop to a worker takes a
    page's worth of items (all those of a Pager's page, or up to BATCH)."""

    def __init__(self, it: Iterator[Any], runner: _Runner) -> None:
        self._it = it
        self._runner = runner
        self._buf: collections.deque[Any] = collections.deque()
        self._error: BaseException | None = None
        self._done = False
        self._plain = isinstance(it, Pager)  # its items are data: nothing to mirror

    def __aiter__(self) -> AsyncIter:
        return self

    async def __anext__(self) -> Any:
        if not self._buf:
            if self._error is not None:
                err, self._error = self._error, None
                raise err
            if self._done:
                raise StopAsyncIteration
            batch = await self._runner.run(self._take)
            if not batch:
                self._done = True
                raise StopAsyncIteration
            self._buf.extend(batch)
        item = self._buf.popleft()
        return item if self._plain else mirror(item, self._runner)

    def _take(self) -> list[Any]:
        if isinstance(self._it, Pager):
            return self._it._take_page()
        items: list[Any] = []
        try:
            for _ in range(BATCH):
                items.append(next(self._it))
        except StopIteration:
            self._done = True
        except Exception as e:  # raised once the items before it are out
            if not items:
                raise
            self._error = e
        return items

    async def aclose(self) -> None:
        """Frees what the iterator holds (a Pager's page)."""
        close = getattr(self._it, "close", None)
        if close is not None:
            close()

    async def __aenter__(self) -> AsyncIter:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class AsyncClient(AsyncMirror):
    """A client of the fine-tuning API for asyncio: the Client's resources,
    with every call awaitable and cancellable. Takes the Client's arguments
    (pool_size is also the number of calls that run at once)."""

    def __init__(self, **options: Any) -> None:
        client = Client(**options)
        super().__init__(client, _Runner(client.pool_size))
        self._owner = True

    @classmethod
    def _of(cls, client: Client, runner: _Runner) -> AsyncClient:
        """The mirror of a client derived from ours (with_options...), sharing its workers."""
        self = cls.__new__(cls)
        AsyncMirror.__init__(self, client, runner)
        self._owner = False
        return self

    @property
    def sync_client(self) -> Client:
        """The synchronous Client behind (the same pool of C clients)."""
        client: Client = self._target
        return client

    async def close(self) -> None:
        """Frees the C clients and stops the worker threads. Idempotent."""
        self._target.close()
        if self._owner:
            self._runner.executor.shutdown(wait=False, cancel_futures=True)

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class AsyncOpenAI(AsyncClient):
    """The official SDK's ``AsyncOpenAI``: ``OpenAI``'s arguments and tree
    (``client.fine_tuning.jobs``, ``files``, ``uploads``, ``models``,
    ``with_raw_response``), every request awaitable and cancellable.

        async with AsyncOpenAI() as client:
            job = await client.fine_tuning.jobs.create(model=..., training_file=...)
            async for event in client.fine_tuning.jobs.list_events(job.id):
                print(event.message)

    At run time the tree is the AsyncClient's mirror of OpenAI's; its static
    types (_async_types, generated from OpenAI's resources) give each method
    the synchronous one's parameters and an awaitable result (a list method:
    an AsyncPaginator), so mypy checks a user's async code as their sync code.
    """

    # Annotations only (no class attributes): AsyncMirror.__getattr__ makes them.
    fine_tuning: _t.AsyncFineTuning
    files: _t.AsyncFiles
    uploads: _t.AsyncUploads
    models: _t.AsyncModels
    with_raw_response: _t.AsyncOpenAIWithRawResponse

    def __init__(
        self,
        *,
        api_key: str | None = None,
        admin_key: str | None = None,
        admin_api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        initial_retry_delay: float | None = None,
        max_retry_delay: float | None = None,
        retry_after_cap: float | None = None,
        default_headers: Mapping[str, str] | None = None,
        user_agent_suffix: str | None = None,
        ca_file: str | None = None,
        ca_path: str | None = None,
        log: LogCallback | None = None,
        log_level: int | str | None = None,
        idempotency_keys: bool = False,
        max_response_bytes: int | None = None,
        pool_size: int = DEFAULT_POOL_SIZE,
    ) -> None:
        super().__init__(
            api_key=api_key, admin_key=admin_key, admin_api_key=admin_api_key,
            organization=organization, project=project, base_url=base_url, timeout=timeout,
            connect_timeout=connect_timeout, max_retries=max_retries,
            initial_retry_delay=initial_retry_delay, max_retry_delay=max_retry_delay,
            retry_after_cap=retry_after_cap, default_headers=default_headers,
            user_agent_suffix=user_agent_suffix, ca_file=ca_file, ca_path=ca_path, log=log,
            log_level=log_level, idempotency_keys=idempotency_keys,
            max_response_bytes=max_response_bytes, pool_size=pool_size)

    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        **options: Any,
    ) -> AsyncOpenAI:
        """A new client with these options changed (OpenAI.with_options), on
        this one's worker threads."""
        client = self.sync_client.with_options(
            timeout=timeout, max_retries=max_retries, default_headers=default_headers,
            base_url=base_url, api_key=api_key, **options)
        out = AsyncOpenAI.__new__(AsyncOpenAI)
        AsyncMirror.__init__(out, client, self._runner)
        out._owner = False
        return out

    copy = with_options

    async def __aenter__(self) -> AsyncOpenAI:
        return self
