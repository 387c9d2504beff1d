"""Ctrl-C (SIGINT, sent from another thread) during a wait, a request and a
callback: the C call is interrupted and KeyboardInterrupt raised promptly; the
client is usable afterwards and no interrupt is left over for the next call."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import openai_ft
from conftest import Emulator, EmulatorFactory, make_client

MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture
def slow(emu_factory: EmulatorFactory, train_path: Path) -> tuple[Emulator, str]:
    """An emulator of its own whose jobs run for 2 minutes, and one such job."""
    emu = emu_factory("--job-duration", "120")
    with make_client(emu) as c:
        job = c.jobs.create(model=MODEL, training_file=c.files.upload(train_path).id)
        return emu, job.id


@pytest.fixture
def sigint_in() -> Iterator[Callable[[float], None]]:
    """sigint_in(s): another thread sends this process SIGINT s seconds from now."""
    timers: list[threading.Timer] = []

    def arm(seconds: float) -> None:
        t = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGINT))
        timers.append(t)
        t.start()

    yield arm
    for t in timers:
        t.cancel()
        t.join()


def test_ctrl_c_during_a_wait(
    slow: tuple[Emulator, str], sigint_in: Callable[[float], None]
) -> None:
    emu, job_id = slow
    with make_client(emu) as c:
        sigint_in(0.5)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            c.jobs.wait(job_id, poll_interval=60, timeout=90)  # would sleep a minute
        assert time.monotonic() - start < 10
        # Nothing left over: the next calls run (a cancel after Ctrl-C, say).
        start = time.monotonic()
        assert not c.jobs.retrieve(job_id).is_terminal
        assert c.jobs.cancel(job_id).status == "cancelled"
        assert time.monotonic() - start < 5


def test_ctrl_c_during_a_request(
    emu_factory: EmulatorFactory, sigint_in: Callable[[float], None]
) -> None:
    emu = emu_factory("--latency-ms", "30000", "--quiet")
    with make_client(emu) as c:
        sigint_in(0.5)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            c.models.list()  # would take 30 s
        assert time.monotonic() - start < 10


def sleep_recorded(asleep: list[float]) -> None:
    """Sleeps 30 s (a callback that does not return), recording in asleep how
    long it really slept: a Ctrl-C should cut it short."""
    start = time.monotonic()
    try:
        time.sleep(30)
    finally:
        asleep.append(time.monotonic() - start)


def test_ctrl_c_during_a_callback(
    slow: tuple[Emulator, str], sigint_in: Callable[[float], None]
) -> None:
    emu, job_id = slow
    calls = 0
    asleep: list[float] = []

    def slow_callback(job: openai_ft.Job, event: openai_ft.Event | None) -> None:
        nonlocal calls
        calls += 1
        sleep_recorded(asleep)

    with make_client(emu) as c:
        sigint_in(0.5)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            # timeout: a Ctrl-C lost fails the test rather than waiting for the job
            c.jobs.wait(job_id, on_progress=slow_callback, poll_interval=0.1, timeout=60)
        assert asleep and asleep[0] < 25, f"the callback slept {asleep} s through its Ctrl-C"
        assert time.monotonic() - start < 10 and calls == 1
        assert c.jobs.retrieve(job_id).id == job_id


def test_ctrl_c_caught_by_another_thread_during_a_callback(
    slow: tuple[Emulator, str],
) -> None:
    # The kernel may hand a process's SIGINT to any of its threads (to the
    # one that sent it, say); Python's handler then runs only as the main
    # thread next runs Python code, which a callback blocked in time.sleep
    # does not do for 30 s. Here the sending thread catches it itself.
    emu, job_id = slow
    asleep: list[float] = []
    sender: list[threading.Thread] = []
    sent = threading.Event()

    def send_to_itself() -> None:
        time.sleep(0.5)  # the callback is asleep by then
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        sent.set()

    def slow_callback(job: openai_ft.Job, event: openai_ft.Event | None) -> None:
        if not sender:
            sender.append(threading.Thread(target=send_to_itself, daemon=True))
            sender[0].start()
        sleep_recorded(asleep)

    with make_client(emu) as c:
        with pytest.raises(KeyboardInterrupt):
            c.jobs.wait(job_id, on_progress=slow_callback, poll_interval=0.1, timeout=60)
        assert sent.is_set()
        assert asleep and asleep[0] < 25, (
            f"the callback slept {asleep} s through the Ctrl-C another thread caught")
        assert c.jobs.retrieve(job_id).id == job_id


def test_ctrl_c_before_the_wakeup_fd_is_set_stops_the_call_before_it_sends(
    emu_factory: EmulatorFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A SIGINT caught after our handler is in place but before the wake-up fd
    # is ours writes no byte for the watcher: the handler itself must stop
    # the call, which then sends nothing (else it ran its course: 30 s here).
    emu = emu_factory("--latency-ms", "30000", "--quiet")
    real = signal.set_wakeup_fd

    def set_wakeup_fd(fd: int, **kwargs: bool) -> int:
        if fd != -1 and signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        return real(fd, **kwargs)

    with make_client(emu) as c:
        before = len(emu.requests())
        monkeypatch.setattr(signal, "set_wakeup_fd", set_wakeup_fd)
        with pytest.raises(KeyboardInterrupt):
            c.models.list()
        monkeypatch.undo()
        assert len(emu.requests()) == before, "the interrupted call sent its request"
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.set_wakeup_fd(-1) == -1


def test_ctrl_c_during_a_page_fetch(
    emu_factory: EmulatorFactory, sigint_in: Callable[[float], None]
) -> None:
    emu = emu_factory("--latency-ms", "30000", "--quiet")
    with make_client(emu) as c:
        jobs = c.jobs.list()  # the first release's lazy Pager: its first next() fetches
        sigint_in(0.5)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            next(jobs)
        assert time.monotonic() - start < 10
        sigint_in(0.5)  # an SDK page is fetched by list() itself
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            c.files.list()
        assert time.monotonic() - start < 10


def test_ctrl_c_during_a_long_iteration(
    emulator: Emulator, finished_job: openai_ft.Job, sigint_in: Callable[[float], None]
) -> None:
    # Items come out of a fetched page with no C call and no signal handling
    # of their own: a Ctrl-C lands in the loop's Python code as usual, or in a
    # page fetch, and stops the iteration at once either way.
    with make_client(emulator) as c:
        sigint_in(0.5)
        start = time.monotonic()
        seen = 0
        with pytest.raises(KeyboardInterrupt):
            while time.monotonic() - start < 60:
                for _ in c.jobs.list_events(finished_job.id, limit=2):
                    seen += 1
        assert time.monotonic() - start < 10 and seen > 0
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
        assert signal.set_wakeup_fd(-1) == -1
        assert c.jobs.retrieve(finished_job.id).id == finished_job.id


def test_an_interrupt_with_no_call_running_stops_no_later_call(
    slow: tuple[Emulator, str],
) -> None:
    emu, job_id = slow
    with make_client(emu, pool_size=2) as c:
        c.interrupt()  # nothing under way: nothing to stop, nothing left pending
        assert c.jobs.retrieve(job_id).id == job_id
        assert c.fine_tuning.jobs.retrieve(job_id).id == job_id


def test_a_late_interrupt_does_not_outlive_its_call(slow: tuple[Emulator, str]) -> None:
    # An interrupt that reaches a C client as its call is returning (a Ctrl-C,
    # a cancelled task, client.interrupt() from another thread) is dropped as
    # the C client goes back to the pool, without a request.
    emu, job_id = slow
    with make_client(emu) as c:
        before = len(emu.requests())
        with c._calling() as call:
            c.lib.oft_client_interrupt(call.ptr)  # after the C call: pending
        assert len(emu.requests()) == before
        assert c.jobs.retrieve(job_id).id == job_id


def test_another_wakeup_fd_still_gets_the_signal_and_is_restored(
    emu_factory: EmulatorFactory, sigint_in: Callable[[float], None]
) -> None:
    emu = emu_factory("--latency-ms", "30000", "--quiet")
    r, w = socket.socketpair()
    w.setblocking(False)
    previous = signal.set_wakeup_fd(w.fileno())
    try:
        with make_client(emu) as c:
            sigint_in(0.5)
            with pytest.raises(KeyboardInterrupt):
                c.models.list()
        assert signal.set_wakeup_fd(w.fileno()) == w.fileno()  # ours again
        r.settimeout(5)
        assert signal.SIGINT in r.recv(16)  # forwarded by the watcher
    finally:
        signal.set_wakeup_fd(previous)
        r.close()
        w.close()
