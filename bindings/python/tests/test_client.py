"""The Client: its options and the OPENAI_* environment, as the C client reads them."""

from __future__ import annotations

import logging

import pytest

import openai_ft
from conftest import Emulator, make_client
from recording_server import recording_server


def test_environment_supplies_key_and_base_url(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", emulator.url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    with openai_ft.Client() as c:
        assert c.base_url == emulator.url
        assert c.models.list()


def test_arguments_win_over_the_environment(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    with openai_ft.Client(base_url=emulator.url + "/", api_key="sk-x") as c:
        assert c.base_url == emulator.url  # no trailing slash


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(openai_ft.InvalidArgumentError, match="api_key.*OPENAI_API_KEY"):
        openai_ft.Client(base_url="http://127.0.0.1:1/v1")
    # The reason is the library's oft_error_last(), with or without a log
    # callback: where it looked, the option and the variable.
    seen: list[str] = []
    with pytest.raises(
        openai_ft.InvalidArgumentError,
        match="api_key option is not set and OPENAI_API_KEY is unset or empty",
    ):
        openai_ft.Client(base_url="http://127.0.0.1:1/v1", log=lambda lv, m: seen.append(m))
    assert seen == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"base_url": "ftp://example.com/v1"}, "base_url"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": 0}, "timeout"),
        ({"connect_timeout": "5"}, "connect_timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"log_level": "loud"}, "log_level"),
        ({"default_headers": {"X-Bad": "a\nb"}}, "headers"),
        ({"api_key": "sk-\u0000"}, "api_key"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
        ({"organization": "org\u0000x"}, "organization"),
        ({"project": "\udcff"}, "project"),
    ],
)
def test_bad_options_are_refused_naming_the_option(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(openai_ft.InvalidArgumentError, match=field):
        openai_ft.Client(**{"api_key": "sk-x", **kwargs})  # type: ignore[arg-type]


def test_headers_organization_project_user_agent() -> None:
    with recording_server() as server:
        with openai_ft.Client(
            base_url=server.url,
            api_key="sk-secret",
            organization="org-123",
            project="proj_456",
            default_headers={"X-Custom": "yes"},
            user_agent_suffix="myapp/2.0",
        ) as c:
            c.models.list()
        (req,) = server.requests
    h = req.headers
    assert (req.method, req.path) == ("GET", "/v1/models")
    assert h["authorization"] == "Bearer sk-secret"
    assert h["openai-organization"] == "org-123" and h["openai-project"] == "proj_456"
    assert h["x-custom"] == "yes"
    assert h["user-agent"].startswith("libopenai_ft/") and h["user-agent"].endswith("myapp/2.0")


def test_environment_organization_project_admin_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-env")
    with recording_server() as server:
        with openai_ft.Client(base_url=server.url, api_key="sk-x") as c:
            c.models.list()
            assert list(c.permissions.list("ckpt")) == []
        models, perms = server.requests
    assert models.headers["openai-organization"] == "org-env"
    assert models.headers["openai-project"] == "proj_env"
    assert models.headers["authorization"] == "Bearer sk-x"
    assert perms.headers["authorization"] == "Bearer sk-admin-env"


def test_idempotency_keys_on_posts() -> None:
    with recording_server() as server:
        with openai_ft.Client(base_url=server.url, api_key="sk-x", idempotency_keys=True,
                              max_retries=0) as c:
            with pytest.raises(openai_ft.NotFoundError):
                c.jobs.cancel("ftjob-1")
        (req,) = server.requests
    assert req.method == "POST" and req.headers.get("idempotency-key")


def test_log_callback_and_level(emulator: Emulator) -> None:
    lines: list[tuple[int, str]] = []
    with make_client(emulator, api_key="sk-do-not-log", log=lambda lv, m: lines.append((lv, m)),
                     log_level="debug") as c:
        c.models.list()
    assert any(lv == 4 and "GET " in m and "/models -> 200" in m for lv, m in lines)
    assert not any("sk-do-not-log" in m for _, m in lines)
    quiet: list[tuple[int, str]] = []
    with make_client(emulator, log=lambda lv, m: quiet.append((lv, m)), log_level="off") as c:
        c.models.list()
    assert quiet == []


def test_without_a_callback_lines_go_to_the_logger(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="openai_ft"):
        with make_client(emulator, log_level="debug") as c:
            c.models.list()
    assert any(r.name == "openai_ft" and "/models -> 200" in r.getMessage() for r in caplog.records)


def test_log_level_from_openai_log(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_LOG", "debug")
    lines: list[str] = []
    with make_client(emulator, log=lambda lv, m: lines.append(m)) as c:
        c.models.list()
    assert any("/models -> 200" in m for m in lines)


def test_a_raising_log_callback_is_raised_by_the_call(emulator: Emulator) -> None:
    def boom(level: int, message: str) -> None:
        raise LookupError("from the log callback")

    with make_client(emulator, log=boom, log_level="debug") as c:
        with pytest.raises(LookupError):
            c.models.list()
        c._log = None
        assert c.models.list()


def test_max_response_bytes(emulator: Emulator) -> None:
    with make_client(emulator, max_response_bytes=64) as c:
        with pytest.raises(openai_ft.APIResponseValidationError, match="larger than 64"):
            c.models.list()


def test_close_and_context_manager(emulator: Emulator) -> None:
    c = make_client(emulator)
    with c:
        assert not c.closed
    assert c.closed
    c.close()  # idempotent
    with pytest.raises(openai_ft.OpenAIFTError, match="closed"):
        c.models.list()


def test_close_frees_open_iterators(emulator: Emulator, finished_job: openai_ft.Job) -> None:
    c = make_client(emulator)
    events = c.jobs.list_events(finished_job.id, limit=2)
    assert next(events).id
    c.close()
    assert list(events) == []


def test_library_version_matches_the_package() -> None:
    assert openai_ft.library_version() == openai_ft.__version__


def test_base_url_without_v1_hint(emulator: Emulator) -> None:
    # The library's message carries the hint: no binding needs its own.
    root = emulator.url[: -len("/v1")]
    with openai_ft.Client(base_url=root, api_key="sk-x") as c:
        with pytest.raises(openai_ft.NotFoundError) as info:
            c.jobs.retrieve("ftjob-abc")
    assert f"hint: the base URL {root} has no /v1 path; try {root}/v1" in str(info.value)
