"""Threads: many clients at once; one client shared by many threads through its
pool of C clients (bounded, made as needed, freed on close); the GIL released
during C calls."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import openai_ft
from conftest import Emulator, EmulatorFactory, make_client

MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture(scope="module")
def slow_job(emu_factory: EmulatorFactory, train_path: Path) -> tuple[Emulator, str]:
    """A job that stays running for a minute."""
    emu = emu_factory("--job-duration", "60", "--quiet")
    with make_client(emu) as c:
        job = c.jobs.create(model=MODEL, training_file=c.files.upload(train_path).id)
        return emu, job.id


def test_many_threads_each_with_its_own_client(
    emulator: Emulator, finished_job: openai_ft.Job
) -> None:
    errors: list[BaseException] = []
    counts: list[int] = []

    def work() -> None:
        try:
            with make_client(emulator) as c:
                n = 0
                for _ in range(50):
                    assert c.jobs.retrieve(finished_job.id).status == "succeeded"
                    n += 1
                n += sum(1 for _ in c.jobs.list_events(finished_job.id, limit=20))
                counts.append(n)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert len(counts) == 8 and len(set(counts)) == 1


def test_one_client_shared_by_many_threads(
    emulator: Emulator, finished_job: openai_ft.Job
) -> None:
    # Each call takes one of the pool's C clients: 8 threads, a pool of 3.
    errors: list[BaseException] = []
    counts: list[int] = []
    with make_client(emulator, pool_size=3) as c:

        def work() -> None:
            try:
                n = 0
                for _ in range(30):
                    assert c.jobs.retrieve(finished_job.id).status == "succeeded"
                    n += 1
                n += sum(1 for _ in c.jobs.list_events(finished_job.id, limit=5))
                counts.append(n)
            except BaseException as e:
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        made, busy = c._pool.stats()  # type: ignore[union-attr]
        assert errors == []
        assert len(counts) == 8 and len(set(counts)) == 1
        assert 1 <= made <= 3 and busy == 0  # bounded, and every one given back
    assert c.closed and c._pool.stats() == (0, 0)  # type: ignore[union-attr]
    with pytest.raises(openai_ft.OpenAIFTError, match="closed"):
        c.jobs.retrieve(finished_job.id)


def test_c_clients_are_made_only_when_needed(emulator: Emulator, finished_job: openai_ft.Job) -> None:
    with make_client(emulator) as c:
        for _ in range(20):  # one thread: the one C client, over and over
            c.jobs.retrieve(finished_job.id)
        assert c.pool_size == 8 and c._pool.stats() == (1, 0)  # type: ignore[union-attr]
    with pytest.raises(openai_ft.InvalidArgumentError, match="pool_size"):
        make_client(emulator, pool_size=0)


def test_a_second_thread_runs_while_the_first_waits(slow_job: tuple[Emulator, str]) -> None:
    emu, job_id = slow_job
    inside = threading.Event()
    release = threading.Event()
    outcome: list[BaseException] = []

    class Done(Exception):
        pass

    with make_client(emu, pool_size=2) as c:

        def on_progress(job: openai_ft.Job, event: openai_ft.Event | None) -> None:
            inside.set()
            release.wait(30)
            raise Done()

        def waiter() -> None:
            try:
                c.jobs.wait(job_id, on_progress=on_progress, poll_interval=0.1)
            except BaseException as e:
                outcome.append(e)

        t = threading.Thread(target=waiter, name="the-waiter")
        t.start()
        assert inside.wait(30)
        assert not c.jobs.retrieve(job_id).is_terminal  # on the pool's second C client
        assert c._pool.stats() == (2, 1)  # type: ignore[union-attr]
        release.set()
        t.join(30)
        assert len(outcome) == 1 and isinstance(outcome[0], Done)


def test_a_full_pool_makes_a_thread_wait(slow_job: tuple[Emulator, str]) -> None:
    emu, job_id = slow_job
    inside = threading.Event()
    release = threading.Event()
    done: list[str] = []

    with make_client(emu, pool_size=1) as c:

        def on_progress(job: openai_ft.Job, event: openai_ft.Event | None) -> None:
            inside.set()
            release.wait(30)
            raise StopIteration

        def waiter() -> None:
            with pytest.raises(StopIteration):
                c.jobs.wait(job_id, on_progress=on_progress, poll_interval=0.1)

        def second() -> None:
            done.append(c.jobs.retrieve(job_id).id)

        t = threading.Thread(target=waiter)
        t.start()
        assert inside.wait(30)
        t2 = threading.Thread(target=second)
        t2.start()
        t2.join(0.5)
        assert t2.is_alive() and not done  # waiting for the one C client
        release.set()
        t.join(30)
        t2.join(30)
        assert done == [job_id]


def test_interrupt_stops_the_calls_of_every_thread(slow_job: tuple[Emulator, str]) -> None:
    emu, job_id = slow_job
    outcome: list[BaseException] = []
    with make_client(emu) as c:

        def waiter() -> None:
            try:
                c.jobs.wait(job_id, poll_interval=60)
            except BaseException as e:
                outcome.append(e)

        threads = [threading.Thread(target=waiter) for _ in range(3)]
        for t in threads:
            t.start()
        while c._pool.stats()[1] < 3:  # type: ignore[union-attr]
            time.sleep(0.01)
        c.interrupt()
        for t in threads:
            t.join(30)
        assert len(outcome) == 3
        assert all(isinstance(e, openai_ft.APIUserAbortError) for e in outcome)
        assert not c.jobs.retrieve(job_id).is_terminal  # nothing left pending


def test_a_callback_may_use_its_own_client(slow_job: tuple[Emulator, str]) -> None:
    emu, job_id = slow_job
    with make_client(emu) as c:
        seen: list[str] = []

        def on_progress(job: openai_ft.Job, event: openai_ft.Event | None) -> None:
            seen.append(c.jobs.retrieve(job_id).id)  # on another C client of the pool
            raise StopIteration

        with pytest.raises(StopIteration):
            c.jobs.wait(job_id, on_progress=on_progress, poll_interval=0.1)
        assert seen == [job_id]
    with make_client(emu, pool_size=1) as c:
        # With one C client, busy with this very call, waiting would never end.
        def nested(job: openai_ft.Job, event: openai_ft.Event | None) -> None:
            c.jobs.retrieve(job_id)

        with pytest.raises(openai_ft.ConcurrentUseError, match="callback"):
            c.jobs.wait(job_id, on_progress=nested, poll_interval=0.1)
        assert c.jobs.retrieve(job_id).id == job_id


def test_the_gil_is_released_during_a_call(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--latency-ms", "1000", "--quiet")
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    with make_client(emu) as c:
        t = threading.Thread(target=count)
        t.start()
        time.sleep(0.05)
        before = ticks
        start = time.monotonic()
        c.models.list()  # a second in C
        during = ticks - before
        elapsed = time.monotonic() - start
        stop.set()
        t.join()
    assert elapsed >= 0.9
    assert during > 10_000  # the other thread ran the whole time
