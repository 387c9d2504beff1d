"""Each exception class, produced on purpose through the real path, with the
fields it carries (status, type, code, param, message, request id)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import openai_ft
from conftest import Emulator, EmulatorFactory, make_client

MODEL = "gpt-4o-mini-2024-07-18"


@pytest.fixture(scope="module")
def job_id(emulator: Emulator, train_path: Path) -> str:
    with make_client(emulator) as c:
        job = c.jobs.create(model=MODEL, training_file=c.files.upload(train_path).id)
        return job.id


def test_bad_request(client: openai_ft.Client, train_path: Path) -> None:
    f = client.files.upload(train_path)
    with pytest.raises(openai_ft.BadRequestError) as info:
        client.jobs.create(model="gpt-nonexistent", training_file=f.id)
    e = info.value
    assert e.status_code == 400 and e.code == "model_not_available" and e.param == "model"
    assert e.type == "invalid_request_error" and e.request_id and "gpt-nonexistent" in e.message
    assert isinstance(e, openai_ft.APIStatusError) and isinstance(e, openai_ft.APIError)


def test_authentication(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--api-key", "sk-right", "--quiet")
    with openai_ft.Client(base_url=emu.url, api_key="sk-wrong-key") as c:
        with pytest.raises(openai_ft.AuthenticationError) as info:
            c.models.list()
    e = info.value
    assert e.status_code == 401 and e.code == "invalid_api_key" and e.request_id
    assert "sk-wrong-key" not in str(e) and "sk-wrong-key" not in repr(e.body)


def test_permission_denied_and_not_found(client: openai_ft.Client) -> None:
    with pytest.raises(openai_ft.PermissionDeniedError) as denied:
        client.models.delete(MODEL)
    assert denied.value.status_code == 403
    with pytest.raises(openai_ft.NotFoundError) as missing:
        client.files.retrieve("file-missing")
    assert missing.value.status_code == 404 and missing.value.request_id


def test_conflict(emulator: Emulator, finished_job: openai_ft.Job) -> None:
    # 409 is retried by default (a lock timeout, the SDKs say): no retries here.
    with make_client(emulator, max_retries=0) as c:
        with pytest.raises(openai_ft.ConflictError) as info:
            c.jobs.cancel(finished_job.id)
    e = info.value
    assert e.status_code == 409 and e.code == "job_already_ended" and "succeeded" in e.message


def test_rate_limit_with_retry_after(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--rate-limit", "2", "--quiet")
    with make_client(emu, max_retries=0) as c:
        with pytest.raises(openai_ft.RateLimitError) as info:
            for _ in range(20):
                c.models.list()
    e = info.value
    assert e.status_code == 429 and e.code == "rate_limit_exceeded" and e.type == "requests"
    assert e.retry_after is not None and 0 < e.retry_after <= 1.0
    assert e.request_id


def test_rate_limit_absorbed_by_retries_honouring_retry_after(
    emu_factory: EmulatorFactory,
) -> None:
    emu = emu_factory("--rate-limit", "3", "--quiet")
    lines: list[str] = []
    with make_client(emu, max_retries=5, log=lambda level, m: lines.append(m), log_level="info") as c:
        for _ in range(8):
            assert c.models.list()
    retries = [m for m in lines if "retrying" in m and "429" in m]
    assert retries, lines


def test_server_error_after_the_retries(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--fail-rate", "1")
    with make_client(emu, max_retries=2, initial_retry_delay=0.01, max_retry_delay=0.02) as c:
        with pytest.raises(openai_ft.InternalServerError) as info:
            c.models.list()
    assert info.value.status_code == 500 and info.value.type == "server_error"
    assert emu.count("GET", "/v1/models", 500) == 3  # the first attempt and 2 retries


def test_server_errors_absorbed_by_retries(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--fail-rate", "0.4")
    lines: list[str] = []
    with make_client(
        emu, max_retries=20, initial_retry_delay=0.001, max_retry_delay=0.005,
        log=lambda level, m: lines.append(m), log_level="info",
    ) as c:
        for _ in range(30):
            assert c.models.list()
    failed = emu.count("GET", "/v1/models", 500)
    assert failed > 0
    assert len([m for m in lines if "retrying" in m]) == failed


def test_connection_error() -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with openai_ft.Client(base_url=f"http://127.0.0.1:{port}/v1", api_key="sk-x", max_retries=0) as c:
        with pytest.raises(openai_ft.APIConnectionError) as info:
            c.models.list()
    e = info.value
    assert not isinstance(e, openai_ft.APITimeoutError)
    assert e.status_code is None and e.curl_code != 0 and str(port) in e.message


def test_timeout(emu_factory: EmulatorFactory) -> None:
    emu = emu_factory("--latency-ms", "3000", "--quiet")
    with make_client(emu, timeout=0.3, max_retries=0) as c:
        with pytest.raises(openai_ft.APITimeoutError) as info:
            c.models.list()
    assert isinstance(info.value, openai_ft.APIConnectionError)
    assert info.value.status_code is None


class _HtmlHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>a captive portal</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def html_server() -> Iterator[str]:
    """An HTTP server that is not the API: every answer is a 200 HTML page."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HtmlHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_response_validation(html_server: str) -> None:
    with openai_ft.Client(base_url=html_server, api_key="sk-x") as c:
        with pytest.raises(openai_ft.APIResponseValidationError, match="text/html"):
            c.jobs.retrieve("ftjob-1")


