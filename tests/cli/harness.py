"""What the CLI process tests share: the programs under test, the emulator and
a scripted fake API, running openai-ft (plain, or with its terminal a
pseudo-terminal of a given size), and stopping every process started.

Configured by test_cli.py from its arguments: OPENAI_FT OPENAI_FT_EMULATOR
DATA_DIR [BUILD_DIR]. Under `meson test --setup=valgrind`
(OFT_UNDER_VALGRIND=1) each openai-ft run goes through valgrind.
"""
from __future__ import annotations

import fcntl
import http.server
import json
import os
import pty
import re
import select
import signal
import ssl
import struct
import subprocess
import termios
import threading
import time
import unittest
from typing import Any, Callable, Dict, List, Optional, Tuple

CLI = EMU = DATA = BUILD = ""
TRAIN = BAD = ""
MODEL = "gpt-4o-mini-2024-07-18"
VALGRIND = os.environ.get("OFT_UNDER_VALGRIND") == "1"
# generous: only a hang ever reaches them (no timed assertions)
SLOW = 10 if VALGRIND else 1
PROC_TIMEOUT = 120 * SLOW

started: List[subprocess.Popen] = []  # every process we start, stopped in stop_all()


def configure(cli: str, emu: str, data: str, build: str) -> None:
    global CLI, EMU, DATA, BUILD, TRAIN, BAD
    CLI, EMU, DATA = os.path.abspath(cli), os.path.abspath(emu), os.path.abspath(data)
    BUILD = os.path.abspath(build) if build else ""
    TRAIN = os.path.join(DATA, "train.jsonl")
    BAD = os.path.join(DATA, "bad.jsonl")


def stop(p: subprocess.Popen) -> None:
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=10 * SLOW)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    for stream in (p.stdout, p.stderr):
        if stream is not None:
            stream.close()


def stop_all() -> None:
    for p in started:
        stop(p)


class Emulator:
    def __init__(self, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [EMU, "--port", "0", "--quiet", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        started.append(self.proc)
        line = self.proc.stdout.readline().strip() if self.proc.stdout else ""
        if not line.startswith("listening on "):
            stop(self.proc)
            raise RuntimeError("emulator did not start: %r" % line)
        self.url = line[len("listening on "):]

    def stop(self) -> None:
        stop(self.proc)


Route = Callable[[http.server.BaseHTTPRequestHandler],
                 Optional[Tuple[int, Dict[str, str], Any]]]


class FakeApi:
    """A tiny scripted API server for what the emulator cannot produce
    (hostile strings, a long Retry-After, a stalled transfer, TLS).
    routes: {(method, path): fn(handler) -> (status, headers, body) or None}.
    Every request is recorded as (method, path) in self.seen."""

    def __init__(self, routes: Dict[Tuple[str, str], Route],
                 tls: Optional[Tuple[str, str]] = None) -> None:
        self.routes, self.seen = routes, []  # type: ignore[var-annotated]
        self.release = threading.Event()  # ends stalled handlers
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def handle_one(self, method: str) -> None:
                path = self.path.split("?", 1)[0]
                fake.seen.append((method, path))
                fn = fake.routes.get((method, path))
                res = fn(self) if fn else (404, {}, {"error": {
                    "message": "no route", "type": "invalid_request_error"}})
                if res is None:  # the route handled the connection itself
                    self.close_connection = True
                    return
                status, headers, body = res
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-request-id", "req_fake1")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self.handle_one("GET")

            def do_DELETE(self) -> None:
                self.handle_one("DELETE")

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                if n and n < (1 << 20):
                    self.rfile.read(n)
                self.handle_one("POST")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        scheme = "http"
        if tls is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.url = "%s://127.0.0.1:%d/v1" % (scheme, self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# A fine_tuned_model that retitles the terminal and turns the text red, and
# C1 controls (U+009B is CSI on some terminals).
HOSTILE = "x\u001b]0;pwned\u0007\u001b[31mRED\u009b31m\u007f"


def fake_job(**kw: Any) -> Dict[str, Any]:
    job = {"object": "fine_tuning.job", "id": "ftjob-x", "model": MODEL,
           "created_at": 1700000000, "finished_at": 1700000100, "status": "succeeded",
           "fine_tuned_model": HOSTILE, "organization_id": "org-x", "result_files": [],
           "training_file": "file-a", "validation_file": None, "hyperparameters":
           {"n_epochs": 1, "batch_size": 1, "learning_rate_multiplier": 1.0},
           "trained_tokens": 10, "error": None, "seed": 1}
    job.update(kw)
    return job


def running_job_routes(job_id: str = "ftjob-live") -> Dict[Tuple[str, str], Route]:
    """A job that keeps running (started 5 minutes ago, 10 minutes left) with a
    metrics event: the live view's longest line."""
    now = int(time.time())
    job = fake_job(id=job_id, status="running", finished_at=None,
                   fine_tuned_model=None, created_at=now - 300,
                   estimated_finish=now + 600,
                   hyperparameters={"n_epochs": 3, "batch_size": 1,
                                    "learning_rate_multiplier": 1.0})
    events = {"object": "list", "has_more": False, "data": [
        {"object": "fine_tuning.job.event", "id": "ftevent-2", "created_at": now - 10,
         "level": "info", "type": "metrics", "message": "Step 10/90: training loss=0.50",
         "data": {"step": 10, "total_steps": 90, "train_loss": 0.5}},
        {"object": "fine_tuning.job.event", "id": "ftevent-1", "created_at": now - 290,
         "level": "info", "type": "message", "message": "Fine-tuning job started",
         "data": {}}]}
    return {("GET", "/v1/fine_tuning/jobs/" + job_id): lambda h: (200, {}, job),
            ("GET", "/v1/fine_tuning/jobs/%s/events" % job_id):
                lambda h: (200, {}, events)}


def train_bytes() -> bytes:
    with open(TRAIN, "rb") as f:
        return f.read()


def wrap(args: List[str]) -> List[str]:
    if VALGRIND:
        return ["valgrind", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect",
                "--error-exitcode=99", "--quiet", CLI, *args]
    return [CLI, *args]


def env_for(emu: Any, key: Optional[str] = "sk-test-key", **extra: str) -> Dict[str, str]:
    env = dict(os.environ)
    for k in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_ADMIN_KEY", "OPENAI_ORG_ID",
              "OPENAI_PROJECT_ID", "OPENAI_LOG", "NO_COLOR", "SSL_CERT_FILE",
              "SSL_CERT_DIR", "COLUMNS"):
        env.pop(k, None)
    if emu is not None:
        env["OPENAI_BASE_URL"] = emu.url
    if key is not None:
        env["OPENAI_API_KEY"] = key
    env.update(extra)
    return env


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> Any:
        return json.loads(self.out)


def check_sanitizers(test: unittest.TestCase, err: str) -> None:
    for marker in ("AddressSanitizer", "LeakSanitizer", "runtime error:", "==ERROR"):
        test.assertNotIn(marker, err)


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def redrawn(tty: str) -> List[str]:
    """The lines drawn in place ("\\r...") on a terminal, without escapes."""
    parts = []
    for line in tty.split("\r\n"):
        parts += [ANSI.sub("", p) for p in line.split("\r")[1:]]
    return [p for p in parts if p]


def set_size(fd: int, cols: int, rows: int = 24) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Tty:
    """openai-ft with stderr (and stdin when asked) on a pseudo-terminal of
    `cols` columns. A thread collects what the terminal shows, with times."""

    def __init__(self, args: List[str], env: Dict[str, str], cols: int = 80,
                 stdin_tty: bool = False, stdout_tty: bool = False) -> None:
        self.master, slave = pty.openpty()
        set_size(slave, cols)
        self.proc = subprocess.Popen(
            wrap(args), stdout=slave if stdout_tty else subprocess.PIPE, stderr=slave,
            stdin=slave if stdin_tty else subprocess.DEVNULL, env=env)
        started.append(self.proc)
        os.close(slave)
        self.chunks: List[Tuple[float, bytes]] = []
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], PROC_TIMEOUT)
            if not ready:
                return
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not data:
                return
            with self.lock:
                self.chunks.append((time.monotonic(), data))

    def text(self, since: float = 0.0) -> str:
        with self.lock:
            data = b"".join(d for t, d in self.chunks if t >= since)
        return data.decode("utf-8", "replace")

    def wait_for(self, needle: str, test: unittest.TestCase) -> None:
        deadline = time.monotonic() + PROC_TIMEOUT
        while needle not in self.text():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                test.fail("never saw %r on the terminal: %r" % (needle, self.text()))
            time.sleep(0.05)

    def type(self, s: str) -> None:
        os.write(self.master, s.encode())

    def resize(self, cols: int) -> None:
        set_size(self.master, cols)
        self.proc.send_signal(signal.SIGWINCH)

    def finish(self, test: unittest.TestCase) -> Tuple[int, str, str]:
        out = self.proc.stdout.read().decode() if self.proc.stdout else ""
        self.proc.wait(timeout=PROC_TIMEOUT)
        self.reader.join(PROC_TIMEOUT)
        os.close(self.master)
        tty = self.text()
        check_sanitizers(test, tty)
        return self.proc.returncode, out, tty


