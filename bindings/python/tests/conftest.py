"""Fixtures: openai-ft-emulator processes (started here, stopped by PID), clients
on them, training data, and a job that has finished.

The suite needs OFT_EMULATOR (the openai-ft-emulator binary) and a library the
package can load (scripts/test-python sets OPENAI_FT_LIBRARY to the build's).
"""

from __future__ import annotations

import faulthandler
import json
import os
import select
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import openai_ft

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "examples" / "data"


# A test still running after this long has hung (the slowest take seconds):
# every thread's traceback goes to stderr and the run ends with a failure,
# rather than the suite waiting for ever.
TEST_DEADLINE_S = 600


@pytest.fixture(autouse=True)
def hang_watchdog() -> Iterator[None]:
    faulthandler.dump_traceback_later(TEST_DEADLINE_S, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def pytest_configure(config: pytest.Config) -> None:
    # Most suites exercise the first release's names on purpose (they stay for
    # one release); test_sdk_surface.py checks that each one warns.
    for name in ("openai_ft.Client", "client.jobs", "client.permissions", "client.graders",
                 "files.upload", "files.download", "wait_for_processing"):
        config.addinivalue_line(
            "filterwarnings", f"ignore:{name}.* is deprecated:DeprecationWarning")


def emulator_binary() -> str:
    path = os.environ.get("OFT_EMULATOR")
    if not path or not os.access(path, os.X_OK):
        raise RuntimeError(
            f"OFT_EMULATOR={path!r}: set it to the openai-ft-emulator binary "
            "(scripts/test-python does)"
        )
    return path


@dataclass
class Emulator:
    """One openai-ft-emulator process; `log` reads its request log (stderr)."""

    url: str
    proc: subprocess.Popen[bytes]
    log_path: Path
    args: tuple[str, ...] = field(default=())
    terminated: bool = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log(self) -> str:
        return self.log_path.read_text()

    def control(self, method: str, path: str, body: dict[str, object] | None = None) -> Any:
        """A call of the emulator's control API (/_emulator/PATH), its JSON answer."""
        req = urllib.request.Request(
            self.url.removesuffix("/v1") + "/_emulator/" + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"null")

    def requests(self) -> list[dict[str, Any]]:
        """The API requests it answered, oldest first (method, path without query, status...)."""
        data: list[dict[str, Any]] = self.control("GET", "requests?since=0")["data"]
        return data

    def count(self, method: str, path: str, status: int | None = None) -> int:
        return sum(
            1 for r in self.requests()
            if r["method"] == method and r["path"] == path
            and (status is None or r["status"] == status)
        )

    def faults(self, **faults: object) -> None:
        """Sets fault injection at run time (fail_rate, rate_limit, latency_ms, status, status_count)."""
        self.control("POST", "faults", faults)

    def terminate(self) -> None:
        if self.proc.poll() is None and not self.terminated:
            os.kill(self.pid, signal.SIGTERM)
            self.terminated = True

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited 10 s later (it lets
        requests in flight finish, up to 5 s)."""
        self.terminate()
        if self.proc.poll() is None:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()


def start_emulator(tmp: Path, *args: str) -> Emulator:
    """Starts the binary on a free port and waits for its `listening on URL` line."""
    log_path = tmp / f"emulator-{time.monotonic_ns()}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [emulator_binary(), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=log,
        )
    emu = Emulator(url="", proc=proc, log_path=log_path, args=args)
    assert proc.stdout is not None
    deadline = time.monotonic() + 20
    line = b""
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 256)
            if not chunk:
                break
            line += chunk
    if not line.startswith(b"listening on "):
        emu.stop()
        raise RuntimeError(f"emulator did not start: {line!r}\n{log_path.read_text()}")
    emu.url = line.split(b"\n")[0][len(b"listening on ") :].decode()
    return emu


EmulatorFactory = Callable[..., Emulator]


@pytest.fixture(scope="session")
def emu_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorFactory]:
    started: list[Emulator] = []
    tmp = tmp_path_factory.mktemp("emulators")

    def factory(*args: str) -> Emulator:
        emu = start_emulator(tmp, *args)
        started.append(emu)
        return emu

    try:
        yield factory
    finally:
        for emu in started:  # all at once: each may take seconds to drain
            emu.terminate()
        for emu in started:
            emu.stop()


@pytest.fixture(scope="session")
def emulator(emu_factory: EmulatorFactory) -> Emulator:
    """The shared emulator: jobs take 2 s."""
    return emu_factory("--job-duration", "2")


def make_client(emu: Emulator, **kwargs: object) -> openai_ft.Client:
    opts: dict[str, object] = {"base_url": emu.url, "api_key": "sk-test"}
    opts.update(kwargs)
    return openai_ft.Client(**opts)  # type: ignore[arg-type]


@pytest.fixture
def client(emulator: Emulator) -> Iterator[openai_ft.Client]:
    with make_client(emulator) as c:
        yield c


@pytest.fixture(scope="session")
def train_path() -> Path:
    return DATA / "train.jsonl"


@pytest.fixture(scope="session")
def bad_path() -> Path:
    return DATA / "bad.jsonl"


@pytest.fixture(scope="session")
def finished_job(emulator: Emulator, train_path: Path) -> openai_ft.Job:
    """A job of the shared emulator that has succeeded."""
    with make_client(emulator) as c:
        f = c.files.upload(train_path)
        job = c.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=f.id, suffix="done")
        return c.jobs.wait(job.id, poll_interval=0.1, timeout=60)