def test_interrupt_from_another_thread_is_user_abort(
    emu_factory: EmulatorFactory,
) -> None:
    emu = emu_factory("--latency-ms", "5000", "--quiet")
    with make_client(emu) as c:
        timer = threading.Timer(0.3, c.interrupt)
        timer.start()
        with pytest.raises(openai_ft.APIUserAbortError, match="interrupted"):
            c.models.list()
        timer.join()


@pytest.fixture(scope="module")
def faulty(emu_factory: EmulatorFactory) -> Emulator:
    """An emulator of this module's own, whose faults the tests set at run time."""
    return emu_factory("--quiet")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, openai_ft.BadRequestError),
        (401, openai_ft.AuthenticationError),
        (403, openai_ft.PermissionDeniedError),
        (404, openai_ft.NotFoundError),
        (409, openai_ft.ConflictError),
        (422, openai_ft.UnprocessableEntityError),
        (429, openai_ft.RateLimitError),
        (500, openai_ft.InternalServerError),
        (503, openai_ft.InternalServerError),
        (418, openai_ft.APIStatusError),
    ],
)
def test_each_status_is_the_sdks_class(
    faulty: Emulator, status: int, cls: type[openai_ft.APIStatusError]
) -> None:
    faulty.faults(status=status, status_count=1)
    with make_client(faulty, max_retries=0) as c:
        with pytest.raises(openai_ft.APIStatusError) as info:
            c.models.list()
        assert c.models.list()  # only the next request was answered so
    e = info.value
    assert type(e) is cls and e.status_code == status
    assert e.request_id and e.request_id.startswith("req_") and e.message
    assert e.type and isinstance(e.body, dict) and e.body["type"] == e.type
    assert e.oft_status < 0


def test_a_5xx_absorbed_by_the_retries(faulty: Emulator) -> None:
    before = len(faulty.requests())
    faulty.faults(status=503, status_count=2)
    with make_client(faulty, max_retries=2, initial_retry_delay=0.01) as c:
        assert c.models.list()
    assert [r["status"] for r in faulty.requests()[before:]] == [503, 503, 200]


def test_a_429_with_retry_after(faulty: Emulator) -> None:
    faulty.faults(status=429, status_count=1)
    with make_client(faulty, max_retries=0) as c:
        with pytest.raises(openai_ft.RateLimitError) as info:
            c.models.list()
    assert info.value.retry_after is not None and 0 < info.value.retry_after <= 1.0
    before = len(faulty.requests())
    faulty.faults(status=429, status_count=1)
    with make_client(faulty) as c:  # the default retries wait as Retry-After says
        assert c.models.list()
    assert [r["status"] for r in faulty.requests()[before:]] == [429, 200]