class CliCase(unittest.TestCase):
    """Starts a fast emulator (jobs of 2 s) and a slow one (600 s) per class."""
    emu: Emulator
    slow: Emulator

    @classmethod
    def setUpClass(cls) -> None:
        cls.emu = Emulator("--job-duration", "2")
        # jobs here take long enough to be interrupted, paused or timed out
        cls.slow = Emulator("--job-duration", "600")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.emu.stop()
        cls.slow.stop()

    def run_cli(self, *args: str, emu: Any = None, expect: Optional[int] = 0,
                env: Optional[Dict[str, str]] = None, key: Optional[str] = "sk-test-key",
                stdin: Any = subprocess.DEVNULL, input: Optional[bytes] = None,
                cwd: Optional[str] = None) -> Result:
        env = env or env_for(emu or self.emu, key=key)
        p = subprocess.run(wrap(list(args)), capture_output=True, env=env, cwd=cwd,
                           timeout=PROC_TIMEOUT, stdin=None if input is not None else stdin,
                           input=input)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        check_sanitizers(self, err)
        if expect is not None:
            self.assertEqual(p.returncode, expect,
                             "openai-ft %s\nstdout: %s\nstderr: %s" % (" ".join(args),
                                                                      out, err))
        return Result(p.returncode, out, err)

    def popen_cli(self, *args: str, emu: Any = None,
                  env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
        p = subprocess.Popen(wrap(list(args)), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                             env=env or env_for(emu or self.emu))
        started.append(p)
        return p

    def wait_for_line(self, stream: Any, needle: str) -> str:
        lines = []
        for line in stream:
            lines.append(line)
            if needle in line:
                return "".join(lines)
        self.fail("never saw %r in: %s" % (needle, "".join(lines)))

    def create_job(self, emu: Emulator, path: str = "") -> str:
        f = self.run_cli("--json", "files", "upload", path or TRAIN, emu=emu).json()
        job = self.run_cli("--json", "jobs", "create", "--model", MODEL,
                           "--training-file", f["id"], emu=emu).json()
        self.assertEqual(job["object"], "fine_tuning.job")
        return job["id"]
