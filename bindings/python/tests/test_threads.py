"""Threads: many clients at once; one client refused to a second thread (and to
its own callbacks) with a clear error; the GIL released during C calls."""

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


def test_a_second_thread_is_refused(slow_job: tuple[Emulator, str]) -> None:
    emu, job_id = slow_job
    inside = threading.Event()
    release = threading.Event()
    outcome: list[BaseException] = []

    class Done(Exception):
        pass

    with make_client(emu) as c:

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
        with pytest.raises(openai_ft.ConcurrentUseError, match="the-waiter.*one thread at a time"):
            c.jobs.retrieve(job_id)
        with pytest.raises(openai_ft.ConcurrentUseError):
            c.close()
        release.set()
        t.join(30)
        assert len(outcome) == 1 and isinstance(outcome[0], Done)
        assert not c.jobs.retrieve(job_id).is_terminal  # free again


def test_a_callback_using_its_own_client_is_refused(slow_job: tuple[Emulator, str]) -> None:
    emu, job_id = slow_job
    with make_client(emu) as c:

        def on_progress(job: openai_ft.Job, event: openai_ft.Event | None) -> None:
            c.jobs.retrieve(job_id)

        with pytest.raises(openai_ft.ConcurrentUseError, match="callback"):
            c.jobs.wait(job_id, on_progress=on_progress, poll_interval=0.1)
        # Another client is fine from inside a callback.
        with make_client(emu) as other:
            seen: list[str] = []

            def nested(job: openai_ft.Job, event: openai_ft.Event | None) -> None:
                seen.append(other.jobs.retrieve(job_id).id)
                raise StopIteration

            with pytest.raises(StopIteration):
                c.jobs.wait(job_id, on_progress=nested, poll_interval=0.1)
            assert seen == [job_id]


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
