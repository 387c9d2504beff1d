"""A wait's deadline bounds the whole call, whatever the server does.

jobs.wait and files.wait_for_processing with a 2 s deadline, against an
emulator that never answers, drips its answer a byte a second, answers 429
with Retry-After: 120, or resets the connection (its stall faults). Each
raises WaitTimeoutError saying which it was (a reset that uses up a file
retrieval's retries: APIConnectionError). The time is checked loosely only
(the deadline plus 5 s); README.md has the measured figures.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import openai_ft

from conftest import Emulator, EmulatorFactory, make_client

DEADLINE = 2.0
SLACK = 5.0

# (faults, what the message says)
STALLS: dict[str, tuple[dict[str, object], str]] = {
    "hang": ({"stall": "hang"}, "the server did not answer"),
    "drip": ({"stall": "drip"}, "the answer was still arriving"),
    "retry-after": (
        {"status": 429, "status_count": 1000000, "retry_after": 120},
        "the server asked to retry after 120 s",
    ),
    "reset": ({"stall": "reset"}, "reset"),
}


@pytest.fixture(scope="module")
def stalling(emu_factory: EmulatorFactory) -> Emulator:
    """An emulator of its own (its faults touch no other test), jobs of 10 minutes."""
    return emu_factory("--job-duration", "600")


@pytest.fixture(scope="module")
def running_job(stalling: Emulator, train_path: Path) -> str:
    with make_client(stalling) as c:
        f = c.files.upload(train_path)
        return c.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id).id


@pytest.fixture
def stall(stalling: Emulator, request: pytest.FixtureRequest) -> Iterator[str]:
    """Sets the stall named by the test's parameter; clears it afterwards."""
    faults, says = STALLS[request.param]
    stalling.faults(**faults)
    try:
        yield says
    finally:
        stalling.faults(stall="none", status=0, retry_after=0)


def client(emu: Emulator) -> openai_ft.Client:
    # the request timeout and retries of the reproducer: 20 s, 2
    return make_client(emu, timeout=20.0, max_retries=2)


@pytest.mark.parametrize("stall", list(STALLS), indirect=True)
def test_job_wait(stalling: Emulator, running_job: str, stall: str) -> None:
    with client(stalling) as c:
        start = time.monotonic()
        with pytest.raises(openai_ft.WaitTimeoutError) as info:
            c.jobs.wait(running_job, poll_interval=0.2, timeout=DEADLINE)
        took = time.monotonic() - start
    message = str(info.value)
    assert f"wait {running_job}: deadline of 2000 ms reached" in message
    assert stall in message
    assert took < DEADLINE + SLACK, message


@pytest.mark.parametrize("stall", list(STALLS), indirect=True)
def test_file_wait_for_processing(stalling: Emulator, stall: str) -> None:
    with client(stalling) as c:
        start = time.monotonic()
        with pytest.raises((openai_ft.WaitTimeoutError, openai_ft.APIConnectionError)) as info:
            c.files.wait_for_processing("file-deadline", poll_interval=0.2, timeout=DEADLINE)
        took = time.monotonic() - start
    message = str(info.value)
    if isinstance(info.value, openai_ft.WaitTimeoutError):
        assert "waiting for file file-deadline: deadline of 2000 ms reached" in message
    else:
        assert stall == "reset", message
    assert stall in message
    assert took < DEADLINE + SLACK, message
