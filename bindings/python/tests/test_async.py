"""AsyncClient: the Client's resources awaited and iterated from asyncio against
the emulator, calls running at once on the pool, and a cancelled task whose C
call is interrupted, the AsyncClient staying usable."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

import openai_ft
from conftest import Emulator, EmulatorFactory

MODEL = "gpt-4o-mini-2024-07-18"
R = TypeVar("R")


def run(coro: Coroutine[Any, Any, R]) -> R:
    return asyncio.run(coro)


def make_async(emu: Emulator, **kwargs: Any) -> openai_ft.AsyncClient:
    return openai_ft.AsyncClient(base_url=emu.url, api_key="sk-test", **kwargs)


def busy(client: openai_ft.AsyncClient) -> int:
    pool = client.sync_client._pool
    assert pool is not None
    return pool.stats()[1]


def test_jobs_files_models(emulator: Emulator, train_path: Path) -> None:
    async def main() -> None:
        async with make_async(emulator) as client:
            f = await client.files.upload(train_path)
            assert (await client.files.retrieve(f.id)).id == f.id
            assert f.id in [x.id async for x in client.files.list()]
            job = await client.jobs.create(model=MODEL, training_file=f.id, suffix="async")
            assert (await client.jobs.retrieve(job.id)).id == job.id
            seen: list[str] = []
            done = await client.jobs.wait(
                job.id, poll_interval=0.1, timeout=60,
                on_progress=lambda j, e: seen.append(j.status))
            assert done.status == "succeeded" and seen
            assert job.id in [j.id async for j in client.jobs.list(limit=2)]
            pager = await client.jobs.list_events(job.id, limit=3)  # awaited: an async iterator
            events = [e async for e in pager]
            assert events and all(isinstance(e, openai_ft.Event) for e in events)
            assert [e.id async for e in client.jobs.list_events(job.id, limit=3)] == [
                e.id for e in events]
            models = await client.models.list()
            assert any(m.id == done.fine_tuned_model for m in models.data)  # an SDK page
            assert (await client.models.retrieve(MODEL)).id == MODEL
            assert (await client.files.delete(f.id)).deleted
            with pytest.raises(openai_ft.NotFoundError):
                await client.jobs.retrieve("ftjob-nope")
            assert client.jobs is client.jobs  # the same mirror each time
            assert client.pool_size == 8 and not client.closed
        assert client.closed

    run(main())


def test_calls_run_at_once_on_the_pool(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--latency-ms", "2000", "--quiet")

    async def main() -> None:
        async with make_async(emu, pool_size=4) as client:
            calls = asyncio.gather(*(client.models.retrieve(MODEL) for _ in range(8)))
            most = 0
            while not calls.done():  # 8 calls of 2 s on 4 C clients: 4 at a time
                most = max(most, busy(client))
                await asyncio.sleep(0.01)
            assert [m.id for m in await calls] == [MODEL] * 8
            made, now_busy = client.sync_client._pool.stats()  # type: ignore[union-attr]
            assert most == 4 and made == 4 and now_busy == 0

    run(main())


@pytest.fixture
def slow(emu_factory: EmulatorFactory, train_path: Path) -> Iterator[tuple[Emulator, str]]:
    emu = emu_factory("--job-duration", "120", "--quiet")
    with openai_ft.Client(base_url=emu.url, api_key="sk-test") as c:
        job = c.jobs.create(model=MODEL, training_file=c.files.upload(train_path).id)
    yield emu, job.id


def test_a_cancelled_wait_is_interrupted_and_the_client_stays_usable(
    slow: tuple[Emulator, str],
) -> None:
    emu, job_id = slow

    async def main() -> None:
        async with make_async(emu, pool_size=1) as client:
            task = asyncio.create_task(client.jobs.wait(job_id, poll_interval=60))
            while busy(client) == 0:  # the wait is inside its C call
                await asyncio.sleep(0.01)
            start = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.monotonic() - start < 10  # not the minute of the poll
            assert busy(client) == 0  # the C call has ended: the cancel waited for it
            # The same C client (the pool has one), nothing left pending on it.
            job = await client.jobs.retrieve(job_id)
            assert job.id == job_id and not job.is_terminal
            assert (await client.jobs.cancel(job_id)).status == "cancelled"

    run(main())


def test_a_cancelled_iteration_is_interrupted(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--latency-ms", "30000", "--quiet")

    async def main() -> None:
        async with make_async(emu, pool_size=1) as client:

            async def walk() -> int:
                return len([f async for f in client.files.list()])

            task = asyncio.create_task(walk())
            while busy(client) == 0:  # the page fetch is in C (30 s)
                await asyncio.sleep(0.01)
            start = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.monotonic() - start < 10 and busy(client) == 0

    run(main())


def test_a_queued_call_cancelled_never_runs(slow: tuple[Emulator, str]) -> None:
    emu, job_id = slow

    async def main() -> None:
        async with make_async(emu, pool_size=1) as client:
            first = asyncio.create_task(client.jobs.wait(job_id, poll_interval=60))
            while busy(client) == 0:
                await asyncio.sleep(0.01)
            before = emu.count("POST", f"/v1/fine_tuning/jobs/{job_id}/cancel")
            queued = asyncio.create_task(client.jobs.cancel(job_id))  # no worker free
            await asyncio.sleep(0.2)
            queued.cancel()
            with pytest.raises(asyncio.CancelledError):
                await queued
            first.cancel()
            with pytest.raises(asyncio.CancelledError):
                await first
            assert not (await client.jobs.retrieve(job_id)).is_terminal
            assert emu.count("POST", f"/v1/fine_tuning/jobs/{job_id}/cancel") == before

    run(main())


class _Page:
    """A page shaped as the official SDK's (what the synchronous surface is
    being reshaped into), over a list of numbers."""

    def __init__(self, owner: _Numbers, start: int) -> None:
        self._owner = owner
        self.data = list(range(start, min(start + 2, 5)))
        self.has_more = start + 2 < 5
        self.start = start

    def has_next_page(self) -> bool:
        return self.has_more

    def get_next_page(self) -> _Page:
        return _Page(self._owner, self.start + 2)

    def __iter__(self) -> Iterator[int]:
        page: _Page | None = self
        while page is not None:
            yield from page.data
            page = page.get_next_page() if page.has_next_page() else None


class _Numbers:
    def __init__(self, client: openai_ft.Client) -> None:
        self._client = client

    def list(self) -> _Page:
        return _Page(self, 0)


class _Nested:
    """A namespace (``client.fine_tuning``): holds resources, not the client."""

    def __init__(self, client: openai_ft.Client) -> None:
        self.numbers = _Numbers(client)


def test_the_mirror_covers_an_sdk_shaped_tree(emulator: Emulator) -> None:
    async def main() -> None:
        async with make_async(emulator) as client:
            client.sync_client.nested = _Nested(client.sync_client)  # type: ignore[attr-defined]
            page = await client.nested.numbers.list()
            assert page.data == [0, 1] and page.has_more and page.has_next_page()
            second = await page.get_next_page()
            assert second.data == [2, 3]
            assert [n async for n in page] == [0, 1, 2, 3, 4]  # auto-paging
            assert [n async for n in client.nested.numbers.list()] == [0, 1, 2, 3, 4]

    run(main())


def test_ctrl_c_in_asyncio_run_interrupts_the_call(slow: tuple[Emulator, str]) -> None:
    # asyncio.run turns SIGINT into the main task's cancellation; the wait's C
    # call, on a worker thread, is interrupted, and KeyboardInterrupt follows.
    emu, job_id = slow
    client = make_async(emu)

    async def main() -> None:
        threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
        await client.jobs.wait(job_id, poll_interval=60)

    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        asyncio.run(main())
    assert time.monotonic() - start < 10
    assert busy(client) == 0
    assert not run(client.jobs.retrieve(job_id)).is_terminal
    run(client.close())
